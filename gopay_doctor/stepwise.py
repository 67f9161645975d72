"""One question at a time, for chat bots and scripts: given the answers so far, what comes next?

:func:`step` answers with one :class:`Step` record, whose :meth:`~StepQuestion.to_dict`
is the document ``gopay-doctor step`` prints: either the next question (in the chosen
language, with its choices, its default and, where an automatic check applies, the
check's proposal and reason) or the finished result (exactly the ``--format json``
document), with the progress so far. It never asks anyone anything.

It is the wizard's own machinery without the person: the answers are checked by
:func:`~gopay_doctor.answers.validate`, the pending question is found by
:func:`~gopay_doctor.engine.walk` and shown through
:func:`~gopay_doctor.interview.question_view`, and checks and defaults answer what they
may exactly as in ``diagnose`` (:func:`~gopay_doctor.interview.fill`), so a bot, the
wizard and a script cannot disagree.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from gopay_doctor.answers import AnswerValue, default_answer
from gopay_doctor.checks import CheckContext, Checker, dates
from gopay_doctor.contract.folder import ENV_FLOWS_DIR, Sources
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import build_result, has_dates, normalize, questions_left
from gopay_doctor.i18n import pick
from gopay_doctor.interview import Session, fill, question_view
from gopay_doctor.result import FlowInfo, Result, ResultDocument

SCHEMA_VERSION = 1
"""The version of the step document; it changes only when a key is removed or changes
meaning (new keys may appear within a version)."""


class _Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    pass


class ChoiceItem(_Record, frozen=True, kw_only=True):
    """One possible answer."""

    value: Annotated[
        str,
        msgspec.Meta(
            description="What to pass back as the answer (with --answer QUESTION=VALUE, or in the answers)."
        ),
    ]
    label: Annotated[str, msgspec.Meta(description="What the user reads.")]


class Proposal(_Record, frozen=True, kw_only=True):
    """The answer an automatic check proposes for the question."""

    value: Annotated[
        str | list[str],
        msgspec.Meta(description="The proposed value; the question still waits for an answer."),
    ]
    reason: Annotated[
        str, msgspec.Meta(description="Why the check proposes it, in the document's language.")
    ]
    check: Annotated[str, msgspec.Meta(description="The check's name, such as clock.peak.")]


class QuestionItem(_Record, frozen=True, kw_only=True):
    """The next question, in the document's language."""

    id: Annotated[str, msgspec.Meta(description="The question's id: the key of its answer.")]
    kind: Annotated[
        Literal["select", "confirm", "checkbox", "date"],
        msgspec.Meta(
            description="select (one value), confirm (yes or no), checkbox (a list of at least one value) or date (a date YYYY-MM-DD from earliest to latest; the choices are quick picks)."
        ),
    ]
    text: Annotated[str, msgspec.Meta(description="The question.")]
    help: Annotated[str | None, msgspec.Meta(description="A hint to show with it, or null.")]
    choices: Annotated[
        list[ChoiceItem],
        msgspec.Meta(
            description="The possible answers, in the order to show them (for a date question: quick picks, the last 7 days, newest first; any date from earliest to latest is an answer too)."
        ),
    ]
    default: Annotated[
        str | list[str] | None,
        msgspec.Meta(description="The flow's default answer (what --defaults takes), or null."),
    ]
    proposal: Annotated[
        Proposal | None,
        msgspec.Meta(
            description="What the question's automatic check proposes, with its reason, or null (no check, the network check without --check-network, or nothing it can tell)."
        ),
    ]
    earliest: Annotated[
        str | None,
        msgspec.Meta(
            description="A date question: the earliest date it accepts (YYYY-MM-DD, a year before today); null for other kinds."
        ),
    ]
    latest: Annotated[
        str | None,
        msgspec.Meta(
            description="A date question: the latest date it accepts (YYYY-MM-DD, today in Jakarta); null for other kinds."
        ),
    ]


class Progress(_Record, frozen=True, kw_only=True):
    """How far the answers got."""

    answered: Annotated[int, msgspec.Meta(description="The questions answered on the way here.")]
    remaining_at_most: Annotated[
        int,
        msgspec.Meta(
            description="At most how many questions are left, this one included: those on the longest path from here (0 when finished)."
        ),
    ]


