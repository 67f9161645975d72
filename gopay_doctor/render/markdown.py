"""``--format markdown``: a checklist in GitHub task-list form.

Text from flows and answers is escaped: it cannot open headings, lists, links,
images, HTML or autolinks. The only links are channel addresses that pass
:func:`~gopay_doctor.plaintext.safe_url`. In an export, the message to support is a
fenced code block (longer than any run of backticks in it), so it can be copied as it is.
"""

from __future__ import annotations

import re

from gopay_doctor.i18n import label
from gopay_doctor.plaintext import plain, safe_url
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

_ALWAYS = re.compile(r"([\\`*_{}\[\]<>#|~&$!@])")  # @: no e-mail autolinks (GFM)
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto)(:)|\b(www)(\.)")
_LINE_START = re.compile(r"^([0-9]+)([.)])|^([-+=])")


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line: nothing in it can open a heading, list,
    link, image, autolink (e-mail addresses included), HTML tag or code span."""
    flat = _ALWAYS.sub(r"\\\1", " ".join(plain(text).split()))
    flat = _AUTOLINK.sub(
        lambda m: "".join(f"\\{g}" if g in (":", ".") else g for g in m.groups() if g), flat
    )
    return _LINE_START.sub(
        lambda m: "".join(f"\\{g}" if g in ".)-+=" else g for g in m.groups() if g), flat
    )


def render(result: Result, options: RenderOptions) -> str:
    lang = result.lang
    sep = _colon(lang)

    def cited(sources: list[SourceItem], indent: str = "") -> str:
        """A line break and the official pages behind an item, as links (else nothing)."""
        return f"  \n{indent}{_sources(sources, lang)}" if sources else ""

    summary = escape(result.outcome.summary) + cited(result.outcome.sources)
    out: list[str] = [f"# {escape(result.outcome.title)}", "", summary]
    deadline = result.deadline
    if deadline is not None:  # the due date, right under the verdict
        holidays = skipped_holidays(deadline, lang)
        more = f"  \n{escape(holidays)}" if holidays else ""
        out += ["", f"**{escape(deadline.text)}**{more}{cited(deadline_sources(result))}"]
    if options.export:
        out.append("")
        out += [f"- **{escape(name)}**{sep}{escape(value)}" for _, name, value in header(result)]

    def section(title: str) -> None:
        out.extend(["", f"## {escape(title)}", ""])

    if result.causes:
        first, *others = result.causes
        section(label("likely_cause", lang))
        out.append(
            f"**{escape(first.title)}**{sep}{escape(first.explanation)}{cited(first.sources)}"
        )
        if others:
            section(label("other_causes", lang))
            out += [
                f"- **{escape(c.title)}**{sep}{escape(c.explanation)}{cited(c.sources, '  ')}"
                for c in others
            ]

    urgent, groups = step_groups(result)
    if urgent:
        section(label("urgent", lang))
        out += [_task(s.text, s.detail, cited(s.sources, "  ")) for s in urgent]
    if groups:
        section(label("steps", lang))
        for category, steps in groups:
            out += [f"### {escape(label(category, lang))}", ""]
            out += [_task(s.text, s.detail, cited(s.sources, "  ")) for s in steps]
            out.append("")
        out.pop()

    if result.channels:
        section(label("channels", lang))
        for channel in result.channels:
            aside = label("aside", lang).format(text=label("unofficial", lang))
            space = aside[: len(aside) - len(aside.lstrip())]  # escape() drops it
            tag = "" if channel.official else space + escape(aside)
            url = safe_url(channel.url)
            link = f" <{url}>" if url else f" {escape(channel.url)}" if channel.url else ""
            more = cited(channel_sources(channel), "  ")
            out.append(f"- **{escape(channel.name)}**{tag}{sep}{escape(channel.how)}{link}{more}")

    if result.notices:
        section(label("safety", lang))
        out += [f"> {escape(n.text)}{cited(n.sources, '> ')}" for n in result.notices]

    if result.transcript:
        section(label("answers", lang))
        for entry in result.transcript:
            note = answer_note(entry, lang)  # an automatic check's proposal, and why
            out.append(
                f"- {escape(entry.text)} **{escape(entry.label)}**"
                + (label("aside", lang).format(text=escape(note)) if note else "")
            )

    if options.export:
        message = draft(result)
        section(label("support_message", lang))
        text = plain(f"{label('msg_subject_is', lang)}{message.subject}\n\n{message.body}")
        fence = "`" * max(3, _longest_run(text, "`") + 1)
        out += [escape(message.note), "", f"{fence}text", text, fence]
    return "\n".join(out) + "\n"


def _longest_run(text: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)


def _task(text: str, detail: str, cited: str = "") -> str:
    line = f"- [ ] {escape(text)}"
    return (f"{line}  \n  {escape(detail)}" if detail else line) + cited


def _sources(sources: list[SourceItem], lang: str) -> str:
    """``Sources: <https://...>, ...``: each address that passes
    :func:`~gopay_doctor.plaintext.safe_url` as a link, any other as escaped text."""
    shown = [f"<{url}>" if (url := safe_url(s.url)) else escape(s.url) for s in sources]
    return f"{escape(label('sources', lang))}{_colon(lang)}{', '.join(shown)}"


def _colon(lang: str) -> str:
    """``: `` (the full-width ``：`` in Chinese), escaped: :func:`escape` drops the space."""
    colon = label("colon", lang)
    return escape(colon) + colon[len(colon.rstrip()) :]
