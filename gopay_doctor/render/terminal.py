"""``--format rich``: the result screen for a person at a terminal.

Every text from a flow or an answer goes into a ``rich.text.Text`` (never parsed as
markup, emoji codes off) after :func:`~gopay_doctor.plaintext.plain`, and is broken
into lines by :mod:`gopay_doctor.render.wrap`, which knows where Chinese text may break.
Colour only when asked (``RenderOptions.color``: not with ``--no-color``, ``NO_COLOR``
or ``TERM=dumb``); readable from 60 columns.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gopay_doctor.i18n import label
from gopay_doctor.output import rich_text
from gopay_doctor.plaintext import plain
from gopay_doctor.render import RenderOptions, step_groups
from gopay_doctor.render.wrap import Wrapped
from gopay_doctor.result import Result, StepItem


def t(text: str, style: str = "") -> Text:
    return Text(plain(text), style=style)


def render(result: Result, options: RenderOptions) -> str:
    parts = renderables(result)
    return rich_text(parts, color=options.color, width=options.width, ascii=options.ascii)


def renderables(result: Result) -> list[RenderableType]:
    """The screen, top to bottom: what happened, why, what to do first, the rest, who
    else can help, what you answered, and the safety reminder last."""
    lang = result.lang
    parts: list[RenderableType] = []
    head = Text.assemble(t(result.outcome.title, "bold"), "\n", t(result.outcome.summary))
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
        notice = Text("\n").join(t(n.text) for n in result.notices)
        parts.append(
            Panel(
                Wrapped(notice),
                title=label("safety", lang),
                title_align="left",
                border_style="yellow",
                box=box.DOUBLE,
            )
        )
    return parts


def _causes(result: Result) -> list[RenderableType]:
    if not result.causes:
        return []
    lang = result.lang
    first, *others = result.causes
    cause = Text.assemble(
        (label("likely_cause", lang) + ": ", "bold"),
        t(first.title, "bold cyan"),
        "\n",
        t(first.explanation),
    )
    parts: list[RenderableType] = [Padding(Wrapped(cause), (0, 1))]
    if others:
        items = [_item(t(c.title), t(c.explanation, "dim")) for c in others]
        parts.append(_list(label("other_causes", lang), items))
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
            name.append(f" ({label('unofficial', lang)})", style="yellow")
        how = t(channel.how)
        if channel.url:
            how.append("\n")
            how.append_text(t(channel.url, "underline"))
        table.add_row(Wrapped(name), Wrapped(how))
    return table


def _answers(result: Result) -> RenderableType:
    items = [
        _item(
            Text.assemble(t(e.text, "dim"), " → ", t(e.label)),
            t(f"({e.reason})" if e.reason else "", "dim"),  # why a check proposed it
        )
        for e in result.transcript
    ]
    return _list(label("answers", result.lang), items)


def _item(title: Text, detail: Text) -> Text:
    return Text.assemble(title, "\n", detail) if detail.plain else title


def _list(heading: str, items: list[Text]) -> RenderableType:
    """A heading and a bulleted list whose wrapped lines stay indented."""
    body = _bullets(items, lambda _: "•")
    return Padding(Group(Text(heading + ":", style="bold"), body), (0, 1))


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
