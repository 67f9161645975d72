"""Scenario tests for flows: answers in, expected outcome, causes and steps out, and coverage.

A scenarios file lies beside its flow (``<id>.scenarios.yaml`` tests ``<id>.yaml``)::

    scenarios:
      - name: money missing goes straight to the danger outcome
        answers: {signs: [theft]}
        defaults: true            # unanswered questions take their default
        lang: id                  # the language to run in (default en)
        now: 2026-12-28T10:00:00+07:00  # the time it runs at; needed to answer a date question
        expect:
          outcome: danger
          primary-cause: hacked   # the most likely cause
          steps: [freeze]         # must appear
          not-steps: [retry]      # must not appear
          first-steps: [freeze]   # the result's steps begin with these, in this order
          calm: false             # true: no urgent step; false: at least one

Each scenario runs through the engine (:func:`~gopay_doctor.engine.walk` and
:func:`~gopay_doctor.engine.build_result`) exactly as ``diagnose`` runs a user's answers. Coverage counts the choices chosen and the outcomes reached by all of them; a
date question counts as its ways forward, ``next`` and (with a deadline) ``next_overdue``.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from gopay_doctor import clock
from gopay_doctor.answers import DATE_FORM, AnswerError, Given, valid_values, validate
from gopay_doctor.checks import dates
from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.folder import Sources, scenarios_file_of
from gopay_doctor.contract.loading import Files, load_flow_file, read_document
from gopay_doctor.contract.model import DataPath, Flow, Id, Question, Record
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.engine import Visit, build_result, has_dates, normalize, walk
from gopay_doctor.errors import FileProblems, Problem, suggest
from gopay_doctor.result import Result

ScenarioLang = Literal["en", "id", "zh"]


class Expect(Record, frozen=True, kw_only=True):
    """What a scenario must produce. Lists of ids are checked in any order."""

    outcome: Annotated[Id, msgspec.Meta(description="The outcome the answers must lead to.")]
    primary_cause: Annotated[
        Id | None, msgspec.Meta(description="The cause that must rank first (the most likely one).")
    ] = msgspec.field(default=None, name="primary-cause")
    causes: Annotated[
        list[Id], msgspec.Meta(description="Causes that must be among the result's causes.")
    ] = msgspec.field(default_factory=list)
    not_causes: Annotated[
        list[Id], msgspec.Meta(description="Causes that must not be among them.")
    ] = msgspec.field(default_factory=list, name="not-causes")
    steps: Annotated[list[Id], msgspec.Meta(description="Steps that must be recommended.")] = (
        msgspec.field(default_factory=list)
    )
    not_steps: Annotated[
        list[Id], msgspec.Meta(description="Steps that must not be recommended.")
    ] = msgspec.field(default_factory=list, name="not-steps")
    first_steps: Annotated[
        list[Id],
        msgspec.Meta(
            description="The steps the result must begin with, exactly these and in this order."
        ),
    ] = msgspec.field(default_factory=list, name="first-steps")
    calm: Annotated[
        bool | None,
        msgspec.Meta(
            description="true: the result has no urgent step (no alarm); false: it has at least one."
        ),
    ] = None
    channels: Annotated[list[Id], msgspec.Meta(description="Channels that must be offered.")] = (
        msgspec.field(default_factory=list)
    )
    not_channels: Annotated[
        list[Id], msgspec.Meta(description="Channels that must not be offered.")
    ] = msgspec.field(default_factory=list, name="not-channels")


class Scenario(Record, frozen=True, kw_only=True):
    """One test: answers in, expectations out."""

    name: Annotated[
        str,
        msgspec.Meta(
            description="What the scenario shows, in a few words; unique in its file.",
            min_length=1,
            max_length=200,
        ),
    ]
    # Values are checked by gopay_doctor.answers, the one validation path for answers.
    # (Not Id | list[Id]: msgspec 0.22 can crash at exit when that union is used in two
    # models; see https://github.com/msgspec/msgspec/issues/717.)
    answers: Annotated[
        dict[Id, str | list[str]],
        msgspec.Meta(
            description="Question id to choice value (a list of values for checkbox questions)."
        ),
    ] = msgspec.field(default_factory=dict)
    defaults: Annotated[
        bool,
        msgspec.Meta(
            description="Whether unanswered questions take their default, as with --defaults."
        ),
    ] = False
    lang: Annotated[
        ScenarioLang, msgspec.Meta(description="The language to run the scenario in.")
    ] = "en"
    now: Annotated[
        str | None,
        msgspec.Meta(
            description="The time the scenario runs at, ISO 8601 as GOPAY_DOCTOR_NOW (such as 2026-12-28T10:00:00+07:00); required to answer a date question, so a scenario never depends on the real date."
        ),
    ] = None
    expect: Expect


class ScenarioFile(Record, frozen=True, kw_only=True):
    """A scenarios file: the tests of the flow with the same name beside it."""

    scenarios: Annotated[list[Scenario], msgspec.Meta(min_length=1)]


def load(path: Path) -> tuple[ScenarioFile, Document]:
    """Parse and structurally check a scenarios file (raises :class:`FileProblems`)."""
    doc = read_document(path)
    return convert(doc, ScenarioFile), doc


# --- references -----------------------------------------------------------------------


def check_references(tests: ScenarioFile, doc: Document, flow: Flow) -> list[Problem]:
    """Problems a scenarios file has before anything runs: bad answers, unknown ids."""
    problems = duplicate_names(tests, doc)
    for index, scenario in enumerate(tests.scenarios):
        base: DataPath = ("scenarios", index)
        problems.extend(answer_problems(flow, scenario, doc, base))
        problems.extend(_expect_references(flow, scenario, doc, base))
    return problems


def duplicate_names(tests: ScenarioFile, doc: Document) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, scenario in enumerate(tests.scenarios):
        if scenario.name in seen:
            problems.append(
                doc.problem(
                    ("scenarios", index, "name"),
                    f"scenario name {scenario.name!r} is used twice in this file",
                    rule=Rule.DUPLICATE_ID,
                )
            )
        seen.add(scenario.name)
    return problems


def scenario_now(scenario: Scenario) -> datetime.datetime | None:
    """The time ``scenario`` runs at, or None (``ValueError`` when ``now`` is no time)."""
    return None if scenario.now is None else clock.parse(scenario.now)


def answer_problems(flow: Flow, scenario: Scenario, doc: Document, base: DataPath) -> list[Problem]:
    """Answers that fit no question or choice, judged by the one validation path; an answer
    to a date question needs the scenario's ``now``."""
    try:
        now = scenario_now(scenario)
    except ValueError as exc:
        return [
            doc.problem(
                (*base, "now"),
                f"scenario {scenario.name!r}: now: {exc}: {scenario.now!r} (for example "
                "2026-12-28T10:00:00+07:00)",
                rule=Rule.SCHEMA,
            )
        ]
    today = now.astimezone(clock.jakarta()).date() if now is not None else None
    problems = []
    for qid, raw in scenario.answers.items():
        question = flow.spec.questions.get(qid)
        if question is not None and question.kind == "date" and today is None:
            problems.append(
                doc.problem(
                    (*base, "answers", qid),
                    f"scenario {scenario.name!r}: question '{qid}' takes a date: set now "
                    "(such as now: 2026-12-28T10:00:00+07:00), so the scenario does not depend "
                    "on the day it runs",
                    rule=Rule.BAD_ANSWER,
                )
            )
            continue
        try:
            validate(flow, qid, Given(raw, ""), today=today)
        except AnswerError as exc:
            problems.append(
                doc.problem(
                    (*base, "answers", qid),
                    f"scenario {scenario.name!r}: {exc}",
                    key=qid not in flow.spec.questions,
                    rule=Rule.BAD_ANSWER,
                )
            )
    return problems


