"""A flow as data (``flows show --format json``) and as a Mermaid or Graphviz flowchart.

Every drawing follows the file's order (questions, then choices, then outcomes), so the
same flow always gives the same output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from gopay_doctor.contract.model import Flow, Question
from gopay_doctor.engine import choice_label, next_node
from gopay_doctor.i18n import label, pick, pick_url
from gopay_doctor.plaintext import one_line

# --- data -----------------------------------------------------------------------------


def as_data(flow: Flow, lang: str) -> dict[str, Any]:
    """The flow as plain data, with every text in ``lang`` (``flows show --format json``)."""
    spec = flow.spec
    return {
        "id": spec.id,
        "version": spec.version,
        "title": pick(spec.title, lang),
        "description": pick(spec.description, lang) or None,
        "lang": lang,
        "source": flow.source,
        "start": spec.start,
        "notices": list(spec.notices),
        "questions": [
            {
                "id": qid,
                "kind": q.kind,
                "text": pick(q.text, lang),
                "help": pick(q.help, lang) or None,
                "default": q.default,
                "auto": q.auto,
                "next": q.next,
                "next_overdue": q.next_overdue,
                "deadline": _deadline(q, lang),
                "choices": [
                    {
                        "value": c.value,
                        "label": choice_label(q, c.value, lang),
                        "next": next_node(q, c.value),
                        "causes": dict(c.causes),
                        "steps": list(c.steps),
                        "channels": list(c.channels),
                    }
                    for c in q.choices
                ],
            }
            for qid, q in spec.questions.items()
        ],
        "outcomes": [
            {
                "id": oid,
                "title": pick(o.title, lang),
                "summary": pick(o.summary, lang),
                "causes": dict(o.causes),
                "steps": list(o.steps),
                "channels": list(o.channels),
            }
            for oid, o in spec.outcomes.items()
        ],
    }


def _deadline(question: Question, lang: str) -> dict[str, Any] | None:
    """A date question's deadline as data (its texts in ``lang``), or None."""
    deadline = question.deadline
    if deadline is None:
        return None
    return {
        "working_days": deadline.working_days,
        "days": deadline.days,
        "before": pick(deadline.before, lang),
        "after": pick(deadline.after, lang),
        "sources": [pick_url(s.url, lang) for s in deadline.sources],
    }


def date_edges(question: Question, lang: str) -> list[tuple[str, str]]:
    """Where a date question leads, each target with its label: its next ("until due", or
    "any date" without a deadline) and its next_overdue ("overdue")."""
    assert question.next is not None  # a date question without one is refused on load
    if question.deadline is None or question.next_overdue is None:
        return [(question.next, label("any_date", lang))]
    return [
        (question.next, label("until_due", lang)),
        (question.next_overdue, label("overdue", lang)),
    ]


# --- edges ----------------------------------------------------------------------------


class Edge(NamedTuple):
    source: str
    target: str
    labels: tuple[str, ...]


def edges(flow: Flow, lang: str) -> list[Edge]:
    """One edge per question and target, labelled with the value of every choice that takes
    it: short, and what an author finds in the file (the texts are on the nodes)."""
    found: dict[tuple[str, str], list[str]] = {}
    for qid, question in flow.spec.questions.items():
        for target, shown in date_edges(question, lang) if question.kind == "date" else []:
            found.setdefault((qid, target), []).append(f"({shown})")
        for choice in question.choices:
            target = next_node(question, choice.value)
            found.setdefault((qid, target), []).append(choice.value)
        if question.kind == "checkbox" and question.next:  # where nothing ticked leads
            found.setdefault((qid, question.next), []).append(f"({label('otherwise', lang)})")
    return [Edge(s, t, tuple(labels)) for (s, t), labels in found.items()]


# --- Mermaid --------------------------------------------------------------------------

_MERMAID_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ESCAPES)) + "]")


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: one line, special characters as codes."""
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ESCAPES[m.group()], one_line(text))


def _mermaid_id(kind: str, node: str) -> str:
    return f"{kind}_{node.replace('-', '_')}"  # ids never hold '_', so this cannot collide


def mermaid(flow: Flow, lang: str) -> str:
    """A Mermaid flowchart: questions as boxes, outcomes as rounded ends."""
    spec = flow.spec
    ids = {q: _mermaid_id("q", q) for q in spec.questions}
    ids.update({o: _mermaid_id("r", o) for o in spec.outcomes})
    lines = ["flowchart TD"]
    lines += [
        f'    {ids[q]}["{mermaid_text(pick(x.text, lang))}"]' for q, x in spec.questions.items()
    ]
    lines += [
        f'    {ids[o]}(["{mermaid_text(pick(x.title, lang))}"])' for o, x in spec.outcomes.items()
    ]
    for edge in edges(flow, lang):
        text = mermaid_text(" / ".join(edge.labels))
        lines.append(f'    {ids[edge.source]} -->|"{text}"| {ids[edge.target]}')
    lines.append("    classDef outcome fill:#e8f5e9,stroke:#2e7d32")
    lines.append(f"    class {','.join(ids[o] for o in spec.outcomes)} outcome")
    return "\n".join(lines) + "\n"


# --- Graphviz -------------------------------------------------------------------------


def dot_text(text: str) -> str:
    """``text`` as a double-quoted Graphviz string: one line, backslashes and quotes escaped."""
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(flow: Flow, lang: str) -> str:
    """A Graphviz (DOT) digraph: questions as boxes, outcomes as rounded, filled boxes."""
    spec = flow.spec
    lines = [
        f"digraph {dot_text(spec.id)} {{",
        "    rankdir=TB;",
        '    node [shape=box, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    lines += [
        f"    {dot_text(q)} [label={dot_text(pick(x.text, lang))}];"
        for q, x in spec.questions.items()
    ]
    lines += [
        f"    {dot_text(o)} [label={dot_text(pick(x.title, lang))}, "
        'style="rounded,filled", fillcolor="#e8f5e9"];'
        for o, x in spec.outcomes.items()
    ]
    for edge in edges(flow, lang):
        text = dot_text(" / ".join(edge.labels))
        lines.append(f"    {dot_text(edge.source)} -> {dot_text(edge.target)} [label={text}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


GRAPHS: dict[str, Callable[[Flow, str], str]] = {"mermaid": mermaid, "dot": dot}


# --- tree -----------------------------------------------------------------------------
