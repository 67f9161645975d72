"""The text safety rules: what no loaded file may show, whoever wrote it.

Two rules hold for every user-visible text the program shows or exports, wherever it is
read from: a flow and the catalog it is loaded with (``--channels`` included), the
checks' data files (peak-period and network host names), and a saved result read back
by ``export``; bundled or not, whether it is run (``diagnose``, ``step``, ``check``,
the wizard, the library) or checked (``flows check``), with the same problem at the
same position. :func:`findings` is the one judgement; :func:`check` applies it to a
record read from a YAML file, and :mod:`~gopay_doctor.resultfile` to a saved result:

* [asks-for-secret] a text must never ask for a PIN, OTP, password, CVV or card number
  (:func:`~gopay_doctor.contract.secrets.asks_for_secret`);
* [contact-detail] a text must not show a phone number, e-mail or web address or account
  handle (:func:`~gopay_doctor.contract.contacts.contact_detail`) unless the entry it
  belongs to names an official page that backs it: a ``sources:`` item whose every
  address is on :data:`OFFICIAL_DOMAINS`. Fake contacts are the most common scam around a
  support line that cannot be reached. (A web address on the official sites is not such
  a detail: :func:`~gopay_doctor.contract.contacts.contact_detail` lets it pass.) A text
  of an entry that takes no sources (a question, a check's data) cannot show one at all.

Addresses (sources, a channel's ``url``) are held to
:mod:`~gopay_doctor.contract.official`'s rules.

Each distinct text is judged once per process (:func:`_judged`), so a catalog read for
every flow of a ``flows check`` costs its rules once; the rules' word lists and patterns
are loaded when a text is first judged (the safety seam), so a run on the bundled files,
judged when the package was made (:mod:`~gopay_doctor.contract.verified`), never loads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Protocol, get_args, get_origin

import msgspec

from gopay_doctor.contract.model import DataPath, LocalizedUrl, Text
from gopay_doctor.contract.official import OFFICIAL_DOMAINS, is_official
from gopay_doctor.contract.rules import Rule
from gopay_doctor.errors import FileProblems, Problem
from gopay_doctor.plaintext import quoted

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

RULES = (Rule.ASKS_FOR_SECRET, Rule.CONTACT_DETAIL)
"""The rules of this module: every load applies them."""

_TEXT_TYPES = (Text, Text | None)


def texts(record: Any, base: DataPath = ()) -> Iterator[tuple[DataPath, Text]]:
    """Every user-visible text in a flow, catalog or check data record, with its path in
    the file."""
    for found in entries(record, base):
        yield found.path, found.text


class Sourced(Protocol):
    """A source: of a flow or catalog (:class:`~gopay_doctor.contract.model.Source`), or
    of a saved result (:class:`~gopay_doctor.result.SourceItem`)."""

    @property
    def url(self) -> LocalizedUrl: ...


class Entry(NamedTuple):
    """A user-visible text, where it is, and the sources of the entry it belongs to."""

    path: DataPath
    text: Text
    sources: Sequence[Sourced] | None
    """None when the entry takes no sources (a question, a check's data): then no
    contact detail can be backed."""


def entries(record: Any, base: DataPath = ()) -> Iterator[Entry]:
    """Every user-visible text of a record (a flow spec, a catalog or part of one, a
    check's data): each field typed :data:`~gopay_doctor.contract.model.Text`."""
    return _walk(record, base, None)


def _walk(record: Any, base: DataPath, sources: Sequence[Sourced] | None) -> Iterator[Entry]:
    if isinstance(record, msgspec.Struct):
        sources = getattr(record, "sources", sources)
        for name, key, is_text in _fields(type(record)):
            value = getattr(record, name)
            if is_text:
                if value is not None:
                    yield Entry((*base, key), value, sources)
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


def officially_sourced(sources: Iterable[Sourced]) -> bool:
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


class Finding(NamedTuple):
    """What a rule found in a text: where (a path in the data), the message, the rule."""

    path: DataPath
    message: str
    rule: Rule


def findings(found: Iterable[Entry]) -> Iterator[Finding]:
    """The safety rules for every text of ``found``, in every language it is written in:
    the one judgement of what the program may show."""
    for entry in found:
        sourced: bool | None = None
        for lang, value in versions(entry.text):
            words, contact = _judged(value)
            where = (*entry.path, *lang)
            if words is not None:
                yield Finding(
                    where,
                    f"this text asks for a secret ({quoted(words)}): {SECRET_ADVICE}",
                    Rule.ASKS_FOR_SECRET,
                )
            if contact is None:
                continue
            if sourced is None:
                sourced = entry.sources is not None and officially_sourced(entry.sources)
            if not sourced:
                advice = CONTACT_ADVICE + ("" if entry.sources is None else SOURCE_ADVICE)
                yield Finding(
                    where,
                    f"this text holds what looks like {contact}: {advice}",
                    Rule.CONTACT_DETAIL,
                )


class Unsafe(FileProblems):
    """A file the safety rules refuse, found where it is read at run time (a check's data):
    never passed over as a check that could not run is, since what it would show is the
    very thing the rules are there to stop."""


def check(record: Any, doc: Document) -> list[Problem]:
    """The safety rules for every text of ``record`` (a flow spec, a catalog part or a
    check's data read from ``doc``): each problem at the text's position."""
    return [doc.problem(f.path, f.message, rule=f.rule) for f in findings(entries(record))]