def _expect_references(
    flow: Flow, scenario: Scenario, doc: Document, base: DataPath
) -> Iterator[Problem]:
    expect = scenario.expect
    where: DataPath = (*base, "expect")
    catalog = flow.catalog
    if expect.outcome not in flow.spec.outcomes:
        yield doc.problem(
            (*where, "outcome"),
            f"'{expect.outcome}' is not an outcome of flow '{flow.id}'"
            + suggest(expect.outcome, flow.spec.outcomes),
            rule=Rule.UNKNOWN_ID,
        )
    if expect.primary_cause is not None and expect.primary_cause not in catalog.causes:
        yield doc.problem(
            (*where, "primary-cause"),
            f"'{expect.primary_cause}' is not a known cause"
            + suggest(expect.primary_cause, catalog.causes),
            rule=Rule.UNKNOWN_ID,
        )
    for key, ids, known in _id_lists(scenario, flow):
        for position, ref in enumerate(ids):
            if ref not in known:
                what = key.removeprefix("not-").removeprefix("first-")[:-1]
                yield doc.problem(
                    (*where, key, position),
                    f"'{ref}' is not a known {what}" + suggest(ref, known),
                    rule=Rule.UNKNOWN_ID,
                )


def _id_lists(scenario: Scenario, flow: Flow) -> list[tuple[str, list[str], dict[str, object]]]:
    """The expectations that are lists of ids to look for (``first-steps`` is an ordered
    list, checked on its own, but its ids are known steps too)."""
    e, c = scenario.expect, flow.catalog
    return [
        ("causes", e.causes, dict(c.causes)),
        ("not-causes", e.not_causes, dict(c.causes)),
        ("steps", e.steps, dict(c.steps)),
        ("not-steps", e.not_steps, dict(c.steps)),
        ("first-steps", e.first_steps, dict(c.steps)),
        ("channels", e.channels, dict(c.channels)),
        ("not-channels", e.not_channels, dict(c.channels)),
    ]


