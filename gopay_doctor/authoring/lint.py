"""Content rules: what ``flows check`` finds in a valid flow or catalog beyond its structure
and the safety rules every load applies (:mod:`gopay_doctor.contract.safety`): a missing
translation, a channel verified too long ago or never, an entry that states a fact about
GoPay without sources, a source read too long ago, an entry no flow uses; see
:class:`Rule`.

Each rule is a function from records (and the document they came from, for
positions) to problems, so a test can run any of them on any flow.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from gopay_doctor.authoring.claims import claim
from gopay_doctor.contract.model import URL_MAX_LENGTH, Catalog, DataPath, FlowSpec, Text
from gopay_doctor.contract.official import SECTIONS, cited
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.safety import texts, versions
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.errors import Problem
from gopay_doctor.i18n import LANGS
from gopay_doctor.plaintext import quoted

STALE_AFTER_DAYS = 180
"""A channel's contact details, and every source, are re-checked at least this often."""


def check_texts(record: Any, doc: Document) -> list[Problem]:
    """The authoring-only text rules (translations) for every text of ``record``; the
    safety rules are the loader's (:func:`gopay_doctor.contract.safety.check`)."""
    problems: list[Problem] = []
    for path, text in texts(record):
        problems.extend(_translation(doc, path, text))
    return problems


def _translation(doc: Document, path: DataPath, text: Text) -> Iterator[Problem]:
    if isinstance(text, str):  # one text for every language, on purpose (a name, a brand)
        return
    missing = [lang for lang in LANGS if not text.get(lang, "").strip()]
    if missing:
        yield doc.problem(
            path,
            f"no {', '.join(missing)} translation; {_fallback(text)} is shown instead",
            rule=Rule.MISSING_TRANSLATION,
        )


def _fallback(text: Mapping[str, str]) -> str:
    return "English" if text.get("en", "").strip() else "another language"


def check_channels(catalog: Catalog, doc: Document, today: datetime.date) -> list[Problem]:
    """Channels whose contact details were verified too long ago, or never."""
    problems = []
    for channel_id, channel in catalog.channels.items():
        path = ("channels", channel_id)
        if channel.verified_on is not None:
            age = (today - channel.verified_on).days
            if age > STALE_AFTER_DAYS:
                problems.append(
                    doc.problem(
                        (*path, "verified_on"),
                        f"channel '{channel_id}' was last verified on "
                        f"{channel.verified_on.isoformat()}, {age} days ago (more than "
                        f"{STALE_AFTER_DAYS}): check its details are still official and "
                        "current, then update verified_on",
                        rule=Rule.STALE_CHANNEL,
                    )
                )
        elif channel.url is not None:
            problems.append(
                doc.problem(
                    (*path, "url"),
                    f"channel '{channel_id}' has an address but no verified_on date: check "
                    "the address is official, then add the date you checked it",
                    rule=Rule.UNVERIFIED_URL,
                )
            )
    return problems


def entries(record: Catalog | FlowSpec) -> Iterator[tuple[DataPath, Any]]:
    """Every entry of a catalog or a flow that can carry ``sources:`` (a cause, a step, a
    channel, a notice, an outcome), with its path: ``("steps", "change-pin")``."""
    for section in SECTIONS[type(record)]:
        found: dict[str, Any] = getattr(record, section)
        for entry_id, entry in found.items():
            yield (section, entry_id), entry


def check_sources(record: Catalog | FlowSpec, doc: Document, today: datetime.date) -> list[Problem]:
    """The source rules for a flow or catalog ``record``: an entry that states what GoPay
    or Gojek does, offers, requires or provides with no ``sources:`` (see
    :mod:`gopay_doctor.authoring.claims`), and a source read more than
    :data:`STALE_AFTER_DAYS` ago. (A source off the official sites is refused on load:
    :mod:`gopay_doctor.contract.official`.)"""
    problems = [_unsourced(doc, path, entry) for path, entry in entries(record)]
    problems += [
        doc.problem(
            (*source.path, "verified_on"),
            f"source {quoted(source.shown, URL_MAX_LENGTH)} was last verified on "
            f"{source.source.verified_on.isoformat()}, {source.age(today)} days ago (more "
            f"than {STALE_AFTER_DAYS}): read the page again and check that it still says so, "
            "then update verified_on",
            rule=Rule.STALE_SOURCE,
        )
        for source in cited(record)
        if source.age(today) > STALE_AFTER_DAYS
    ]
    return [p for p in problems if p is not None]


def _unsourced(doc: Document, path: DataPath, entry: Any) -> Problem | None:
    """The first text of an entry without sources that states a fact about GoPay or Gojek."""
    if entry.sources:
        return None
    for where, text in texts(entry, path):
        for lang, value in versions(text):
            words = claim(value, str(lang[0]) if lang else None)
            if words is not None:
                kind = f"{str(path[-2]).removesuffix('s')} " if len(path) > 1 else ""
                return doc.problem(
                    (*where, *lang),
                    f"{kind}'{path[-1]}' says what GoPay or Gojek does or offers ({quoted(words)}) "
                    "but has no sources: add the official page that says so (sources: url "
                    "and verified_on), or leave the claim out",
                    rule=Rule.UNSOURCED_CLAIM,
                )
    return None


def references(spec: FlowSpec) -> dict[str, set[str]]:
    """The catalog ids a flow uses, by section."""
    used: dict[str, set[str]] = {
        "causes": set(),
        "steps": set(),
        "channels": set(),
        "notices": set(spec.notices),
    }
    parts: list[Any] = [*spec.outcomes.values()]
    parts += [c for q in spec.questions.values() for c in q.choices]
    for part in parts:
        used["causes"].update(part.causes)
        used["steps"].update(part.steps)
        used["channels"].update(part.channels)
    return used


def check_unused(catalog: Catalog, doc: Document, flows: Iterable[FlowSpec]) -> list[Problem]:
    """Catalog entries of ``catalog`` that none of ``flows`` refers to."""
    used: dict[str, set[str]] = {}
    for spec in flows:
        for section, ids in references(spec).items():
            used.setdefault(section, set()).update(ids)
    problems = []
    for section in ("causes", "steps", "channels", "notices"):
        for entry_id in getattr(catalog, section):
            if entry_id not in used.get(section, set()):
                problems.append(
                    doc.problem(
                        (section, entry_id),
                        f"{section[:-1]} '{entry_id}' is defined but no flow uses it",
                        key=True,
                        rule=Rule.UNUSED_ENTRY,
                    )
                )
    return problems
