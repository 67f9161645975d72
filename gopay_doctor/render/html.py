"""``--format html``: one self-contained, printable page.

No scripts and no external assets: the styles are inline, a Content-Security-Policy
forbids everything else, and the steps are checkboxes that work (and print) without
JavaScript. Every text from a flow or an answer goes through
:func:`~gopay_doctor.plaintext.plain` and then :func:`html.escape`; the only links are
channel addresses that pass :func:`~gopay_doctor.plaintext.safe_url`.
"""

from __future__ import annotations

from html import escape

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
from gopay_doctor.result import Result, SourceItem, StepItem, draft

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'"

_STYLE = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; line-height: 1.5; color: #1b1b1b;
  background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.summary { font-size: 1.1rem; margin: 0 0 1rem; }
.deadline { font-size: 1.05rem; margin: 0 0 1rem; padding: .5rem .8rem; border-left: 4px solid #0b57d0;
  background: #f1f5fd; }
.meta { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; margin: 0;
  color: #444; font-size: .9rem; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
.cause { margin: 0 0 .4rem; }
.urgent { border: 2px solid #b00020; border-radius: 6px; padding: 0 1rem .6rem; margin-top: 1.8rem; }
.urgent h2 { color: #b00020; border: 0; margin-top: .8rem; }
ul.checklist { list-style: none; padding-left: 0; margin: 0; }
ul.checklist li { margin: .45rem 0; }
ul.checklist label { display: flex; gap: .6rem; align-items: flex-start; }
ul.checklist input { flex: none; width: 1.05rem; height: 1.05rem; margin: .2rem 0 0; }
.detail { display: block; color: #444; font-size: .92rem; }
.sources { display: block; color: #555; font-size: .85rem; }
.tag { font-size: .8rem; padding: 0 .35rem; border: 1px solid #8a6d00; border-radius: 3px;
  color: #6b5400; }
.safety { border: 2px solid #8a6d00; background: #fff8e1; border-radius: 6px;
  padding: .2rem 1rem; margin-top: 1.8rem; }
.safety h2 { border: 0; margin-top: .6rem; }
.answers { margin: 0; }
.answers dt { font-weight: 600; }
.answers dd { margin: 0 0 .5rem 1rem; }
.note { font-size: .92rem; color: #444; }
.about { color: #444; font-size: .9rem; }
.about ul { padding-left: 1.1rem; margin: 0; }
.message { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px dashed #777;
  border-radius: 6px; padding: .8rem 1rem; background: #f6f6f6; font: inherit; }
a { color: #0b57d0; overflow-wrap: anywhere; }
@media (max-width: 30rem) {
  body { margin-top: 1rem; }
  h1 { font-size: 1.4rem; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  a { color: inherit; }
  .urgent, .safety, .message, li, .answers div { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .safety, .message { background: none; }
}
"""


def h(text: str) -> str:
    """Text from data, safe inside an element or a quoted attribute."""
    return escape(plain(text), quote=True)


def render(result: Result, options: RenderOptions) -> str:
    """The page, in the order a person on a phone needs it: the verdict, the most likely
    cause (in one line) and the steps, the urgent ones first, so the first action is high
    on a phone's first screen; then why (the cause explained, the other causes), the other
    ways to get help, the safety reminder, the answers and the message to support; last,
    the sources of the verdict and of the cause, and when and from which flow it was made."""
    title = h(result.outcome.title)
    body = [f"<h1>{title}</h1>", f'<p class="summary">{h(result.outcome.summary)}</p>']
    body += _deadline(result) + _cause_line(result) + _steps(result) + _causes(result)
    body += _channels(result) + _safety(result) + _answers(result)
    if options.export:
        body += _message(result)
    body += _about(result, export=options.export)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{h(result.lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title} \N{EM DASH} gopay-doctor</title>",
            f"<style>\n{_STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _deadline(result: Result) -> list[str]:
    """The due date, right under the verdict, with the holidays it skipped (its sources
    are with the others, at the end)."""
    deadline = result.deadline
    if deadline is None:
        return []
    holidays = skipped_holidays(deadline, result.lang)
    more = f'<span class="detail">{h(holidays)}</span>' if holidays else ""
    return [f'<p class="deadline"><strong>{h(deadline.text)}</strong>{more}</p>']


def _header(result: Result) -> str:
    rows = []
    for row in header(result):
        shown = h(row.value)
        if row.key == "made" and result.created_at:
            shown = f'<time datetime="{h(result.created_at)}">{shown}</time>'
        rows.append(f"<dt>{h(row.name)}</dt><dd>{shown}</dd>")
    return '<dl class="meta">' + "".join(rows) + "</dl>"


def _section(title: str, *inner: str, css: str = "") -> list[str]:
    opening = f'<section class="{css}">' if css else "<section>"
    return [opening, f"<h2>{h(title)}</h2>", *inner, "</section>"]


def _cause_line(result: Result) -> list[str]:
    """The most likely cause, named in one line under the verdict."""
    if not result.causes:
        return []
    what = h(label("likely_cause", result.lang) + label("colon", result.lang))
    return [f'<p class="cause"><strong>{what}</strong>{h(result.causes[0].title)}</p>']


def _causes(result: Result) -> list[str]:
    """The most likely cause explained, and the other causes, with their sources."""
    if not result.causes:
        return []
    lang = result.lang
    sep = h(label("colon", lang))
    first, *others = result.causes
    out = _section(
        label("likely_cause", lang),
        f"<p><strong>{h(first.title)}</strong>{sep}{h(first.explanation)}</p>",
    )
    if others:
        items = [
            f"<li><strong>{h(c.title)}</strong>{sep}{h(c.explanation)}"
            f"{_sources(c.sources, lang)}</li>"
            for c in others
        ]
        out += _section(label("other_causes", lang), "<ol>", *items, "</ol>")
    return out


def _about(result: Result, *, export: bool) -> list[str]:
    """After everything else: (in an export) when the page was made, from which flow, in
    which language; and the official pages behind the verdict, the due date and the most
    likely cause."""
    lang = result.lang
    sep = h(label("colon", lang))
    cited = [(result.outcome.title, result.outcome.sources)]
    if result.deadline is not None:
        cited.append((result.deadline.text, deadline_sources(result)))
    if result.causes:
        cited.append((result.causes[0].title, result.causes[0].sources))
    items = [
        f"<li><strong>{h(title)}</strong>{sep}{_links(sources)}</li>"
        for title, sources in cited
        if sources
    ]
    inner = [_header(result)] if export else []
    if items:
        inner += [f"<h3>{h(label('sources', lang))}</h3>", "<ul>", *items, "</ul>"]
    return _section(label("about", lang), *inner, css="about") if inner else []


def _checklist(steps: list[StepItem], lang: str) -> list[str]:
    items = []
    for step in steps:
        detail = f'<span class="detail">{h(step.detail)}</span>' if step.detail else ""
        detail += _sources(step.sources, lang)
        items.append(
            f'<li><label><input type="checkbox"><span>{h(step.text)}{detail}</span></label></li>'
        )
    return ['<ul class="checklist">', *items, "</ul>"]


def _steps(result: Result) -> list[str]:
    lang = result.lang
    urgent, groups = step_groups(result)
    out: list[str] = []
    if urgent:
        out += _section(label("urgent", lang), *_checklist(urgent, lang), css="urgent")
    if groups:
        inner: list[str] = []
        for category, steps in groups:
            inner += [f"<h3>{h(label(category, lang))}</h3>", *_checklist(steps, lang)]
        out += _section(label("steps", lang), *inner)
    return out


def _channels(result: Result) -> list[str]:
    if not result.channels:
        return []
    lang = result.lang
    items = []
    for channel in result.channels:
        tag = (
            "" if channel.official else f' <span class="tag">{h(label("unofficial", lang))}</span>'
        )
        url = safe_url(channel.url)
        if url:
            where = f'<br><a href="{h(url)}" rel="noopener noreferrer">{h(url)}</a>'
        else:
            where = f"<br>{h(channel.url)}" if channel.url else ""
        where += _sources(channel_sources(channel), lang)
        sep = h(label("colon", lang))
        items.append(
            f"<li><strong>{h(channel.name)}</strong>{tag}{sep}{h(channel.how)}{where}</li>"
        )
    return _section(label("channels", lang), "<ul>", *items, "</ul>")


def _link(url: str) -> str:
    """``url`` as a link when it passes :func:`~gopay_doctor.plaintext.safe_url`, else as text."""
    safe = safe_url(url)
    if safe is None:
        return h(url)
    return f'<a href="{h(safe)}" rel="noopener noreferrer">{h(safe)}</a>'


def _links(sources: list[SourceItem]) -> str:
    return ", ".join(_link(s.url) for s in sources)


def _sources(sources: list[SourceItem], lang: str) -> str:
    """The official pages behind an item, as links on a line of their own (or nothing)."""
    if not sources:
        return ""
    links = _links(sources)
    return f'<span class="sources">{h(label("sources", lang) + label("colon", lang))}{links}</span>'


def _safety(result: Result) -> list[str]:
    if not result.notices:
        return []
    notes = [f"<p>{h(n.text)}{_sources(n.sources, result.lang)}</p>" for n in result.notices]
    return _section(label("safety", result.lang), *notes, css="safety")


def _answers(result: Result) -> list[str]:
    if not result.transcript:
        return []
    rows = []
    for entry in result.transcript:  # with an automatic check's proposal, and why
        note = answer_note(entry, result.lang)
        aside = label("aside", result.lang).format(text=note).strip()
        why = f'<span class="detail">{h(aside)}</span>' if note else ""
        rows.append(f"<div><dt>{h(entry.text)}</dt><dd>{h(entry.label)}{why}</dd></div>")
    return _section(label("answers", result.lang), '<dl class="answers">', *rows, "</dl>")


def _message(result: Result) -> list[str]:
    lang = result.lang
    message = draft(result)
    text = f"{label('msg_subject_is', lang)}{message.subject}\n\n{message.body}"
    return _section(
        label("support_message", lang),
        f'<p class="note">{h(message.note)}</p>',
        f'<div class="message">{h(text)}</div>',
    )
