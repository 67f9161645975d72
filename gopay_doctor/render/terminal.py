"""``--format rich``: the result screen for a person at a terminal.

Every text from a flow or an answer goes into a ``rich.text.Text`` (never parsed as
markup, emoji codes off) after :func:`~gopay_doctor.render.safe.plain`.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gopay_doctor.i18n import label
from gopay_doctor.render import RenderOptions, step_groups
from gopay_doctor.render.safe import plain
from gopay_doctor.result import Result, StepItem


def t(text: str, style: str = "") -> Text:
    return Text(plain(text), style=style)


def make_console(options: RenderOptions, file: io.StringIO | None = None) -> Console:
    return Console(
        file=file or io.StringIO(),
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def render(result: Result, options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = make_console(options, buffer)
    for part in renderables(result):
        console.print(part)
    return buffer.getvalue()


def renderables(result: Result) -> list[RenderableType]:
    lang = result.lang
    parts: list[RenderableType] = []
    head = Text.assemble(t(result.outcome.title, "bold"), "\n", t(result.outcome.summary))
    parts.append(Panel(head, title=label("result", lang), title_align="left", box=box.ROUNDED))

    if result.causes:
        first, *others = result.causes
        cause = Text.assemble(
            (label("likely_cause", lang) + ": ", "bold"),
            t(first.title, "bold cyan"),
            "\n",
            t(first.explanation),
        )
        parts.append(Padding(cause, (0, 1)))
        if others:
            rest = Text(label("other_causes", lang) + ":", style="bold")
            for other in others:
                rest.append("\n  • ")
                rest.append_text(t(other.title))
            parts.append(Padding(rest, (0, 1)))

    urgent, groups = step_groups(result)
    if urgent:
        parts.append(
            Panel(
                _steps(urgent, "! "),
                title=label("urgent", lang),
                title_align="left",
                border_style="bold red",
                box=box.HEAVY,
            )
        )
    for category, steps in groups:
        parts.append(
            Panel(
                _steps(steps, "• "),
                title=label(category, lang),
                title_align="left",
                box=box.ROUNDED,
            )
        )

    if result.channels:
        table = Table(
            title=label("channels", lang),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            expand=True,
            show_lines=False,
        )
        table.add_column(label("channel", lang), style="bold", ratio=1)
        table.add_column(label("how", lang), ratio=2)
        for channel in result.channels:
            name = t(channel.name)
            if not channel.official:
                name.append(f" ({label('unofficial', lang)})", style="yellow")
            how = t(channel.how)
            if channel.url:
                how.append("\n")
                how.append_text(t(channel.url, "underline"))
            table.add_row(name, how)
        parts.append(table)

    if result.notices:
        notice = Text("\n").join(t(n.text) for n in result.notices)
        parts.append(
            Panel(
                notice,
                title=label("safety", lang),
                title_align="left",
                border_style="yellow",
                box=box.DOUBLE,
            )
        )
    return parts


def _steps(steps: list[StepItem], bullet: str) -> Text:
    body = Text()
    for index, step in enumerate(steps):
        if index:
            body.append("\n")
        body.append(bullet)
        body.append_text(t(step.text, "bold" if step.urgent else ""))
        if step.detail:
            body.append("\n  ")
            body.append_text(t(step.detail, "dim"))
    return body
