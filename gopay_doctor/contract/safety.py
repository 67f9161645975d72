"""The text safety rules: what no loaded flow or catalog may show, whoever wrote it.

Two rules hold for every user-visible text of a flow and of the catalog it is loaded
with, bundled or not, whether it is run (``diagnose``, the wizard) or checked
(``flows check``), with the same problem at the same position:

* [asks-for-secret] a text must never ask for a PIN, OTP, password, CVV or card number
  (:func:`~gopay_doctor.contract.secrets.asks_for_secret`);
* [contact-detail] a text must not show a phone number, e-mail or web address or account
  handle (:func:`~gopay_doctor.contract.contacts.contact_detail`) unless the entry it
  belongs to names an official page that backs it: a ``sources:`` item whose every
  address is on :data:`OFFICIAL_DOMAINS`. Fake contacts are the most common scam around a
  support line that cannot be reached.

Each distinct text is judged once per process (:func:`_judged`), so a catalog read for
every flow of a ``flows check`` costs its rules once; the rules' word lists and patterns
are loaded when a text is first judged (the safety seam), so a run on the bundled files,
judged when the package was made (:mod:`~gopay_doctor.contract.verified`), never loads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, get_args, get_origin

import msgspec

from gopay_doctor.contract.model import DataPath, Source, Text
from gopay_doctor.contract.official import OFFICIAL_DOMAINS, is_official
from gopay_doctor.contract.rules import Rule
from gopay_doctor.errors import Problem

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

RULES = (Rule.ASKS_FOR_SECRET, Rule.CONTACT_DETAIL)
"""The rules of this module: every load applies them."""
"""GoPay's and Gojek's own sites (and their subdomains, such as www.gojek.com)."""

_TEXT_TYPES = (Text, Text | None)


def texts(record: Any, base: DataPath = ()) -> Iterator[tuple[DataPath, Text]]:
    """Every user-visible text in a flow or catalog record, with its path in the file."""
    for found in _walk(record, base, None):
        yield found.path, found.text


class _Found(NamedTuple):
    path: DataPath
    text: Text
    sources: list[Source] | None
    """The sources of the entry the text belongs to; None when it takes none (a question)."""


def _walk(record: Any, base: DataPath, sources: list[Source] | None) -> Iterator[_Found]:
    if isinstance(record, msgspec.Struct):
        sources = getattr(record, "sources", sources)
        for name, key, is_text in _fields(type(record)):
            value = getattr(record, name)
            if is_text:
                if value is not None:
                    yield _Found((*base, key), value, sources)
            elif name != "sources":
                yield from _walk(value, (*base, key), sources)
    elif isinstance(record, dict):
        for key, value in record.items():
            yield from _walk(value, (*base, key), sources)
    elif isinstance(record, list):
        for index, value in enumerate(record):
            yield from _walk(value, (*base, index), sources)


def _bare(annotation: Any) -> Any:
    """``annotation`` without the ``Annotated[...]`` metadata (a field's description)."""
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


@cache
def _fields(record: type[msgspec.Struct]) -> tuple[tuple[str, str, bool], ...]:
    """Each field's name, its key in the file, and whether it holds user-visible text."""
    return tuple(
        (f.name, f.encode_name, _bare(f.type) in _TEXT_TYPES)
        for f in msgspec.structs.fields(record)
    )


def versions(text: Text) -> Iterator[tuple[DataPath, str]]:
    """Each language version of a text: ``((lang,), text)``, or ``((), text)`` for a plain one."""
    if isinstance(text, str):
        yield (), text
    else:
        for lang, value in text.items():
            yield (lang,), value


def officially_sourced(sources: list[Source]) -> bool:
    """Whether one of ``sources`` is an official page (in every language it names)."""
    for source in sources:
        urls = [source.url] if isinstance(source.url, str) else list(source.url.values())
        if urls and all(map(is_official, urls)):
            return True
    return False


@lru_cache(maxsize=8192)
def _judged(text: str) -> tuple[str | None, str | None]:
    """What ``text`` asks for (the words), and the contact detail it shows (described)."""
    from gopay_doctor.contract.contacts import contact_detail  # seam: the safety rules
    from gopay_doctor.contract.secrets import asks_for_secret  # seam: the safety rules

    return asks_for_secret(text), contact_detail(text)


def asks(text: str) -> str | None:
    """The words with which ``text`` asks for a secret, if it does (judged once per text)."""
    return _judged(text)[0]


def secret_requests(record: Any) -> list[tuple[DataPath, str]]:
    """Every text of ``record`` that asks for a secret: its path and the words that ask.

    ``record`` is a :class:`FlowSpec`, a :class:`Catalog` or any part of them::

        assert secret_requests(flow.spec) == [] and secret_requests(flow.catalog) == []
    """
    found = []
    for path, text in texts(record):
        for lang, value in versions(text):
            words = _judged(value)[0]
            if words is not None:
                found.append(((*path, *lang), words))
    return found


SECRET_ADVICE = (
    "gopay-doctor must never ask for a PIN, OTP, password, CVV or card number; warn "
    "instead, as in 'never share your PIN'"
)
CONTACT_ADVICE = (
    "contacts change and fake ones are a common scam; say where the official contacts "
    "are (the app's Help, the official website) instead"
)
SOURCE_ADVICE = (
    ", or name the official page that lists it under the entry's sources "
    f"({' or '.join(OFFICIAL_DOMAINS)})"
)


def check(record: Any, doc: Document) -> list[Problem]:
    """The safety rules for every text of ``record`` (a flow spec or a catalog part read
    from ``doc``): each problem at the text's position."""
    problems: list[Problem] = []
    for found in _walk(record, (), None):
        sourced: bool | None = None
        for lang, value in versions(found.text):
            words, contact = _judged(value)
            where = (*found.path, *lang)
            if words is not None:
                problems.append(
                    doc.problem(
                        where,
                        f"this text asks for a secret ({words!r}): {SECRET_ADVICE}",
                        rule=Rule.ASKS_FOR_SECRET,
                    )
                )
            if contact is None:
                continue
            if sourced is None:
                sourced = found.sources is not None and officially_sourced(found.sources)
            if not sourced:
                advice = CONTACT_ADVICE + ("" if found.sources is None else SOURCE_ADVICE)
                problems.append(
                    doc.problem(
                        where,
                        f"this text holds what looks like {contact}: {advice}",
                        rule=Rule.CONTACT_DETAIL,
                    )
                )
    return problems
