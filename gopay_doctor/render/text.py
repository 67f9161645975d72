"""``--format text``: plain text for pipes, logs and terminals without colour.

In an export the steps are ``[ ]`` checkboxes to tick, and the header and the message
to support are added.
"""

from __future__ import annotations

from gopay_doctor.i18n import label
from gopay_doctor.plaintext import plain, width
from gopay_doctor.render import (
    RenderOptions,
    answer_note,
    channel_sources,
    deadline_sources,
    header,
    skipped_holidays,
    step_groups,
)
from gopay_doctor.result import Result, SourceItem, draft


def render(result: Result, options: RenderOptions) -> str:
    lang = result.lang
    sep = label("colon", lang)  # ": ", or the full-width "：" in Chinese
    lines: list[str] = []

    def sources(items: list[SourceItem], indent: str) -> None:
        """The official pages behind an item, as plain addresses."""
        if items:
            urls = ", ".join(plain(s.url) for s in items)
            lines.append(f"{indent}{label('sources', lang)}{sep}{urls}")

    def heading(text: str, rule: str = "-") -> None:
        text = plain(text)
        lines.extend(["", text, rule * min(width(text), 72)])

    heading(f"{label('result', lang)}{sep}{result.outcome.title}", "=")
    lines.append(plain(result.outcome.summary))
    sources(result.outcome.sources, "")
    deadline = result.deadline
    if deadline is not None:  # the due date, right under the verdict
        lines += ["", plain(deadline.text)]
        holidays = skipped_holidays(deadline, lang)
        if holidays:
            lines.append(plain(holidays))
        sources(deadline_sources(result), "")
    if options.export:
        lines.append("")
        lines += [f"{name}{sep}{plain(value)}" for _, name, value in header(result)]

    if result.causes:
        first, *others = result.causes
        heading(label("likely_cause", lang))
        lines.append(plain(first.title))
        lines.append("  " + plain(first.explanation))
        sources(first.sources, "  ")
        if others:
            heading(label("other_causes", lang))
            for cause in others:
                lines.append(f"- {plain(cause.title)}{sep}{plain(cause.explanation)}")
                sources(cause.sources, "  ")

    urgent, groups = step_groups(result)
    if urgent:
        heading(f"!! {label('urgent', lang)}")
        for step in urgent:
            lines.append(f"{'[ ]' if options.export else '[!]'} {plain(step.text)}")
            if step.detail:
                lines.append(f"    {plain(step.detail)}")
            sources(step.sources, "    ")
    if groups:
        heading(label("steps", lang))
        for category, steps in groups:
            lines.append(f"{label(category, lang)}{sep.rstrip()}")
            for step in steps:
                lines.append(f"  {'[ ]' if options.export else '-'} {plain(step.text)}")
                indent = "      " if options.export else "    "
                if step.detail:
                    lines.append(f"{indent}{plain(step.detail)}")
                sources(step.sources, indent)

    if result.channels:
        heading(label("channels", lang))
        for channel in result.channels:
            aside = label("aside", lang).format(text=label("unofficial", lang))
            tag = "" if channel.official else aside
            lines.append(f"- {plain(channel.name)}{tag}{sep}{plain(channel.how)}")
            if channel.url:
                lines.append(f"  {plain(channel.url)}")
            sources(channel_sources(channel), "  ")

    if result.notices:
        heading(label("safety", lang))
        for notice in result.notices:
            lines.append(f"* {plain(notice.text)}")
            sources(notice.sources, "  ")

    if result.transcript:
        heading(label("answers", lang))
        for entry in result.transcript:
            lines.append(f"- {plain(entry.text)} → {plain(entry.label)}")
            note = answer_note(entry, lang)  # an automatic check's proposal, and why
            if note:
                lines.append("  " + plain(label("aside", lang).format(text=note).strip()))

    if options.export:
        message = draft(result)
        heading(label("support_message", lang))
        lines += [
            plain(message.note),
            "",
            f"{label('msg_subject_is', lang)}{plain(message.subject)}",
        ]
        lines += ["", plain(message.body)]
    return "\n".join(lines[1:]) + "\n"
