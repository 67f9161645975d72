"""Walks a flow with a set of answers and builds the result. Pure: no printing, prompting or files.

:func:`walk` follows the answers from the start question until it reaches an outcome
or a question with no answer; :func:`diagnose` turns a finished walk into a
:class:`~gopay_doctor.result.Result`. The interactive wizard and scripted runs both
use these two functions, so they cannot disagree.

A date question with a deadline leads to its ``next`` until the due date
(:func:`due_date`) and to its ``next_overdue`` once today is after it. "Today" and the
public holidays come in with :class:`Dates`, never from a clock here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import NamedTuple

from gopay_doctor.answers import (
    Answer,
    AnswerValue,
    Dates,
    Given,
    Holiday,
    HolidaysOn,
    MissingAnswer,
    checked_again,
    default_answer,
    validate,
)
from gopay_doctor.contract.graph import PLACEHOLDER, successors
from gopay_doctor.contract.model import (
    STEP_CATEGORIES,
    Contributions,
    Deadline,
    Flow,
    Question,
    Source,
)
from gopay_doctor.i18n import label, long_date, pick, pick_url, short_date
from gopay_doctor.result import (
    CauseItem,
    ChannelItem,
    DeadlineItem,
    FlowInfo,
    HolidayItem,
    NoticeItem,
    OutcomeInfo,
    ProposedAnswer,
    Result,
    SourceItem,
    StepItem,
    TranscriptEntry,
)


class Due(NamedTuple):
    """A due date, and the public holidays on weekdays that were skipped on the way to it."""

    day: datetime.date
    skipped: tuple[tuple[datetime.date, Holiday], ...] = ()


def due_date(deadline: Deadline, start: datetime.date, holidays_on: HolidaysOn) -> Due:
    """The due date of ``deadline`` for a transaction on ``start``.

    With ``days``, that many calendar days after ``start``. With ``working_days``, the
    ``working_days``-th Indonesian working day after ``start``: a day that is not a
    Saturday, a Sunday or a public holiday (``start`` itself never counts). A Friday with
    two working days is due on Tuesday; Thursday 24 December 2026 is due on Tuesday 29
    December 2026 (25 December is Christmas Day)."""
    if deadline.working_days is None:
        return Due(start + datetime.timedelta(days=deadline.days or 0))
    day, left = start, deadline.working_days
    skipped: list[tuple[datetime.date, Holiday]] = []
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() >= 5:  # Saturday, Sunday
            continue
        holidays = holidays_on(day)
        if holidays:
            skipped.extend((day, holiday) for holiday in holidays)
        else:
            left -= 1
    return Due(day, tuple(skipped))


class Visit(NamedTuple):
    """One answered question on the path."""

    qid: str
    answer: Answer
    overdue: bool | None = None
    """For a date question with a deadline: whether today is after its due date (the
    answer then led to ``next_overdue``); None for every other question."""


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


def walk(
    flow: Flow,
    answers: Mapping[str, Answer],
    *,
    defaults: bool = False,
    dates: Dates | None = None,
) -> Walk:
    """Follow ``answers`` from the start; with ``defaults`` unanswered questions take theirs.

    ``dates`` decide where the answer to a date question with a deadline leads; they may
    be None only when no such question is on the path (a ``ValueError`` otherwise)."""
    spec = flow.spec
    path: list[Visit] = []
    node = spec.start
    while node in spec.questions:
        question = spec.questions[node]
        answer = answers.get(node)
        if answer is None and defaults:
            answer = default_answer(flow, node)
        if answer is None:
            return Walk(tuple(path), node, None)
        overdue = _overdue(question, answer, dates)
        path.append(Visit(node, answer, overdue))
        if overdue and question.next_overdue is not None:
            node = question.next_overdue
        else:
            node = next_node(question, answer.value)
    return Walk(tuple(path), None, node)


def _due(question: Question, answer: Answer, dates: Dates | None) -> Due | None:
    """The due date of a date question's answer (None for a question without a deadline)."""
    if question.deadline is None:
        return None
    if dates is None:
        raise ValueError("a date question with a deadline is on the path: pass dates")
    assert isinstance(answer.value, str)  # a date question's answer is one date
    start = datetime.date.fromisoformat(answer.value)
    return due_date(question.deadline, start, dates.holidays_on)


def _overdue(question: Question, answer: Answer, dates: Dates | None) -> bool | None:
    due = _due(question, answer, dates)
    if due is None or dates is None:
        return None
    return dates.today > due.day


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


def normalize(
    flow: Flow, answers: Mapping[str, object], *, today: datetime.date | None = None
) -> dict[str, Answer]:
    """Validate raw answers (strings, lists or :class:`Answer` records) through the one path
    (a date answer as of ``today``)."""
    result: dict[str, Answer] = {}
    for qid, raw in answers.items():
        if isinstance(raw, Answer):
            result[qid] = checked_again(flow, qid, raw, today=today)
        else:
            result[qid] = validate(flow, qid, Given(raw, ""), today=today)
    return result


