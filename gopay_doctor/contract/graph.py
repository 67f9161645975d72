"""Graph validation of a structurally valid flow against its catalog.

Finds unknown ids, questions with no way forward, bad defaults, duplicate choice
values, malformed date questions and deadlines, misplaced placeholders, unreachable
questions and outcomes, and loops, each at the position of the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING

from gopay_doctor.contract.autochecks import CHECKS
from gopay_doctor.contract.model import (
    CONFIRM_VALUES,
    PLACEHOLDERS,
    Catalog,
    Contributions,
    DataPath,
    FlowSpec,
    Question,
)
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.safety import texts, versions
from gopay_doctor.errors import Problem, suggest

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document


def successors(question: Question) -> list[str]:
    """Every question or outcome id ``question`` can lead to, in order, without repeats."""
    targets = [c.next or question.next for c in question.choices]
    if question.kind in ("checkbox", "date") and question.next:
        targets.append(question.next)
    if question.kind == "date":
        targets.append(question.next_overdue)
    return list(dict.fromkeys(t for t in targets if t))


def check_graph(spec: FlowSpec, catalog: Catalog, doc: Document) -> list[Problem]:
    """Every graph problem of ``spec``; ``doc`` is the file it was read from."""
    return [
        doc.problem(path, message, key=key, rule=rule)
        for path, message, key, rule in _find(spec, catalog)
    ]


Finding = tuple[DataPath, str, bool, Rule]


Unknown = Callable[[str, str], str]
"""How an unknown id of a kind is told: ``unknown(ref, "cause")``."""


def _find(spec: FlowSpec, catalog: Catalog) -> Iterator[Finding]:
    nodes = set(spec.questions) | set(spec.outcomes)
    known: dict[str, Collection[str]] = {
        "question": spec.questions,
        "question or outcome": nodes,
        "notice": catalog.notices,
        "cause": catalog.causes,
        "step": catalog.steps,
        "channel": catalog.channels,
        "check": CHECKS,
    }

    def unknown(ref: str, what: str) -> str:
        """``ref`` is no known id of kind ``what``; the closest one is suggested."""
        return f"'{ref}' is not a known {what}{suggest(ref, known[what])}"

    for outcome_id in spec.outcomes:
        if outcome_id in spec.questions:
            yield (
                ("outcomes", outcome_id),
                f"'{outcome_id}' is both a question and an outcome",
                True,
                Rule.DUPLICATE_ID,
            )
    if spec.start not in spec.questions:
        yield (
            ("start",),
            f"start {unknown(spec.start, 'question')}",
            False,
            Rule.UNKNOWN_ID,
        )
    for index, notice in enumerate(spec.notices):
        if notice not in catalog.notices:
            yield (
                ("notices", index),
                f"notice {unknown(notice, 'notice')}",
                False,
                Rule.UNKNOWN_ID,
            )
    for qid, question in spec.questions.items():
        if question.kind == "date":
            yield from _check_date(qid, question, nodes, unknown)
        else:
            yield from _check_question(qid, question, nodes, catalog, unknown)
    yield from _check_placeholders(spec)
    for oid, outcome in spec.outcomes.items():
        yield from _check_refs(("outcomes", oid), outcome, catalog, unknown)
    yield from _check_reachable(spec)
    yield from _check_loops(spec)


def _check_question(
    qid: str, q: Question, nodes: set[str], catalog: Catalog, unknown: Unknown
) -> Iterator[Finding]:
    base: DataPath = ("questions", qid)
    values = [c.value for c in q.choices]
    if not q.choices:  # only a date question has none
        yield base, "missing required key 'choices'", False, Rule.SCHEMA
    for key in ("deadline", "next_overdue", "says"):
        if getattr(q, key) is not None:
            yield (*base, key), _only_dates(qid, q, key), True, Rule.DATE_QUESTION
    seen: set[str] = set()
    for index, choice in enumerate(q.choices):
        path = (*base, "choices", index)
        if choice.value in seen:
            yield (
                (*path, "value"),
                f"choice value '{choice.value}' appears twice in question '{qid}'",
                False,
                Rule.DUPLICATE_VALUE,
            )
        seen.add(choice.value)
        if choice.exclusive and q.kind != "checkbox":
            yield (
                (*path, "exclusive"),
                f"choice '{choice.value}': only choices of checkbox questions can be exclusive",
                False,
                Rule.BAD_EXCLUSIVE,
            )
        if choice.label is None and q.kind != "confirm":
            yield path, f"choice '{choice.value}' needs a label", False, Rule.MISSING_LABEL
        if choice.next is not None and choice.next not in nodes:
            yield (
                (*path, "next"),
                f"next {unknown(choice.next, 'question or outcome')}",
                False,
                Rule.UNKNOWN_ID,
            )
        if choice.next is None and q.next is None and q.kind != "checkbox":
            yield (
                path,
                (
                    f"choice '{choice.value}' of question '{qid}' has no way forward: "
                    "give it a next, or give the question one"
                ),
                False,
                Rule.DEAD_END,
            )
        yield from _check_refs(path, choice, catalog, unknown)
    if q.next is not None and q.next not in nodes:
        yield (
            (*base, "next"),
            f"next {unknown(q.next, 'question or outcome')}",
            False,
            Rule.UNKNOWN_ID,
        )
    if q.kind == "checkbox" and q.next is None:
        yield (
            base,
            (
                f"checkbox question '{qid}' needs a question-level next "
                "(used when no ticked choice has its own)"
            ),
            True,
            Rule.DEAD_END,
        )
    if q.kind == "confirm" and sorted(values) != sorted(CONFIRM_VALUES):
        yield (
            (*base, "choices"),
            (f"confirm question '{qid}' must have exactly the choices 'yes' and 'no'"),
            False,
            Rule.CONFIRM_CHOICES,
        )
    yield from _check_default(base, q, values)
    yield from _check_auto(base, qid, q, values, unknown)


def _only_dates(qid: str, q: Question, key: str) -> str:
    """Why ``key`` is out of place on question ``qid``, which is not a date question."""
    if key == "says":
        return (
            f"question '{qid}' is a {q.kind} question: its answers' own words go under "
            "each choice's says; only a date question has says of its own"
        )
    return f"question '{qid}' is a {q.kind} question: only a date question can have {key}"


def _check_date(qid: str, q: Question, nodes: set[str], unknown: Unknown) -> Iterator[Finding]:
    """A date question: no choices, default or check; a next; a well-formed deadline and
    next_overdue, which go together."""
    base: DataPath = ("questions", qid)
    why = {
        "choices": "its answer is a date (YYYY-MM-DD), not a choice",
        "default": "a date is always asked, never assumed",
        "auto": "no automatic check proposes a date",
    }
    for key, reason in why.items():
        if getattr(q, key):
            yield (
                (*base, key),
                f"date question '{qid}' takes no {key}: {reason}",
                True,
                (Rule.DATE_QUESTION),
            )
    for key in ("next", "next_overdue"):
        target = getattr(q, key)
        if target is not None and target not in nodes:
            yield (
                (*base, key),
                f"{key} {unknown(target, 'question or outcome')}",
                False,
                Rule.UNKNOWN_ID,
            )
    if q.next is None:
        yield (
            base,
            f"date question '{qid}' needs a next: where its answer leads",
            True,
            Rule.DEAD_END,
        )
    deadline = q.deadline
    if deadline is None:
        if q.next_overdue is not None:
            yield (
                (*base, "next_overdue"),
                f"question '{qid}' has next_overdue but no deadline: add the deadline that "
                "decides when the answer is overdue, or leave next_overdue out",
                True,
                Rule.BAD_DEADLINE,
            )
        return
    if q.next_overdue is None:
        yield (
            (*base, "deadline"),
            f"question '{qid}' has a deadline but no next_overdue: say where the answer leads "
            "once the due date has passed",
            True,
            Rule.BAD_DEADLINE,
        )
    if (deadline.working_days is None) == (deadline.days is None):
        both = deadline.days is not None
        yield (
            (*base, "deadline", "days") if both else (*base, "deadline"),
            "a deadline counts either working_days (Indonesian working days) or days (calendar "
            + ("days), not both" if both else "days): give one of them"),
            True,
            Rule.BAD_DEADLINE,
        )


PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
"""Something written as a placeholder: a name in braces, such as ``{due}``."""


def _check_placeholders(spec: FlowSpec) -> Iterator[Finding]:
    """``{date}`` and ``{due}`` only in a date question's says and deadline texts (``{due}``
    only with a deadline), and no other placeholder there."""
    for path, text in texts(spec):
        question = spec.questions.get(str(path[1])) if path[0] == "questions" else None
        allowed: tuple[str, ...] = ()
        if question is not None and question.kind == "date" and path[2] in ("says", "deadline"):
            allowed = PLACEHOLDERS if question.deadline is not None else ("date",)
        for lang, value in versions(text):
            for found in PLACEHOLDER.finditer(value):
                message = _placeholder(found.group(), found.group(1), allowed)
                if message:
                    yield (*path, *lang), message, False, Rule.BAD_PLACEHOLDER
                    break


def _placeholder(shown: str, name: str, allowed: tuple[str, ...]) -> str:
    """What is wrong with placeholder ``name`` (written ``shown``) in a text that may hold
    the ``allowed`` ones; nothing when it is fine (braces elsewhere are only braces)."""
    if name in allowed:
        return ""
    if not allowed:
        if name not in PLACEHOLDERS:
            return ""
        return (
            f"{shown} is shown as it is here: placeholders are filled in only in a date "
            "question's says and its deadline's before and after"
        )
    if name == "due":
        return "{due} needs a deadline: without one there is no due date"
    return f"unknown placeholder {shown}: use {{date}} (the answer) or {{due}} (the due date)"


def _check_auto(
    base: DataPath, qid: str, q: Question, values: list[str], unknown: Unknown
) -> Iterator[Finding]:
    """A question's ``auto`` names a known check that can only propose its choices."""
    if q.auto is None:
        return
    path = (*base, "auto")
    spec = CHECKS.get(q.auto)
    if spec is None:
        yield path, f"check {unknown(q.auto, 'check')}", False, Rule.UNKNOWN_CHECK
    elif q.kind == "checkbox":
        yield (
            path,
            f"check '{q.auto}' proposes one value; it cannot answer checkbox question '{qid}'",
            False,
            Rule.CHECK_VALUES,
        )
    else:
        missing = [v for v in spec.values if v not in values]
        if missing:
            yield (
                path,
                f"check '{q.auto}' may propose {', '.join(spec.values)}; question '{qid}' "
                f"has no choice {', '.join(repr(v) for v in missing)}",
                False,
                Rule.CHECK_VALUES,
            )


