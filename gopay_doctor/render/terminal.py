"""``--format rich``: the result screen for a person at a terminal.

Every text from a flow or an answer goes into a ``rich.text.Text`` (never parsed as
markup, emoji codes off) after :func:`~gopay_doctor.plaintext.plain`, and is broken
into lines by :mod:`gopay_doctor.render.wrap`, which knows where Chinese text may break.
Colour only when asked (``RenderOptions.color``: not with ``--no-color``, ``NO_COLOR``
or ``TERM=dumb``); readable from 60 columns.

With ``RenderOptions.rows`` (the wizard, at its result menu) it draws the first screen
instead: what a person must see at once, fitted to the rows left above the menu
(:func:`first_screen`). Everything else is one choice away ("Show everything").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gopay_doctor.i18n import label
from gopay_doctor.output import rich_text
from gopay_doctor.plaintext import plain
from gopay_doctor.render import RenderOptions, answer_note, skipped_holidays, step_groups
from gopay_doctor.render.wrap import Wrapped
from gopay_doctor.result import Result, StepItem


def t(text: str, style: str = "") -> Text:
    return Text(plain(text), style=style)


def render(result: Result, options: RenderOptions) -> str:
    parts = renderables(result)
    if options.rows is not None:
        parts = first_screen(result, options.width, options.rows)
    return _draw(parts, options.width, color=options.color, ascii=options.ascii)


def _draw(parts: list[RenderableType], width: int, *, color: bool, ascii: bool = False) -> str:
    return rich_text(parts, color=color, width=width, ascii=ascii)


class Fit(NamedTuple):
    """How much of the result a first screen holds."""

    summary: bool
    """The outcome's summary under its title."""
    steps: int
    """How many of the first steps (urgent ones, when there are any)."""
    how: bool
    """How to use the official way to get help, beside its name and address."""
    notice: bool
    """The safety reminder."""


FITS = (
    Fit(summary=True, steps=3, how=True, notice=True),
    Fit(summary=True, steps=3, how=True, notice=False),
    Fit(summary=True, steps=3, how=False, notice=False),
    Fit(summary=True, steps=2, how=False, notice=False),
    Fit(summary=False, steps=2, how=False, notice=False),
    Fit(summary=False, steps=1, how=False, notice=False),
)
"""First screens from the fullest to the leanest: the wizard shows the first that fits.
What goes first: the reminder, then how to use the way to get help (its name stays),
then the third step, then the summary (the title stays), then the second step."""


def first_screen(result: Result, width: int, rows: int) -> list[RenderableType]:
    """What a person must see at once, in at most ``rows`` rows of ``width`` columns (the
    fullest of :data:`FITS` that fits; the leanest when none does): the verdict, the most
    likely cause, the first steps (the urgent ones when there are any, with how many more
    there are) and one official way to get help. The rest is behind "Show everything"."""
    for fit in FITS:
        parts = _first_screen(result, fit)
        if _draw(parts, width, color=False).count("\n") <= rows:
            break
    return parts


def _first_screen(result: Result, fit: Fit) -> list[RenderableType]:
    lang = result.lang
    head = t(result.outcome.title, "bold")
    if fit.summary:
        head = Text.assemble(head, "\n", t(result.outcome.summary))
    head = _with_deadline(head, result, holidays=fit.summary)
    parts: list[RenderableType] = [
        Panel(Wrapped(head), title=label("result", lang), title_align="left", box=box.ROUNDED)
    ]
    if result.causes:
        cause = Text.assemble(
            (label("likely_cause", lang) + label("colon", lang), "bold"),
            t(result.causes[0].title, "bold cyan"),
        )
        parts.append(Padding(Wrapped(cause), (0, 1)))
    urgent = result.urgent_steps
    steps = urgent or result.steps
    if steps:
        shown = [_item(t(s.text, "bold" if s.urgent else ""), Text()) for s in steps[: fit.steps]]
        grid = _bullets(shown, (lambda i: f"{i + 1}.") if urgent else (lambda _: "•"))
        body: RenderableType = grid
        left = len(steps) - len(shown)
        if left:
            more = label("more_steps", lang).format(n=left, choice=label("show_everything", lang))
            body = Group(grid, Wrapped(Text(more, style="italic")))
        if urgent:
            title, border, frame = label("urgent", lang), "bold red", box.HEAVY
        else:
            title, border, frame = label("steps", lang), "", box.ROUNDED
        parts.append(Panel(body, title=title, title_align="left", border_style=border, box=frame))
    channel = next((c for c in result.channels if c.official), None)
    if channel is not None:
        way = Text.assemble(
            (label("get_help", lang) + label("colon", lang), "bold"), t(channel.name, "bold")
        )
        if channel.url:
            way.append("\n")
            way.append_text(t(channel.url, "underline"))
        if fit.how:
            way.append("\n")
            way.append_text(t(channel.how))
        parts.append(Padding(Wrapped(way), (0, 1)))
    if fit.notice and result.notices:
        parts.append(_safety(result))
    return parts


