"""Which pages are official, and every address a flow, catalog or saved result shows: the
rules behind ``[unofficial-source]`` and ``[unofficial-link]``, applied whenever one is loaded.

A source is shown to the user as the official page behind what an entry says about
GoPay or Gojek, and a channel's ``url`` as a way to reach help (exports link both). An
address on any other site would lend a stranger's page, a fake "help centre" say, the
program's trust, so every address the program shows must be on GoPay's or Gojek's own
sites: ``diagnose``, ``step``, ``export`` and the library refuse what ``flows check``
calls an error, with the same line.

Official means ``https://`` on one of :data:`OFFICIAL_DOMAINS` or a subdomain of one
(``www.gojek.com``), matched exactly, host by host: only plain URL characters (no
spaces, backslashes or other characters a browser would read another way), no user name
(``https://gojek.com@evil.example/``), no port but 443, a host of letters, digits and
hyphens only (no IDN look-alike such as ``gojеk.com`` with a Cyrillic ``е``; a punycode
name ``xn--...`` is another name), with no trailing dot (``gojek.com.`` is another name),
and ending with the official domain at a dot (``gojek.com.evil.example`` and
``notgojek.com`` are not official).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import msgspec

from gopay_doctor.contract.model import Catalog, DataPath, FlowSpec, LocalizedUrl, Source
from gopay_doctor.contract.rules import Rule
from gopay_doctor.errors import Problem
from gopay_doctor.plaintext import quoted, safe_url

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

OFFICIAL_DOMAINS = ("gojek.com", "gopay.co.id")
"""GoPay's and Gojek's own sites: a source must be on one of them or on a subdomain."""


_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")
"""A host name as it must be written: letters, digits and inner hyphens, labels joined by
single dots, no trailing dot (``urlsplit`` gives it in lower case)."""


@cache
def is_official(url: str) -> bool:
    """Whether ``url`` is an ``https://`` page on an official domain (or a subdomain),
    read as strictly as the module says."""
    if safe_url(url) is None:  # https://, plain URL characters only, at most 2000
        return False
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port  # a port that is no number: ValueError
    except ValueError:
        return False
    if "@" in parts.netloc or port not in (None, 443) or host is None:
        return False
    if not _HOST.fullmatch(host):
        return False
    return any(host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS)


def unofficial_source(url: str) -> str:
    """The message for a source ``url`` that is not an official page [unofficial-source]."""
    return (
        f"source {quoted(url)} is not an official page: a source must be on GoPay's or "
        f"Gojek's own sites ({', '.join(OFFICIAL_DOMAINS)} or a subdomain), because it is "
        "shown as the official page behind the text"
    )


def unofficial_link(url: str) -> str:
    """The message for a channel ``url`` that is not an official page [unofficial-link]."""
    return (
        f"link {quoted(url)} is not an official page: a channel's url must be on GoPay's or "
        f"Gojek's own sites ({', '.join(OFFICIAL_DOMAINS)} or a subdomain), because it is "
        "shown as a way to reach help"
    )


def addresses(url: LocalizedUrl | None, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    """Each address of ``url`` (one, or one per language) with its path: ``path`` for one
    address, ``(*path, lang)`` for one per language."""
    if isinstance(url, str):
        yield path, url
    elif url is not None:
        for lang, address in url.items():
            yield (*path, lang), address


class Cited(msgspec.Struct, frozen=True):
    """One source of a record, where it is written and the entry it backs."""

    path: DataPath
    """Where the source is written: ``(..., "sources", index)``."""
    source: Source

    def urls(self) -> Iterator[tuple[DataPath, str]]:
        """Each address of the source with its path: ``(..., "url")`` for one address,
        ``(..., "url", lang)`` for one per language."""
        return addresses(self.source.url, (*self.path, "url"))

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


def unofficial_links(record: Catalog | FlowSpec, doc: Document) -> list[Problem]:
    """A problem for each address of ``record`` that is not an official page: each source
    [unofficial-source] and each channel's ``url`` [unofficial-link]."""
    problems = [
        doc.problem(where, unofficial_source(url), rule=Rule.UNOFFICIAL_SOURCE)
        for source in cited(record)
        for where, url in source.urls()
        if not is_official(url)
    ]
    if isinstance(record, Catalog):
        problems.extend(
            doc.problem(where, unofficial_link(url), rule=Rule.UNOFFICIAL_LINK)
            for channel_id, channel in record.channels.items()
            for where, url in addresses(channel.url, ("channels", channel_id, "url"))
            if not is_official(url)
        )
    return problems