# --- running --------------------------------------------------------------------------


@dataclass
class Coverage:
    """Which choices and outcomes of a flow the scenarios exercised, and how many
    questions each scenario's path asks."""

    choices: Annotated[
        list[tuple[str, str]],
        msgspec.Meta(description="Every (question, value) of the flow, in file order."),
    ]
    outcomes: list[str]
    chosen: set[tuple[str, str]] = field(default_factory=set)
    reached: set[str] = field(default_factory=set)
    asked: list[int] = field(default_factory=list)
    """For each scenario that ran, the number of questions on its path: what a person
    answering the same way is asked (a question that takes its default is still shown)."""
    dated: set[str] = field(default_factory=set)
    """The date questions, whose ways forward are counted instead of choices."""

    @classmethod
    def of(cls, flow: Flow) -> Coverage:
        questions = flow.spec.questions
        return cls(
            [c for qid, q in questions.items() for c in _ways(qid, q)],
            list(flow.spec.outcomes),
            dated={qid for qid, q in questions.items() if q.kind == "date"},
        )

    def add(self, path: tuple[Visit, ...], outcome: str) -> None:
        """One scenario's path: every question on it, with its answer."""
        for visit in path:
            value = visit.answer.value
            if visit.overdue is not None:  # a date question with a deadline: which way
                self.chosen.add((visit.qid, "next_overdue" if visit.overdue else "next"))
            elif visit.qid in self.dated:  # a date question without a deadline
                self.chosen.add((visit.qid, "next"))
            else:
                self.chosen.update(
                    (visit.qid, v) for v in (value if isinstance(value, tuple) else (value,))
                )
        self.reached.add(outcome)
        self.asked.append(len(path))

    @property
    def questions(self) -> tuple[float, int] | None:
        """The median and the largest number of questions a scenario asks (None when no
        scenario ran)."""
        if not self.asked:
            return None
        return statistics.median(self.asked), max(self.asked)

    @property
    def never_chosen(self) -> list[tuple[str, str]]:
        return [c for c in self.choices if c not in self.chosen]

    @property
    def never_reached(self) -> list[str]:
        return [o for o in self.outcomes if o not in self.reached]

    @property
    def choice_ratio(self) -> tuple[int, int]:
        return len(self.choices) - len(self.never_chosen), len(self.choices)

    @property
    def outcome_ratio(self) -> tuple[int, int]:
        return len(self.outcomes) - len(self.never_reached), len(self.outcomes)


def _ways(qid: str, question: Question) -> list[tuple[str, str]]:
    """What a scenario can choose at a question: each choice; for a date question its ways
    forward, ``next`` and (with a deadline) ``next_overdue``."""
    if question.kind != "date":
        return [(qid, c.value) for c in question.choices]
    return [(qid, "next"), *([(qid, "next_overdue")] if question.deadline is not None else [])]


@dataclass
class FlowReport:
    """The scenario results of one flow."""

    flow_id: str
    flow_file: Path
    scenarios_file: Path | None
    problems: Annotated[
        list[Problem],
        msgspec.Meta(description="Failures and broken files, as ``FILE:LINE:COL`` problems."),
    ] = field(default_factory=list)
    total: int = 0
    failed: int = 0
    coverage: Annotated[
        Coverage | None,
        msgspec.Meta(description="None when the flow or its scenarios could not be loaded."),
    ] = None


def run_file(tests: ScenarioFile, doc: Document, flow: Flow) -> FlowReport:
    """Run every scenario of ``tests`` on ``flow``."""
    report = FlowReport(flow.id, Path(flow.source), None, coverage=Coverage.of(flow))
    report.problems.extend(duplicate_names(tests, doc))
    for index, scenario in enumerate(tests.scenarios):
        base: DataPath = ("scenarios", index)
        bad_answers = answer_problems(flow, scenario, doc, base)
        problems = [*bad_answers, *_expect_references(flow, scenario, doc, base)]
        if not bad_answers:
            problems.extend(run_scenario(flow, scenario, doc, base, report.coverage))
        report.total += 1
        report.failed += bool(problems)
        report.problems.extend(problems)
    return report


