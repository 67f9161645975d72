"""Content rules: what ``flows check`` finds in a valid flow or catalog beyond its structure
and the safety rules every load applies (:mod:`gopay_doctor.contract.safety`): a missing
translation, a channel verified too long ago or never, an entry no flow uses; see
:class:`Rule`.

Each rule is a function from records (and the document they came from, for
positions) to problems, so a test can run any of them on any flow.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from gopay_doctor.contract.model import Catalog, FlowSpec, Text
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.safety import texts
from gopay_doctor.contract.yamlsafe import DataPath, Document
from gopay_doctor.errors import Problem
from gopay_doctor.i18n import LANGS

STALE_AFTER_DAYS = 180
"""A channel's contact details are re-checked at least this often."""


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