class StepQuestion(_Record, frozen=True, kw_only=True, tag="question", tag_field="status"):
    """The answers so far lead to a question: ask it, then call again with its answer."""

    status: ClassVar[Literal["question"]] = "question"
    """The document's ``status`` (its tag), also as an attribute."""

    schema_version: Annotated[
        int, msgspec.Meta(description="The version of this document's shape.")
    ] = SCHEMA_VERSION
    flow: Annotated[FlowInfo, msgspec.Meta(description="The flow that runs.")]
    lang: Annotated[str, msgspec.Meta(description="The language of every text in the document.")]
    progress: Annotated[Progress, msgspec.Meta(description="How far the answers got.")]
    question: Annotated[QuestionItem, msgspec.Meta(description="The question to ask next.")]

    def to_dict(self) -> dict[str, Any]:
        """The document ``gopay-doctor step`` prints, as plain Python data."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data


class StepResult(_Record, frozen=True, kw_only=True, tag="result", tag_field="status"):
    """The answers reach an outcome: this is the result."""

    status: ClassVar[Literal["result"]] = "result"
    """The document's ``status`` (its tag), also as an attribute."""

    schema_version: Annotated[
        int, msgspec.Meta(description="The version of this document's shape.")
    ] = SCHEMA_VERSION
    flow: Annotated[FlowInfo, msgspec.Meta(description="The flow that ran.")]
    lang: Annotated[str, msgspec.Meta(description="The language of every text in the document.")]
    progress: Annotated[
        Progress,
        msgspec.Meta(description="How far the answers got: every question answered, none left."),
    ]
    result: Annotated[
        ResultDocument, msgspec.Meta(description="Exactly the document of diagnose --format json.")
    ]

    def to_dict(self) -> dict[str, Any]:
        """The document ``gopay-doctor step`` prints, as plain Python data."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        return data


Step = StepQuestion | StepResult
"""What :func:`step` returns: the next question, or the result."""


def step(
    flow: Flow,
    answers: Mapping[str, object],
    lang: str = "en",
    *,
    defaults: bool = False,
    auto: bool = False,
    network: bool = False,
) -> Step:
    """The next question of ``flow`` after ``answers``, or the result once they reach an
    outcome, with every text in ``lang``.

    ``answers`` maps question ids to values (a list of values for a checkbox question), as
    :func:`~gopay_doctor.diagnose` takes them; answers off the path are ignored. A question
    whose automatic check can tell comes with the check's proposal (the network check only
    with ``network``). ``defaults`` lets unanswered questions take their default and
    ``auto`` lets checks answer, as ``--defaults`` and ``--auto`` do for ``diagnose``.

    Raises :class:`~gopay_doctor.answers.AnswerError` for an answer that fits no question
    or choice, with the same message as ``diagnose``.
    """
    dirs = check_dirs(flow.source, os.environ.get(ENV_FLOWS_DIR, ""))
    checker = Checker(CheckContext(lang=lang, network=network, dirs=dirs))
    days = dates(flow, dirs) if has_dates(flow) else None
    session = Session(
        flow,
        lang,
        normalize(flow, answers, today=days.today if days is not None else None),
        propose=lambda qid: checker.answer(flow, qid),
        auto=auto,
        defaults=defaults,
        dates=days,
    )
    return next_step(session)


@lru_cache(maxsize=64)
def check_dirs(source: str, env: str) -> tuple[Path, ...]:
    """The flows folders whose ``checks/`` data a flow read from ``source`` uses: the
    default ones (``env`` is ``GOPAY_DOCTOR_FLOWS_DIR``'s value) and the flow's own folder.
    Resolved once per process: a bot calls :func:`step` for every message."""
    environ = {ENV_FLOWS_DIR: env} if env else {}
    return Sources.default(environ=environ).with_dir(Path(source).parent).dirs


def next_step(session: Session, *, finish: Callable[[Result], Result] | None = None) -> Step:
    """Let checks and defaults answer what ``session`` allows, then the next question or the
    result (passed through ``finish`` first: the command line stamps the time)."""
    fill(session)
    flow, lang = session.flow, session.lang
    done = session.walk()
    info = FlowInfo(id=flow.id, version=flow.version, title=pick(flow.spec.title, lang))
    if done.pending is None:
        assert done.outcome is not None
        result = build_result(flow, done.path, done.outcome, lang, dates=session.dates)
        if finish is not None:
            result = finish(result)
        progress = Progress(answered=len(done.path), remaining_at_most=0)
        return StepResult(flow=info, lang=lang, progress=progress, result=result.document())
    qid = done.pending
    view = question_view(session, qid)
    proposed = session.proposal(qid)[0]
    check = flow.spec.questions[qid].auto
    default = default_answer(flow, qid)
    return StepQuestion(
        flow=info,
        lang=lang,
        progress=Progress(answered=len(done.path), remaining_at_most=questions_left(flow, qid)),
        question=QuestionItem(
            id=qid,
            kind=flow.spec.questions[qid].kind,
            text=view.text,
            help=view.help or None,
            choices=[ChoiceItem(value=c.value, label=c.label) for c in view.choices],
            default=_plain(default.value) if default is not None else None,
            proposal=(
                Proposal(value=_plain(proposed.value), reason=proposed.reason, check=check)
                if proposed is not None and check is not None
                else None
            ),
            earliest=view.earliest or None,
            latest=view.latest or None,
        ),
    )


def _plain(value: AnswerValue) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value