def _check_default(base: DataPath, q: Question, values: list[str]) -> Iterator[Finding]:
    if q.default is None:
        return
    path = (*base, "default")
    if q.kind == "checkbox":
        if not isinstance(q.default, list):
            yield (
                path,
                "the default of a checkbox question is a list of values",
                False,
                Rule.BAD_DEFAULT,
            )
            return
        if not q.default:
            yield (
                path,
                "the default of a checkbox question must tick at least one choice; leave "
                "the default out to preselect nothing",
                False,
                Rule.BAD_DEFAULT,
            )
            return
        bad = [v for v in q.default if v not in values]
    else:
        if isinstance(q.default, list):
            yield (
                path,
                f"the default of a {q.kind} question is one value, not a list",
                False,
                Rule.BAD_DEFAULT,
            )
            return
        bad = [q.default] if q.default not in values else []
    for value in bad:
        yield (
            path,
            f"default '{value}' is not a choice; valid values: {', '.join(values)}",
            False,
            Rule.BAD_DEFAULT,
        )


def _check_refs(
    path: DataPath, item: Contributions, catalog: Catalog, unknown: Unknown
) -> Iterator[Finding]:
    for cause in item.causes:
        if cause not in catalog.causes:
            yield (
                (*path, "causes", cause),
                f"cause {unknown(cause, 'cause')}",
                True,
                Rule.UNKNOWN_ID,
            )
    for field, known in (("steps", catalog.steps), ("channels", catalog.channels)):
        for index, ref in enumerate(getattr(item, field)):
            if ref not in known:
                yield (
                    (*path, field, index),
                    f"{field[:-1]} {unknown(ref, field[:-1])}",
                    False,
                    Rule.UNKNOWN_ID,
                )