def run_scenario(
    flow: Flow, scenario: Scenario, doc: Document, base: DataPath, coverage: Coverage | None
) -> list[Problem]:
    """Run one scenario; the expectations it fails, as problems (empty when it passes)."""

    def fail(path: DataPath, message: str) -> Problem:
        return doc.problem(
            (*base, *path), f"scenario {scenario.name!r}: {message}", rule=Rule.SCENARIO_FAILED
        )

    days = dates(flow, now=scenario_now(scenario)) if has_dates(flow) else None
    today = days.today if days is not None else None
    done = walk(
        flow, normalize(flow, scenario.answers, today=today), defaults=scenario.defaults, dates=days
    )
    if done.pending is not None:
        question = flow.spec.questions[done.pending]
        if question.kind == "date":
            values = f"a date, {DATE_FORM}" + ("" if scenario.now else ", and set now")
            how = ""
        else:
            values = "valid values: " + ", ".join(valid_values(question))
            how = "" if scenario.defaults else ", or set defaults: true"
        return [
            fail(
                ("answers",),
                f"question '{done.pending}' is on the path but has no answer"
                + (" and no default" if scenario.defaults else "")
                + f"; answer it ({values}){how}",
            )
        ]
    assert done.outcome is not None
    result = build_result(flow, done.path, done.outcome, scenario.lang, dates=days)
    if coverage is not None:
        coverage.add(done.path, result.outcome.id)
    expect = scenario.expect
    failures = []
    if result.outcome.id != expect.outcome and expect.outcome in flow.spec.outcomes:
        failures.append(
            fail(
                ("expect", "outcome"),
                f"expected outcome '{expect.outcome}', got '{result.outcome.id}'",
            )
        )
    causes = [c.id for c in result.causes]
    if expect.primary_cause in flow.catalog.causes and causes[:1] != [expect.primary_cause]:
        got = f"'{causes[0]}'" if causes else "no cause"
        failures.append(
            fail(
                ("expect", "primary-cause"),
                f"expected primary cause '{expect.primary_cause}', got {got} "
                f"(causes: {', '.join(causes) or 'none'})",
            )
        )
    found = {
        "causes": causes,
        "steps": [s.id for s in result.steps],
        "channels": [c.id for c in result.channels],
    }
    failures.extend(_order_and_alarm(scenario, result, flow, fail))
    for key, ids, known in _id_lists(scenario, flow):  # unknown ids are reported already
        if key == "first-steps":
            continue
        section = key.removeprefix("not-")
        wanted = not key.startswith("not-")
        for position, ref in enumerate(ids):
            if ref in known and (ref in found[section]) != wanted:
                verb = "is missing from" if wanted else "should not be among"
                failures.append(
                    fail(
                        ("expect", key, position),
                        f"{section[:-1]} '{ref}' {verb} the {section} "
                        f"({', '.join(found[section]) or 'none'})",
                    )
                )
    return failures


def _order_and_alarm(
    scenario: Scenario, result: Result, flow: Flow, fail: Callable[[DataPath, str], Problem]
) -> Iterator[Problem]:
    """``first-steps``: the steps begin with exactly these; ``calm``: no urgent step (true)
    or at least one (false)."""
    expect = scenario.expect
    steps = [s.id for s in result.steps]
    wanted = expect.first_steps
    known = all(ref in flow.catalog.steps for ref in wanted)  # unknown ids: reported already
    if wanted and known and steps[: len(wanted)] != wanted:
        yield fail(
            ("expect", "first-steps"),
            f"the steps should begin with {', '.join(wanted)}; they begin with "
            f"{', '.join(steps[: len(wanted)]) or 'nothing'}",
        )
    urgent = [s.id for s in result.steps if s.urgent]
    if expect.calm is True and urgent:
        yield fail(
            ("expect", "calm"),
            f"expected a calm result (no urgent step), got urgent steps: {', '.join(urgent)}",
        )
    if expect.calm is False and not urgent:
        yield fail(("expect", "calm"), "expected at least one urgent step, got none")


def run_flow(flow_path: Path, sources: Sources, files: Files | None = None) -> FlowReport:
    """Load a flow and run the scenarios beside it (``files``: those read already)."""
    report = FlowReport(flow_path.stem, flow_path, scenarios_file_of(flow_path))
    try:
        flow = load_flow_file(flow_path, sources, files=files)
    except FileProblems as exc:
        report.problems.extend(exc.problems)
        return report
    if report.scenarios_file is None:
        report.coverage = Coverage.of(flow)
        return report
    try:
        tests, doc = load(report.scenarios_file)
    except FileProblems as exc:
        report.problems.extend(exc.problems)
        return report
    ran = run_file(tests, doc, flow)
    ran.flow_file, ran.scenarios_file = flow_path, report.scenarios_file
    return ran