def renderables(result: Result) -> list[RenderableType]:
    """The screen, top to bottom: what happened, why, what to do first, the rest, who
    else can help, what you answered, and the safety reminder last."""
    lang = result.lang
    parts: list[RenderableType] = []
    head = Text.assemble(t(result.outcome.title, "bold"), "\n", t(result.outcome.summary))
    head = _with_deadline(head, result)
    parts.append(
        Panel(Wrapped(head), title=label("result", lang), title_align="left", box=box.ROUNDED)
    )
    parts.extend(_causes(result))

    urgent, groups = step_groups(result)
    if urgent:
        parts.append(
            Panel(
                _steps(urgent, numbered=True),
                title=label("urgent", lang),
                title_align="left",
                border_style="bold red",
                box=box.HEAVY,
            )
        )
    for category, steps in groups:
        parts.append(
            Panel(_steps(steps), title=label(category, lang), title_align="left", box=box.ROUNDED)
        )
    if result.channels:
        parts.append(_channels(result))
    if result.transcript:
        parts.append(_answers(result))
    if result.notices:
        parts.append(_safety(result))
    return parts


def _with_deadline(head: Text, result: Result, *, holidays: bool = True) -> Text:
    """The verdict with the due date under it (and the public holidays it skipped)."""
    deadline = result.deadline
    if deadline is None:
        return head
    head = Text.assemble(head, "\n\n", t(deadline.text, "bold"))
    skipped = skipped_holidays(deadline, result.lang) if holidays else ""
    return Text.assemble(head, "\n", t(skipped, "dim")) if skipped else head


def _safety(result: Result) -> Panel:
    notice = Text("\n").join(t(n.text) for n in result.notices)
    return Panel(
        Wrapped(notice),
        title=label("safety", result.lang),
        title_align="left",
        border_style="yellow",
        box=box.DOUBLE,
    )


def _causes(result: Result) -> list[RenderableType]:
    if not result.causes:
        return []
    lang = result.lang
    first, *others = result.causes
    cause = Text.assemble(
        (label("likely_cause", lang) + label("colon", lang), "bold"),
        t(first.title, "bold cyan"),
        "\n",
        t(first.explanation),
    )
    parts: list[RenderableType] = [Padding(Wrapped(cause), (0, 1))]
    if others:
        items = [_item(t(c.title), t(c.explanation, "dim")) for c in others]
        parts.append(_list(label("other_causes", lang), items, lang))
    return parts


def _channels(result: Result) -> Table:
    lang = result.lang
    table = Table(
        title=label("channels", lang),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column(label("channel", lang), style="bold", ratio=1, overflow="fold")
    table.add_column(label("how", lang), ratio=2, overflow="fold")
    for channel in result.channels:
        name = t(channel.name)
        if not channel.official:
            name.append(label("aside", lang).format(text=label("unofficial", lang)), "yellow")
        how = t(channel.how)
        if channel.url:
            how.append("\n")
            how.append_text(t(channel.url, "underline"))
        table.add_row(Wrapped(name), Wrapped(how))
    return table


def _answers(result: Result) -> RenderableType:
    items = []
    for entry in result.transcript:
        note = answer_note(entry, result.lang)  # an automatic check's proposal, and why
        items.append(
            _item(
                Text.assemble(t(entry.text, "dim"), " → ", t(entry.label)),
                t(label("aside", result.lang).format(text=note).strip() if note else "", "dim"),
            )
        )
    return _list(label("answers", result.lang), items, result.lang)


def _item(title: Text, detail: Text) -> Text:
    return Text.assemble(title, "\n", detail) if detail.plain else title


def _list(heading: str, items: list[Text], lang: str) -> RenderableType:
    """A heading and a bulleted list whose wrapped lines stay indented."""
    body = _bullets(items, lambda _: "•")
    colon = label("colon", lang).rstrip()
    return Padding(Group(Text(heading + colon, style="bold"), body), (0, 1))


def _bullets(items: list[Text], bullet: Callable[[int], str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for index, item in enumerate(items):
        grid.add_row(Text(bullet(index), style="bold"), Wrapped(item))
    return grid


def _steps(steps: list[StepItem], *, numbered: bool = False) -> Table:
    items = [_item(t(s.text, "bold" if s.urgent else ""), t(s.detail, "dim")) for s in steps]
    return _bullets(items, (lambda i: f"{i + 1}.") if numbered else (lambda _: "•"))
