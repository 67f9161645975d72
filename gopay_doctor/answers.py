"""Answers, wherever they come from: one parse-and-validate path for all of them.

``--answer`` flags, answer files, standard input, defaults, the interactive prompt and
automatic checks all produce :class:`Answer` records through :func:`validate`, so a
value is judged the same way whatever its source. A value must match a choice's
``value`` exactly: nothing is coerced (``no`` is the string ``no``, never false). The
answer to a date question is a date written ``YYYY-MM-DD``, from :data:`DAYS_BACK` days
before today (in Jakarta) to today (:func:`date_range`); words such as "today" are not
dates.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from gopay_doctor.clock import today as clock_today
from gopay_doctor.contract.files import read_file, read_stream
from gopay_doctor.contract.model import Flow, Question, Text
from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem, suggest
from gopay_doctor.result import version_problem

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

AnswerValue = str | tuple[str, ...]
"""One choice value, or the ticked values of a checkbox question (in the flow's order)."""

SOURCES = ("given", "default", "prompt", "auto")
DAYS_BACK = 365
"""How far back a date answer may go: the earliest date is today minus this many days."""
DATE_FORM = "YYYY-MM-DD"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Holiday(Protocol):
    """A public holiday on a day."""

    @property
    def name(self) -> Text: ...

    @property
    def expected(self) -> bool:
        """Its date is an estimate: no decree has fixed it yet."""
        ...


HolidaysOn = Callable[[datetime.date], Sequence[Holiday]]
"""The public holidays on a day (none: an empty sequence)."""


class Dates(NamedTuple):
    """What date questions are judged with: today (in Jakarta), and the public holidays.

    The command line makes them with :func:`gopay_doctor.checks.dates` (the clock, and the
    holidays of the ``holidays`` package as the peak check sees them); a test gives its own."""

    today: datetime.date
    holidays_on: HolidaysOn = lambda _day: ()


class Proposed(NamedTuple):
    """What a question's automatic check proposed, and why."""

    value: AnswerValue
    reason: str = ""


class Answer(NamedTuple):
    """A validated answer and where it came from."""

    value: AnswerValue
    source: str = "given"
    """given (flag, file, stdin, library call), default, prompt or auto (a check)."""
    origin: str = ""
    """Where exactly: ``--answer``, ``FILE:LINE:COL``, ``<stdin>:LINE:COL``."""
    reason: str = ""
    """Why an automatic check proposed this very answer: it answered (``auto``), or the
    person kept its proposal (``prompt``)."""
    proposed: Proposed | None = None
    """What the question's automatic check proposed when the answer was given (by the
    check itself, or at the prompt, where the person kept or changed it); None when no
    check proposed anything."""


class Given(NamedTuple):
    """A raw answer before validation."""

    raw: object
    origin: str
    """Where the value came from (``FILE:LINE:COL``, ``--answer ...``), for messages."""
    named_at: str = ""
    """Where the question id itself was written, when that differs from ``origin``: an
    unknown question is reported there."""


class AnswerError(GopayDoctorError):
    """An answer that names no question, or a value that matches no choice."""


class ExclusiveChoice(AnswerError):
    """A choice that must be ticked alone (such as "None of these") was ticked with others."""

    def __init__(self, message: str, qid: str, value: str) -> None:
        super().__init__(message)
        self.qid = qid
        self.value = value


class NothingTicked(AnswerError):
    """A checkbox answer with no choice ticked: at least one is needed ("None of these" when
    nothing applies), so the question cannot be passed by accident."""

    def __init__(self, message: str, qid: str, alone: str | None) -> None:
        super().__init__(message)
        self.qid = qid
        self.alone = alone
        """The choice to tick when nothing applies (the question's exclusive choice), if any."""


class MissingAnswer(GopayDoctorError):
    """A question on the path has no answer and none may be asked."""

    def __init__(
        self,
        qid: str,
        question: Question,
        *,
        defaults: bool,
        hint: str = "",
        why: str = "",
        today: datetime.date | None = None,
    ) -> None:
        """``today``: the date a date question's answers are judged by (None: the clock's)."""
        if defaults:
            what = f"question '{qid}' has no answer and no default"
        else:
            what = f"no answer for question '{qid}'"
        if why:  # why nobody was asked
            what += f" (nothing is asked: {why})"
        if question.kind == "date":  # it has no default: --defaults cannot answer it
            super().__init__(
                f"{what}; {accepted_dates(today)}. Pass --answer {qid}={DATE_FORM} or "
                f"--answers FILE{hint}"
            )
        else:
            values = ", ".join(valid_values(question))
            super().__init__(
                f"{what}; valid values: {values}. Pass --answer {qid}=VALUE or --answers FILE"
                + ("" if defaults else ", or --defaults to take every question's default")
                + hint
            )
        self.qid = qid


def date_range(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The earliest and the latest date a date question accepts when it is ``today``."""
    return today - datetime.timedelta(days=DAYS_BACK), today


def accepted_dates(today: datetime.date | None = None) -> str:
    """What a date answer must be, in words: ``the answer is a date: give it as YYYY-MM-DD,
    from 2025-12-06 to 2026-12-06``."""
    earliest, latest = date_range(today or clock_today())
    return f"the answer is a date: give it as {DATE_FORM}, from {earliest} to {latest}"


def parse_date(text: str) -> datetime.date | None:
    """``text`` as a date when it is one written exactly ``YYYY-MM-DD``, else None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


def valid_values(question: Question) -> list[str]:
    return [c.value for c in question.choices]


def validate(
    flow: Flow,
    qid: str,
    given: Given,
    source: str = "given",
    *,
    today: datetime.date | None = None,
) -> Answer:
    """Check one raw answer against the flow; the only way an :class:`Answer` is made.

    ``today`` is the date a date question's answer is judged by (None: the clock's, read
    only for a date question)."""
    question = flow.spec.questions.get(qid)
    where = f" (from {given.origin})" if given.origin else ""
    if question is None:
        where = f" (from {given.named_at})" if given.named_at else where
        raise AnswerError(
            f"unknown question '{qid}'{where}; questions in flow '{flow.id}': "
            + ", ".join(flow.spec.questions)
            + suggest(qid, flow.spec.questions)
        )
    if question.kind == "date":
        return Answer(_date(qid, given, where, today or clock_today()), source, given.origin)
    values = valid_values(question)
    picked = _split(question, given.raw)
    if picked is None:
        raise AnswerError(
            f"answer to question '{qid}'{where} must be "
            + (
                "a list of values or comma-separated values"
                if question.kind == "checkbox"
                else "one value"
            )
            + f", got {_shown(given.raw)}; valid values: {', '.join(values)}"
        )
    for value in picked:
        if value not in values:
            raise AnswerError(
                f"invalid answer {value!r} for question '{qid}'{where}; "
                f"valid values: {', '.join(values)}{suggest(value, values)}"
            )
    if question.kind == "checkbox":
        chosen = set(picked)
        if not chosen:
            raise _nothing_ticked(question, qid, where)
        alone = [c.value for c in question.choices if c.exclusive and c.value in chosen]
        if alone and len(chosen) > 1:
            raise ExclusiveChoice(
                f"answer to question '{qid}'{where}: '{alone[0]}' cannot be ticked together "
                f"with other choices",
                qid,
                alone[0],
            )
        return Answer(tuple(v for v in values if v in chosen), source, given.origin)
    if len(picked) != 1:
        raise AnswerError(
            f"question '{qid}'{where} takes one value, got {len(picked)}; "
            f"valid values: {', '.join(values)}"
        )
    return Answer(picked[0], source, given.origin)


def _date(qid: str, given: Given, where: str, today: datetime.date) -> str:
    """The date answer ``given`` (``YYYY-MM-DD``) when it lies from the earliest date to
    today; else the :class:`AnswerError` that says what is wrong and what is accepted."""
    earliest, latest = date_range(today)
    form = f"give it as {DATE_FORM}, such as {latest}"
    raw = given.raw
    if not isinstance(raw, str):
        raise AnswerError(
            f"answer to question '{qid}'{where} must be one date, got {_shown(raw)}; {form}"
        )
    day = parse_date(raw)
    if day is None:
        why = ": there is no such date" if _ISO_DATE.fullmatch(raw) else ""
        raise AnswerError(f"invalid answer {raw!r} for question '{qid}'{where}{why}; {form}")
    if not earliest <= day <= latest:
        why = "that day has not come yet" if day > latest else f"more than {DAYS_BACK} days ago"
        raise AnswerError(
            f"invalid answer {raw!r} for question '{qid}'{where}: {why}; give a date from "
            f"{earliest} to {latest}"
        )
    return raw


def against(answer: Answer, proposed: Proposed | None) -> Answer:
    """``answer``, given where a check proposed ``proposed``: it records the proposal and,
    when it is the proposed value, the check's reason."""
    if proposed is None:
        return answer
    kept = answer.value == proposed.value
    return answer._replace(reason=proposed.reason if kept else "", proposed=proposed)


def checked_again(
    flow: Flow, qid: str, answer: Answer, *, today: datetime.date | None = None
) -> Answer:
    """An answer made before (saved, or passed to the library) checked against ``flow``
    through :func:`validate`, with its reason and its proposal (whose value is checked too)."""
    checked = validate(flow, qid, Given(answer.value, answer.origin), answer.source, today=today)
    proposed = answer.proposed
    if proposed is not None:
        value = validate(flow, qid, Given(proposed.value, "the check's proposal"), "auto").value
        proposed = Proposed(value, proposed.reason)
    return checked._replace(reason=answer.reason, proposed=proposed)


def _nothing_ticked(question: Question, qid: str, where: str) -> NothingTicked:
    alone = next((c.value for c in question.choices if c.exclusive), None)
    hint = f"; when none of them applies, answer '{alone}'" if alone else ""
    return NothingTicked(
        f"answer to question '{qid}'{where}: tick at least one choice{hint}; "
        f"valid values: {', '.join(valid_values(question))}",
        qid,
        alone,
    )


def _split(question: Question, raw: object) -> list[str] | None:
    if isinstance(raw, str):
        if question.kind == "checkbox":
            return [part.strip() for part in raw.split(",") if part.strip()]
        return [raw]
    if (
        isinstance(raw, (list, tuple))
        and question.kind == "checkbox"
        and all(isinstance(item, str) for item in raw)
    ):
        return list(raw)
    return None


def _shown(raw: object) -> str:
    if isinstance(raw, (list, tuple)):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    if raw is None:
        return "nothing"
    return repr(raw)


def default_answer(flow: Flow, qid: str) -> Answer | None:
    question = flow.spec.questions[qid]
    if question.default is None:
        return None
    raw = list(question.default) if isinstance(question.default, list) else question.default
    return validate(flow, qid, Given(raw, f"default of '{qid}'"), source="default")


def validate_all(
    flow: Flow, given: Mapping[str, Given], *, today: datetime.date | None = None
) -> dict[str, Answer]:
    return {qid: validate(flow, qid, item, today=today) for qid, item in given.items()}


def from_flags(flags: Sequence[str]) -> dict[str, Given]:
    """``--answer QID=VALUE`` flags; a question answered twice is an error."""
    found: dict[str, Given] = {}
    for flag in flags:
        qid, sep, value = flag.partition("=")
        qid = qid.strip()
        if not sep or not qid:
            raise AnswerError(f"--answer expects QUESTION=VALUE, got {flag!r}")
        if qid in found:
            raise AnswerError(f"question '{qid}' is answered twice with --answer")
        found[qid] = Given(value.strip(), f"--answer {flag}")
    return found


class FromResult(NamedTuple):
    """The flow of the saved result an answers file turned out to be."""

    flow_id: str
    file: str
    line: int
    column: int
    """Where the flow id is written."""

    def problem(self, message: str) -> FileProblems:
        """``message`` about the result's flow, at its flow id."""
        return FileProblems([Problem(self.file, self.line, self.column, message)])


class AnswersFile(NamedTuple):
    given: dict[str, Given]
    result: FromResult | None = None
    """Set when the file is a saved ``--format json`` result."""


def from_file(source: str, *, stdin: Any = None) -> AnswersFile:
    """Answers from a YAML or JSON file (``-`` reads standard input).

    The document is a mapping of question id to value (a list, or comma-separated
    values, for checkbox questions). A saved ``--format json`` result works too (it has a
    ``schema_version``, which no question id can be): its ``answers`` are used, if this
    gopay-doctor reads its ``schema_version``; which flow it is of is returned, for the
    caller to compare with the flow being run.
    """
    from gopay_doctor.contract.yamlsafe import load_yaml  # seam: PyYAML, only for a file

    if source == "-":
        name, data = "<stdin>", read_stream(stdin, "--answers -")
    else:
        name, data = source, read_file(Path(source), source)
    doc = load_yaml(data, name, strings_only=True)
    mapping: Any = doc.data
    base: tuple[str, ...] = ()
    result: FromResult | None = None

    def at(path: tuple[str, ...], *, key: bool = False) -> str:
        line, column = doc.position(path, key=key)
        return f"{name}:{line}:{column}"

    def fail(path: tuple[str, ...], message: str, *, key: bool = False) -> FileProblems:
        line, column = doc.position(path, key=key)
        return FileProblems([Problem(name, line, column, message)])

    if isinstance(mapping, dict) and "schema_version" in mapping:
        result = _result_flow(mapping, doc, fail)
        mapping, base = mapping["answers"], ("answers",)
    if mapping is None:
        return AnswersFile({}, result)
    if not isinstance(mapping, dict):
        raise fail(base, "answers must be a mapping of question id to value")
    found: dict[str, Given] = {}
    for qid, raw in mapping.items():
        if not isinstance(qid, str):
            raise fail((*base, qid), "a question id must be text", key=True)
        found[qid] = Given(
            raw if raw is not None else "", at((*base, qid)), at((*base, qid), key=True)
        )
    return AnswersFile(found, result)


def _result_flow(document: dict[Any, Any], doc: Document, fail: Any) -> FromResult:
    """The flow of a saved result, once its ``schema_version`` is known to be readable."""
    version = document["schema_version"]
    where = ("schema_version",)
    if not (isinstance(version, str) and version.isascii() and version.isdigit()):
        raise fail(where, f"schema_version must be a whole number, got {version!r}")
    problem = version_problem(int(version), "use its answers")
    if problem is not None:
        raise fail(where, problem)
    flow = document.get("flow")
    flow_id = flow.get("id") if isinstance(flow, dict) else None
    if not isinstance(flow_id, str):
        raise fail(("flow",), "a saved result names its flow (flow: id:)")
    if "answers" not in document:
        raise fail((), "this saved result has no answers")
    return FromResult(flow_id, doc.name, *doc.position(("flow", "id")))
