"""A flow as data, as a tree for the terminal, and as a Mermaid or Graphviz flowchart.

Every drawing follows the file's order (questions, then choices, then outcomes), so the
same flow always gives the same output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from gopay_doctor.contract.model import Flow, Question
from gopay_doctor.engine import choice_label, next_node
from gopay_doctor.i18n import label, pick
from gopay_doctor.plaintext import plain

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
        for choice in question.choices:
            target = next_node(question, choice.value)
            found.setdefault((qid, target), []).append(choice.value)
        if question.kind == "checkbox" and question.next:  # where nothing ticked leads
            found.setdefault((qid, question.next), []).append(f"({label('otherwise', lang)})")
    return [Edge(s, t, tuple(labels)) for (s, t), labels in found.items()]


def _one_line(text: str) -> str:
    return " ".join(plain(text).split())


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
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ESCAPES[m.group()], _one_line(text))


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
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


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


class Line(NamedTuple):
    """One line of the tree: how deep it is, what it shows, and its kind (for colour)."""

    depth: int
    kind: str
    """flow, question, choice, outcome or seen (a question drawn earlier)."""
    text: str


def tree(flow: Flow, lang: str) -> list[Line]:
    """The flow as a tree from its start: each question drawn once, where first reached.

    Built with an explicit stack (of lines to write and nodes to draw), so a flow of any
    depth is fine.
    """
    spec = flow.spec
    lines = [Line(0, "flow", f"{spec.id} v{spec.version}: {pick(spec.title, lang)}")]
    drawn: set[str] = set()
    todo: list[Line | tuple[str, int]] = [(spec.start, 1)]
    while todo:
        item = todo.pop()
        if isinstance(item, Line):
            lines.append(item)
            continue
        target, depth = item
        if target in spec.outcomes:
            title = pick(spec.outcomes[target].title, lang)
            lines.append(Line(depth, "outcome", f"= {target}: {title}"))
        elif target in drawn:
            lines.append(Line(depth, "seen", f"-> {target} (drawn above)"))
        else:
            drawn.add(target)
            question = spec.questions[target]
            text = f"? {target} [{question.kind}] {pick(question.text, lang)}"
            lines.append(Line(depth, "question", text))
            todo.extend(reversed(_branches(question, depth, lang)))
    return lines


def _branches(question: Question, depth: int, lang: str) -> list[Line | tuple[str, int]]:
    """Under a question: each choice, then where it leads (for a checkbox, only its own next,
    and the question's next under "otherwise")."""
    items: list[Line | tuple[str, int]] = []
    for choice in question.choices:
        text = f"{choice.value}: {choice_label(question, choice.value, lang)}"
        items.append(Line(depth + 1, "choice", text))
        goes = choice.next if question.kind == "checkbox" else next_node(question, choice.value)
        if goes is not None:
            items.append((goes, depth + 2))
    if question.kind == "checkbox" and question.next is not None:
        items.append(Line(depth + 1, "choice", f"({label('otherwise', lang)})"))
        items.append((question.next, depth + 2))
    return items


MAX_TREE_DEPTH = 20
"""Flows whose questions nest deeper than this are listed question by question: their
guides would fill the screen (each question's choices add a level of their own, so
that is 40 levels of guides)."""


def question_depth(lines: list[Line]) -> int:
    """How deep questions nest in a tree: the start question is 1, a question under one of
    its choices 2, and so on (a question's line is two levels below its parent's)."""
    return max(((line.depth + 1) // 2 for line in lines if line.kind == "question"), default=0)


def outline(flow: Flow, lang: str) -> list[Line]:
    """The flow question by question, each choice with where it leads (for very deep flows)."""
    spec = flow.spec
    lines = [Line(0, "flow", f"{spec.id} v{spec.version}: {pick(spec.title, lang)}")]
    for qid, question in spec.questions.items():
        lines.append(Line(1, "question", f"? {qid} [{question.kind}] {pick(question.text, lang)}"))
        for choice in question.choices:
            text = f"{choice.value}: {choice_label(question, choice.value, lang)}"
            lines.append(Line(2, "choice", f"{text} -> {next_node(question, choice.value)}"))
    for oid, outcome in spec.outcomes.items():
        lines.append(Line(1, "outcome", f"= {oid}: {pick(outcome.title, lang)}"))
    return lines


_STYLES = {
    "flow": "bold",
    "question": "bold cyan",
    "choice": "",
    "outcome": "green",
    "seen": "dim",
}


def render_tree(flow: Flow, lang: str, *, color: bool, width: int) -> str:
    """The tree drawn with rich's guides (colours only when ``color``); a flow deeper than
    :data:`MAX_TREE_DEPTH` questions deep is drawn as an outline instead."""
    import io

    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    lines = tree(flow, lang)
    if question_depth(lines) > MAX_TREE_DEPTH:
        lines = outline(flow, lang)
    root = Tree(Text(_one_line(lines[0].text), style=_STYLES["flow"]), guide_style="dim")
    stack: list[Tree] = [root]
    for line in lines[1:]:
        del stack[line.depth :]
        stack.append(stack[-1].add(Text(_one_line(line.text), style=_STYLES[line.kind])))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        markup=False,
        emoji=False,
        highlight=False,
    )
    console.print(root)
    return buffer.getvalue()
