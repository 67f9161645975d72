"""``flows show``: a flow drawn as a tree on the terminal, from the start question.

A question reached again is drawn once and referred to after that; a flow whose questions
nest deeper than :data:`MAX_TREE_DEPTH` is listed question by question (an outline).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from rich.tree import Tree

from gopay_doctor.contract.model import Flow, Question
from gopay_doctor.engine import choice_label, next_node
from gopay_doctor.i18n import label, pick
from gopay_doctor.output import rich_text
from gopay_doctor.plaintext import one_line
from gopay_doctor.render.chart import date_edges


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
            lines.append(Line(depth, "seen", label("drawn_above", lang).format(target=target)))
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
    if question.kind == "date":
        for target, shown in date_edges(question, lang):
            items += [Line(depth + 1, "choice", f"({shown})"), (target, depth + 2)]
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
        for target, shown in date_edges(question, lang) if question.kind == "date" else []:
            lines.append(Line(2, "choice", f"({shown}) -> {target}"))
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


def render_tree(flow: Flow, lang: str, *, color: bool, width: int, ascii: bool = False) -> str:
    """The tree drawn with rich's guides (colours only when ``color``; in ASCII with
    ``ascii``); a flow deeper than
    :data:`MAX_TREE_DEPTH` questions deep is drawn as an outline instead."""
    lines = tree(flow, lang)
    if question_depth(lines) > MAX_TREE_DEPTH:
        lines = outline(flow, lang)
    root = Tree(Text(one_line(lines[0].text), style=_STYLES["flow"]), guide_style="dim")
    stack: list[Tree] = [root]
    for line in lines[1:]:
        del stack[line.depth :]
        stack.append(stack[-1].add(Text(one_line(line.text), style=_STYLES[line.kind])))
    return rich_text([root], color=color, width=width, ascii=ascii)