def diagnose(
    flow: Flow,
    answers: Mapping[str, object],
    lang: str = "en",
    *,
    defaults: bool = False,
    dates: Dates | None = None,
) -> Result:
    """The result of ``flow`` for ``answers``, with every text in ``lang``.

    ``dates`` judge the answers to date questions (today, and the public holidays); None
    takes them from the clock and the ``holidays`` package, for a flow that has date
    questions (:func:`gopay_doctor.checks.dates`).

    Raises :class:`~gopay_doctor.answers.AnswerError` for an answer that fits no
    question or choice, and :class:`~gopay_doctor.answers.MissingAnswer` when a
    question on the path has no answer (and, with ``defaults``, no default).
    """
    if dates is None and has_dates(flow):
        from gopay_doctor.checks import dates as today_and_holidays  # seam: the clock, holidays

        dates = today_and_holidays(flow)
    today = dates.today if dates is not None else None
    checked = normalize(flow, answers, today=today)
    done = walk(flow, checked, defaults=defaults, dates=dates)
    if done.pending is not None:
        question = flow.spec.questions[done.pending]
        raise MissingAnswer(done.pending, question, defaults=defaults, today=today)
    assert done.outcome is not None
    return build_result(flow, done.path, done.outcome, lang, dates=dates)


def has_dates(flow: Flow) -> bool:
    """Whether ``flow`` asks for a date (so it needs :class:`Dates`)."""
    return any(q.kind == "date" for q in flow.spec.questions.values())


def build_result(
    flow: Flow,
    path: tuple[Visit, ...],
    outcome_id: str,
    lang: str,
    *,
    dates: Dates | None = None,
) -> Result:
    """The result of a finished walk; ``dates`` as for :func:`walk`."""
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
        deadline=_deadline(flow, path, lang, dates),
        answers={
            v.qid: list(v.answer.value) if isinstance(v.answer.value, tuple) else v.answer.value
            for v in path
        },
        transcript=[_entry(flow, visit, lang, dates) for visit in path],
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


def _deadline(
    flow: Flow, path: tuple[Visit, ...], lang: str, dates: Dates | None
) -> DeadlineItem | None:
    """The deadline of the last date question with one on the path, or None."""
    visit = next((v for v in reversed(path) if v.overdue is not None), None)
    if visit is None:
        return None
    question = flow.spec.questions[visit.qid]
    deadline = question.deadline
    due = _due(question, visit.answer, dates)
    assert deadline is not None
    assert due is not None
    assert isinstance(visit.answer.value, str)
    start = datetime.date.fromisoformat(visit.answer.value)
    text = deadline.after if visit.overdue else deadline.before
    return DeadlineItem(
        question=visit.qid,
        date=visit.answer.value,
        due=due.day.isoformat(),
        working_days=deadline.working_days,
        days=deadline.days,
        overdue=bool(visit.overdue),
        text=fill(pick(text, lang), start, due.day, lang),
        holidays=[
            HolidayItem(date=day.isoformat(), name=pick(h.name, lang), expected=h.expected)
            for day, h in due.skipped
        ],
        sources=_sources(deadline.sources, lang),
    )


def fill(text: str, start: datetime.date, due: datetime.date | None, lang: str) -> str:
    """``text`` with ``{date}`` (``start``) and ``{due}`` written out in ``lang``; the flow's
    rules allow no other placeholder where this is used (``{due}`` only with a due date)."""
    values = {"date": long_date(start, lang)}
    if due is not None:
        values["due"] = long_date(due, lang)
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), text)


def quick_picks(today: datetime.date, lang: str, days: int = 7) -> list[tuple[str, str]]:
    """The last ``days`` days, newest first, as (``YYYY-MM-DD``, label) pairs: "Today,
    Sunday 6 December", "Yesterday, Saturday 5 December", "Friday 4 December", ..."""
    picks = []
    for back in range(days):
        day = today - datetime.timedelta(days=back)
        shown = short_date(day, lang)
        if back == 0:
            shown = label("pick_today", lang).format(date=shown)
        elif back == 1:
            shown = label("pick_yesterday", lang).format(date=shown)
        picks.append((day.isoformat(), shown))
    return picks


def choice_label(question: Question, value: str, lang: str) -> str:
    for choice in question.choices:
        if choice.value == value:
            if choice.label is not None:
                return pick(choice.label, lang)
            return label(value, lang) if question.kind == "confirm" else value
    return value


def _entry(flow: Flow, visit: Visit, lang: str, dates: Dates | None) -> TranscriptEntry:
    question = flow.spec.questions[visit.qid]
    if question.kind == "date":
        return _date_entry(question, visit, lang, dates)
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


def _date_entry(
    question: Question, visit: Visit, lang: str, dates: Dates | None
) -> TranscriptEntry:
    """A date answer: the date (``YYYY-MM-DD``), written out, and in the user's words."""
    assert isinstance(visit.answer.value, str)
    start = datetime.date.fromisoformat(visit.answer.value)
    due = _due(question, visit.answer, dates)
    says = pick(question.says, lang)
    return TranscriptEntry(
        question=visit.qid,
        text=pick(question.text, lang),
        answer=visit.answer.value,
        label=long_date(start, lang),
        says=[fill(says, start, due.day if due else None, lang)] if says else [],
        source=visit.answer.source,
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
