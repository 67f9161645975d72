"""Which pages are official, and the sources a flow or catalog cites: the rule behind
``[unofficial-source]``, applied whenever a flow or catalog is loaded.

A source is shown to the user as the official page behind what an entry says about
GoPay or Gojek (exports link it). An address on any other site would lend a stranger's
page, a fake "help centre" say, the program's trust, so a source that is not on GoPay's
or Gojek's own sites is an error: ``diagnose`` refuses the flow as ``flows check`` does.

Official means ``https://`` on one of :data:`OFFICIAL_DOMAINS` or a subdomain of one
(``www.gojek.com``); the host is read the way a browser reads it, so
``https://gojek.com@evil.example/`` (a user name) and ``https://gojek.com.evil.example/``
are not official.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import msgspec

from gopay_doctor.contract.model import Catalog, DataPath, FlowSpec, Source
from gopay_doctor.contract.rules import Rule
from gopay_doctor.errors import Problem

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

OFFICIAL_DOMAINS = ("gojek.com", "gopay.co.id")
"""GoPay's and Gojek's own sites: a source must be on one of them or on a subdomain."""


@cache
def is_official(url: str) -> bool:
    """Whether ``url`` is an ``https://`` page on an official domain (or a subdomain)."""
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # a port that is no number: ValueError
    except ValueError:
        return False
    if parts.scheme != "https" or host is None:
        return False
    return any(host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS)


class Cited(msgspec.Struct, frozen=True):
    """One source of a record, where it is written and the entry it backs."""

    path: DataPath
    """Where the source is written: ``(..., "sources", index)``."""
    source: Source

    def urls(self) -> Iterator[tuple[DataPath, str]]:
        """Each address of the source with its path: ``(..., "url")`` for one address,
        ``(..., "url", lang)`` for one per language."""
        url = self.source.url
        if isinstance(url, str):
            yield (*self.path, "url"), url
        else:
            for lang, address in url.items():
                yield (*self.path, "url", lang), address

    @property
    def shown(self) -> str:
        """The address to name in a message: the only one, or the English (else first) one."""
        url = self.source.url
        return url if isinstance(url, str) else url.get("en") or next(iter(url.values()))

    def age(self, today: datetime.date) -> int:
        """How many days ago the page was last read."""
        return (today - self.source.verified_on).days


SECTIONS: dict[type[Any], tuple[str, ...]] = {
    Catalog: ("causes", "steps", "channels", "notices"),
    FlowSpec: ("outcomes",),
}
"""Where each file's entries that can carry ``sources:`` are."""


def cited(record: Catalog | FlowSpec) -> Iterator[Cited]:
    """Every source of a catalog or a flow, with its path (``("steps", "x", "sources", 0)``),
    a date question's deadline's included (``("questions", "q", "deadline", "sources", 0)``).

    Only the sections that hold entries are read: this runs whenever a flow is loaded."""
    for section in SECTIONS[type(record)]:
        entries: dict[str, Any] = getattr(record, section)
        for entry_id, entry in entries.items():
            for index, source in enumerate(entry.sources):
                yield Cited((section, entry_id, "sources", index), source)
    if isinstance(record, FlowSpec):
        for qid, question in record.questions.items():
            deadline = question.deadline
            for index, source in enumerate(deadline.sources if deadline else []):
                yield Cited(("questions", qid, "deadline", "sources", index), source)


def unofficial_sources(record: Catalog | FlowSpec, doc: Document) -> list[Problem]:
    """A problem for each source address of ``record`` that is not an official page."""
    return [
        doc.problem(
            where,
            f"source {url!r} is not an official page: a source must be on GoPay's or Gojek's "
            f"own sites ({', '.join(OFFICIAL_DOMAINS)} or a subdomain), because it is shown "
            "as the official page behind the text",
            rule=Rule.UNOFFICIAL_SOURCE,
        )
        for source in cited(record)
        for where, url in source.urls()
        if not is_official(url)
    ]