def _check_reachable(spec: FlowSpec) -> Iterator[Finding]:
    if spec.start not in spec.questions:
        return
    reached = {spec.start}
    todo = [spec.start]
    while todo:
        for target in _next_of(spec, todo.pop()):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    for section, ids in (("questions", spec.questions), ("outcomes", spec.outcomes)):
        for node in ids:
            if node not in reached:
                what = section[:-1]
                yield (
                    (section, node),
                    f"{what} '{node}' can never be reached from start '{spec.start}'",
                    True,
                    Rule.UNREACHABLE,
                )


def _check_loops(spec: FlowSpec) -> Iterator[Finding]:
    """Depth-first search without recursion, so a flow of any length is fine."""
    done: set[str] = set()
    for root in spec.questions:
        if root in done:
            continue
        trail: list[str] = [root]
        on_trail = {root}
        stack = [iter(_next_of(spec, root))]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                node = trail.pop()
                on_trail.discard(node)
                done.add(node)
            elif target in on_trail:
                loop = [*trail[trail.index(target) :], target]
                yield (
                    ("questions", trail[-1]),
                    f"the flow loops: {' -> '.join(loop)}",
                    True,
                    Rule.LOOP,
                )
            elif target not in done:
                trail.append(target)
                on_trail.add(target)
                stack.append(iter(_next_of(spec, target)))


def _next_of(spec: FlowSpec, node: str) -> list[str]:
    question = spec.questions.get(node)
    return successors(question) if question else []
