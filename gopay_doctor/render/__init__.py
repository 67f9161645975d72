"""Renderers: one module per output format, each with the same ``render`` function.

Modules are imported only when their format is used, so a JSON run never loads rich.
"""

from __future__ import annotations

import datetime
import importlib
from typing import NamedTuple, Protocol

from gopay_doctor.clock import from_iso
from gopay_doctor.formats import format_named
from gopay_doctor.i18n import LANG_NAMES, label, short_date
from gopay_doctor.result import (
    ChannelItem,
    DeadlineItem,
    Result,
    SourceItem,
    StepItem,
    TranscriptEntry,
)


class RenderOptions(NamedTuple):
    color: bool = False
    width: int = 80
    export: bool = False
    """A document to keep: add when it was made, the flow and language, and the message to
    support, and show steps as checkboxes (see :mod:`gopay_doctor.export`)."""
    rows: int | None = None
    """The rows a screen may take (the wizard's result, above its menu): the ``rich``
    screen then draws its first screen, what fits of the verdict, the most likely cause,
    the first steps (urgent ones when there are any) and one official way to get help.
    None: everything. Other formats show everything."""
    ascii: bool = False
    """The output cannot show box-drawing characters: draw boxes, bullets and arrows in ASCII
    (``--format rich`` only)."""


class Renderer(Protocol):
    def __call__(self, result: Result, options: RenderOptions) -> str: ...


def renderer(fmt: str) -> Renderer:
    """The ``render`` function of format ``fmt`` (a name in :data:`~gopay_doctor.formats.FORMATS`).

    Its module is imported on first use (the renderer-registry seam): a JSON run never
    loads rich."""
    module = importlib.import_module(format_named(fmt).module)
    render: Renderer = module.render
    return render


def render(result: Result, fmt: str, options: RenderOptions | None = None) -> str:
    return renderer(fmt)(result, options or RenderOptions())


def step_groups(result: Result) -> tuple[list[StepItem], list[tuple[str, list[StepItem]]]]:
    """The urgent steps, then the others grouped by category in the result's order."""
    urgent = [s for s in result.steps if s.urgent]
    groups: dict[str, list[StepItem]] = {}
    for step in result.steps:
        if not step.urgent:
            groups.setdefault(step.category, []).append(step)
    return urgent, list(groups.items())


def answer_note(entry: TranscriptEntry, lang: str) -> str:
    """What an automatic check had to do with ``entry``'s answer, in words, or nothing:
    "answered by the automatic check: REASON" (``--auto``), "proposed by the automatic
    check: REASON" (the person kept it), "the automatic check proposed “LABEL”: REASON"
    (the person changed it). Every renderer shows it with the answer, in brackets."""
    proposed = entry.proposed
    if proposed is not None and proposed.answer != entry.answer:
        what = label("changed_proposal", lang).format(choice=proposed.label)
        reason = proposed.reason
    elif proposed is not None or entry.reason:  # without a proposal: a result saved before
        what = label("answered_by_check" if entry.source == "auto" else "kept_proposal", lang)
        reason = entry.reason or (proposed.reason if proposed else None)
    else:
        return ""
    return label("because", lang).format(what=what, reason=reason) if reason else what


def deadline_sources(result: Result) -> list[SourceItem]:
    """The pages behind the due date that the verdict does not cite already (the same
    page is usually behind both: it is listed once)."""
    if result.deadline is None:
        return []
    cited = {source.url for source in result.outcome.sources}
    return [source for source in result.deadline.sources if source.url not in cited]


def skipped_holidays(deadline: DeadlineItem, lang: str) -> str:
    """The public holidays a deadline skipped, in words, expected ones marked ("Public
    holidays not counted: Christmas Day (Friday 25 December)"); nothing when none was."""
    if not deadline.holidays:
        return ""
    names = []
    for holiday in deadline.holidays:
        name = holiday.name
        if holiday.expected:  # its date is an estimate, as the peak check says too
            name = label("clock_expected", lang).format(name=name)
        day = short_date(datetime.date.fromisoformat(holiday.date), lang)
        names.append(label("holiday_on", lang).format(name=name, date=day))
    return label("holidays_skipped", lang).format(
        holidays=label("list_separator", lang).join(names)
    )


def channel_sources(channel: ChannelItem) -> list[SourceItem]:
    """A channel's sources, without the page it links to anyway (its ``url``)."""
    return [s for s in channel.sources if s.url != channel.url]


def made_at(result: Result) -> str:
    """When the result was made, for people: ``2026-11-25 14:32 UTC+07:00`` (or nothing)."""
    if not result.created_at:
        return ""
    moment = from_iso(result.created_at)  # read results are checked to have an offset
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:5]}" if offset else ""
    return f"{moment:%Y-%m-%d %H:%M} {zone}".rstrip()


class HeaderRow(NamedTuple):
    key: str
    """made, flow or language."""
    name: str
    value: str


def header(result: Result) -> list[HeaderRow]:
    """The export's header: when it was made, which flow, which language."""
    lang = result.lang
    flow = result.flow
    rows = [
        HeaderRow("made", label("made", lang), made_at(result)),
        HeaderRow(
            "flow",
            label("flow", lang),
            f"{flow.title} ({flow.id}, {label('version', lang)} {flow.version})",
        ),
        HeaderRow("language", label("language", lang), f"{LANG_NAMES.get(lang, lang)} ({lang})"),
    ]
    return [row for row in rows if row.value]
