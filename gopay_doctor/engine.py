"""Walks a flow with a set of answers and builds the result. Pure: no printing, prompting or files.

:func:`walk` follows the answers from the start question until it reaches an outcome
or a question with no answer; :func:`diagnose` turns a finished walk into a
:class:`~gopay_doctor.result.Result`. The interactive wizard and scripted runs both
use these two functions, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from gopay_doctor.answers import (
    Answer,
    AnswerValue,
    Given,
    MissingAnswer,
    checked_again,
    default_answer,
    validate,
)
from gopay_doctor.contract.graph import successors
from gopay_doctor.contract.model import STEP_CATEGORIES, Contributions, Flow, Question, Source
from gopay_doctor.i18n import label, pick, pick_url
from gopay_doctor.result import (
    CauseItem,
    ChannelItem,
    FlowInfo,
    NoticeItem,
    OutcomeInfo,
    ProposedAnswer,
    Result,
    SourceItem,
    StepItem,
    TranscriptEntry,
)


class Visit(NamedTuple):
    """One answered question on the path."""

    qid: str
    answer: Answer


class Walk(NamedTuple):
    """How far a set of answers gets: the path, and either the next question or the outcome."""

    path: tuple[Visit, ...]
    pending: str | None
    """The first question on the path without an answer."""
    outcome: str | None


def next_node(question: Question, value: str | tuple[str, ...]) -> str:
    """Where ``value`` leads: the choice's next, else the question's.

    For a checkbox question the first ticked choice (in the flow's order) with its
    own next wins, so an author can route the most urgent symptom first.
    """
    ticked = value if isinstance(value, tuple) else (value,)
    for choice in question.choices:
        if choice.value in ticked and choice.next:
            return choice.next
    if question.next is None:  # prevented by validation
        raise AssertionError("question without a way forward")
    return question.next


def walk(flow: Flow, answers: Mapping[str, Answer], *, defaults: bool = False) -> Walk:
    """Follow ``answers`` from the start; with ``defaults`` unanswered questions take theirs."""
    spec = flow.spec
    path: list[Visit] = []
    node = spec.start
    while node in spec.questions:
        answer = answers.get(node)
        if answer is None and defaults:
            answer = default_answer(flow, node)
        if answer is None:
            return Walk(tuple(path), node, None)
        path.append(Visit(node, answer))
        node = next_node(spec.questions[node], answer.value)
    return Walk(tuple(path), None, node)


_LONGEST: dict[int, tuple[Flow, dict[str, int]]] = {}
"""Each flow's longest paths found so far, by the flow's identity (the flow is kept, so its
identity is not another's)."""


def questions_left(flow: Flow, node: str) -> int:
    """At most how many questions are left from ``node`` to an outcome: those on the
    longest path from it, ``node`` included (0 for an outcome). Flows have no loops (they
    are refused on load), so every path ends."""
    questions = flow.spec.questions
    kept = _LONGEST.get(id(flow))
    if kept is None or kept[0] is not flow:  # computed once per flow: a bot asks every time
        if len(_LONGEST) >= 16:
            _LONGEST.clear()
        kept = _LONGEST[id(flow)] = (flow, {})
    longest = kept[1]
    todo = [node]
    while todo:  # depth first, without recursion, so a flow of any length is fine
        current = todo[-1]
        if current in longest:
            todo.pop()
        elif current not in questions:
            longest[current] = 0
        elif waiting := [n for n in successors(questions[current]) if n not in longest]:
            todo.extend(waiting)
        else:
            longest[current] = 1 + max(longest[n] for n in successors(questions[current]))
    return longest[node]


def normalize(flow: Flow, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Validate raw answers (strings, lists or :class:`Answer` records) through the one path."""
    result: dict[str, Answer] = {}
    for qid, raw in answers.items():
        if isinstance(raw, Answer):
            result[qid] = checked_again(flow, qid, raw)
        else:
            result[qid] = validate(flow, qid, Given(raw, ""))
    return result


def diagnose(
    flow: Flow, answers: Mapping[str, object], lang: str = "en", *, defaults: bool = False
) -> Result:
    """The result of ``flow`` for ``answers``, with every text in ``lang``.

    Raises :class:`~gopay_doctor.answers.AnswerError` for an answer that fits no
    question or choice, and :class:`~gopay_doctor.answers.MissingAnswer` when a
    question on the path has no answer (and, with ``defaults``, no default).
    """
    checked = normalize(flow, answers)
    done = walk(flow, checked, defaults=defaults)
    if done.pending is not None:
        raise MissingAnswer(done.pending, flow.spec.questions[done.pending], defaults=defaults)
    assert done.outcome is not None
    return build_result(flow, done.path, done.outcome, lang)


def build_result(flow: Flow, path: tuple[Visit, ...], outcome_id: str, lang: str) -> Result:
    spec, catalog = flow.spec, flow.catalog
    outcome = spec.outcomes[outcome_id]
    parts: list[Contributions] = [outcome]
    for visit in path:
        ticked = (
            visit.answer.value if isinstance(visit.answer.value, tuple) else (visit.answer.value,)
        )
        parts.extend(c for c in spec.questions[visit.qid].choices if c.value in ticked)

    weights: dict[str, int] = {}
    steps: dict[str, None] = {}
    channels: dict[str, None] = {}
    for part in parts:
        for cause, weight in part.causes.items():
            weights[cause] = weights.get(cause, 0) + weight
        steps.update(dict.fromkeys(part.steps))
        channels.update(dict.fromkeys(part.channels))

    ranked = sorted(weights.items(), key=lambda item: -item[1])  # stable: ties keep path order
    order = {category: i for i, category in enumerate(STEP_CATEGORIES)}
    step_ids = sorted(
        steps, key=lambda s: (not catalog.steps[s].urgent, order[catalog.steps[s].category])
    )

    return Result(
        flow=FlowInfo(id=spec.id, version=spec.version, title=pick(spec.title, lang)),
        lang=lang,
        outcome=OutcomeInfo(
            id=outcome_id,
            title=pick(outcome.title, lang),
            summary=pick(outcome.summary, lang),
            sources=_sources(outcome.sources, lang),
        ),
        answers={
            v.qid: list(v.answer.value) if isinstance(v.answer.value, tuple) else v.answer.value
            for v in path
        },
        transcript=[_entry(flow, visit, lang) for visit in path],
        causes=[
            CauseItem(
                id=cid,
                title=pick(catalog.causes[cid].title, lang),
                explanation=pick(catalog.causes[cid].explanation, lang),
                weight=weight,
                sources=_sources(catalog.causes[cid].sources, lang),
            )
            for cid, weight in ranked
        ],
        steps=[
            StepItem(
                id=sid,
                text=pick(catalog.steps[sid].text, lang),
                detail=pick(catalog.steps[sid].detail, lang),
                category=catalog.steps[sid].category,
                urgent=catalog.steps[sid].urgent,
                sources=_sources(catalog.steps[sid].sources, lang),
            )
            for sid in step_ids
        ],
        channels=[
            ChannelItem(
                id=cid,
                name=pick(catalog.channels[cid].name, lang),
                how=pick(catalog.channels[cid].how, lang),
                url=pick_url(catalog.channels[cid].url, lang),
                official=catalog.channels[cid].official,
                sources=_sources(catalog.channels[cid].sources, lang),
            )
            for cid in channels
        ],
        notices=[
            NoticeItem(
                id=n,
                text=pick(catalog.notices[n].text, lang),
                sources=_sources(catalog.notices[n].sources, lang),
            )
            for n in spec.notices
        ],
    )


def _sources(sources: list[Source], lang: str) -> list[SourceItem]:
    """Each source's page in ``lang`` (its own page where it has one, else English's)."""
    return [
        SourceItem(url=pick_url(s.url, lang) or "", verified_on=s.verified_on.isoformat())
        for s in sources
    ]


def choice_label(question: Question, value: str, lang: str) -> str:
    for choice in question.choices:
        if choice.value == value:
            if choice.label is not None:
                return pick(choice.label, lang)
            return label(value, lang) if question.kind == "confirm" else value
    return value


def _entry(flow: Flow, visit: Visit, lang: str) -> TranscriptEntry:
    question = flow.spec.questions[visit.qid]
    answer, shown = _shown(question, visit.answer.value, lang)
    proposed = visit.answer.proposed
    if proposed is not None:
        value, proposed_label = _shown(question, proposed.value, lang)
        was: ProposedAnswer | None = ProposedAnswer(
            answer=value, label=proposed_label, reason=proposed.reason or None
        )
    else:
        was = None
    return TranscriptEntry(
        question=visit.qid,
        text=pick(question.text, lang),
        answer=answer,
        label=shown,
        says=_says(question, visit.answer.value, lang),
        source=visit.answer.source,
        reason=visit.answer.reason or None,
        proposed=was,
    )


def _shown(question: Question, value: AnswerValue, lang: str) -> tuple[str | list[str], str]:
    """``value`` as the JSON document holds it, and its label in ``lang``."""
    if isinstance(value, tuple):
        shown = "; ".join(choice_label(question, v, lang) for v in value)
        return list(value), shown or label("none_selected", lang)
    return value, choice_label(question, value, lang)


def _says(question: Question, value: AnswerValue, lang: str) -> list[str]:
    """The chosen values in the user's own words, when the flow gives every one of them."""
    chosen = value if isinstance(value, tuple) else (value,)
    says = [c.says for c in question.choices if c.value in chosen]
    if len(says) != len(chosen) or any(text is None for text in says):
        return []
    return [pick(text, lang) for text in says]
