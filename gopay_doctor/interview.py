"""The ask loop every ``diagnose`` runs: complete the answers until the flow reaches an outcome.

Fresh, resumed, scripted and interactive runs all go through :func:`interview`. Which
question is pending is always recomputed with :func:`~gopay_doctor.engine.walk` from
the answers, and every reply goes through :func:`~gopay_doctor.answers.validate`, the
same path as scripted answers. A pending question is answered, in this order, by its
automatic check (with ``--auto``), by its default (with ``--defaults``), or by the
prompter: a person at a terminal (:mod:`gopay_doctor.prompts.interactive`), or nobody
(:mod:`gopay_doctor.prompts.noinput`), for whom a missing answer is an error.

With a person:

* Answers given on the command line pre-fill the session: their questions are not
  asked, and Back steps over them to the previous question that was asked.
* Back forgets the previous asked answer but remembers it as the preselection when
  that question is asked again; answers that no longer lie on the path are dropped.
* Ticks that may not go together are refused with the reason and asked again, still
  ticked, so the user unticks one. A question with boxes answered with none ticked
  (Enter without Space) is refused and asked again, naming the choice to tick when
  nothing applies ("None of these").
* A question that names an automatic check gets the check's proposal preselected,
  with its reason. The answer records the proposal: kept, with the check's reason, or
  changed. Asked again after Back, the question shows the person's earlier answer
  with the proposal it was given against (its reason, or what the check proposed
  instead and why).
* At the result the person first sees what fits on the screen (the verdict, the cause,
  the first steps, one official way to get help) and can show everything, finish,
  start over or go back (when this run asked them anything, or continues their saved
  session).
* Progress is saved after every answer; Ctrl-C or Ctrl-D saves the answers so far and
  raises :class:`~gopay_doctor.errors.Cancelled` (exit 130) with the line that says how
  to go on.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from typing import NamedTuple

import msgspec

from gopay_doctor.answers import (
    Answer,
    AnswerError,
    AnswerValue,
    Dates,
    ExclusiveChoice,
    Given,
    NothingTicked,
    Proposed,
    against,
    date_range,
    default_answer,
    validate,
)
from gopay_doctor.checks import dates as today_and_holidays
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import Walk, build_result, choice_label, has_dates, quick_picks, walk
from gopay_doctor.errors import Cancelled, GopayDoctorError
from gopay_doctor.i18n import label, pick
from gopay_doctor.prompts import Back, ChoiceView, Prompter, QuestionView, menu
from gopay_doctor.result import Result
from gopay_doctor.session import SessionStore, snapshot

RESULT_MENU = "_result"
"""The id of the question asked at the result (flow ids cannot start with ``_``)."""
DONE = "done"
START_OVER = "start-over"
SHOW_EVERYTHING = "show-everything"


class FlowRef(msgspec.Struct, frozen=True):
    """How to find the flow again when a saved session is resumed."""

    ref: str
    flows_dirs: tuple[str, ...] = ()
    channels: str | None = None


class Preselection(NamedTuple):
    """What a question is asked with."""

    value: AnswerValue | None
    """The value preselected: ticks just refused, the answer Back stepped over, the
    check's proposal, or the flow's default."""
    note: str
    """Shown under the question: the check's reason (or what it proposed instead of the
    preselected value, and why), or why the check could not run."""
    proposed: Proposed | None
    """The check's proposal shown with the question: the answer is recorded against it."""


class Session(msgspec.Struct):
    """The answers of one run, and what Back remembers."""

    flow: Flow
    lang: str
    answers: dict[str, Answer] = msgspec.field(default_factory=dict)
    """Every answer: given on the command line (``given``), asked (``prompt``), a default
    (``default``) or a check's (``auto``)."""
    remembered: dict[str, Answer] = msgspec.field(default_factory=dict)
    """Answers Back stepped over, preselected when their question is asked again."""
    refused: dict[str, AnswerValue] = msgspec.field(default_factory=dict)
    """Ticks refused at the prompt (a choice that must stand alone, with others), kept
    ticked when their question is asked again at once, so one of them can be unticked."""
    propose: Callable[[str], Answer | None] | None = None
    """Runs a question's automatic check: its proposal is preselected, with the reason."""
    auto: bool = False
    """With ``--auto``: a check's proposal answers its question, which is then not asked."""
    defaults: bool = False
    """With ``--defaults``: a question with a default takes it and is not asked."""
    person: bool = False
    """Whether a person can be asked. Then a check that cannot run leaves its question to
    them; without one, the check's error ends the run."""
    review: bool = False
    """Whether the person reviews the result (Done, Start over, Back): set when they are
    asked a question, or when their saved session is continued."""
    where: FlowRef = FlowRef("")
    dates: Dates | None = None
    """Today and the public holidays, for a flow with date questions (when not given:
    :func:`gopay_doctor.checks.dates`, the clock's); None for a flow without."""

    def __post_init__(self) -> None:
        if self.dates is None and has_dates(self.flow):
            self.dates = today_and_holidays(self.flow)

    def walk(self) -> Walk:
        return walk(self.flow, self.answers, dates=self.dates)

    @property
    def today(self) -> datetime.date | None:
        """The date answers to date questions are judged by (None: the clock's)."""
        return self.dates.today if self.dates is not None else None

    def asked(self) -> list[str]:
        """The questions answered at the prompt, in path order: where Back goes."""
        return [v.qid for v in self.walk().path if v.answer.source == "prompt"]

    def record(self, qid: str, answer: Answer) -> None:
        """Take ``answer``; asked answers that are no longer on the path are dropped."""
        self.remembered.pop(qid, None)
        self.answers[qid] = answer
        on_path = {v.qid for v in self.walk().path}
        self.answers = {
            q: a for q, a in self.answers.items() if q in on_path or a.source != "prompt"
        }
        both = {**self.remembered, **self.answers}
        would_follow = {v.qid for v in walk(self.flow, both, dates=self.dates).path}
        self.remembered = {q: a for q, a in self.remembered.items() if q in would_follow}

    def back(self) -> bool:
        """Forget the last asked answer (remembering it); False when nothing was asked."""
        asked = self.asked()
        if not asked:
            return False
        self.remembered[asked[-1]] = self.answers.pop(asked[-1])
        return True

    def restart(self) -> None:
        """Forget every asked answer; answers from the command line stay."""
        self.answers = {q: a for q, a in self.answers.items() if a.source != "prompt"}
        self.remembered.clear()

    def proposal(self, qid: str) -> tuple[Answer | None, str]:
        """What ``qid``'s automatic check proposes; else None and why it could not run."""
        if self.propose is None:
            return None, ""
        try:
            return self.propose(qid), ""
        except GopayDoctorError as exc:  # a check that cannot run must not end the session
            return None, str(exc)

    def unasked(self, qid: str) -> Answer | None:
        """The answer ``qid`` takes without asking: its check's (``--auto``), else its
        default (``--defaults``), else none."""
        if self.auto and self.propose is not None:
            answer = self.proposal(qid)[0] if self.person else self.propose(qid)
            if answer is not None:
                return answer
        return default_answer(self.flow, qid) if self.defaults else None

    def offered(self, qid: str) -> tuple[Proposed | None, str]:
        """What ``qid``'s check proposes, as shown with the question: the proposal that
        the answer Back stepped over was given against, else the check's; else None and
        why the check could not run."""
        earlier = self.remembered.get(qid)
        if earlier is not None and earlier.proposed is not None:
            return earlier.proposed, ""
        proposal, problem = self.proposal(qid)
        if proposal is None:
            return None, problem
        return Proposed(proposal.value, proposal.reason), ""

    def preselected(self, qid: str) -> Preselection:
        """What to preselect for ``qid``, what to say about it, and the check's proposal."""
        proposed, problem = self.offered(qid)
        if qid in self.refused:
            value: AnswerValue = self.refused[qid]
        elif qid in self.remembered:
            value = self.remembered[qid].value
        elif proposed is not None:
            value = proposed.value
        else:
            default = default_answer(self.flow, qid)
            return Preselection(default.value if default else None, problem, None)
        return Preselection(value, self._note(qid, value, proposed), proposed)

    def _note(self, qid: str, value: AnswerValue, proposed: Proposed | None) -> str:
        if proposed is None:
            return ""
        if value == proposed.value:
            return proposed.reason
        question = self.flow.spec.questions[qid]
        values = proposed.value if isinstance(proposed.value, tuple) else (proposed.value,)
        choice = "; ".join(choice_label(question, v, self.lang) for v in values)
        what = label("check_proposed", self.lang).format(choice=choice)
        if not proposed.reason:
            return what
        return label("because", self.lang).format(what=what, reason=proposed.reason)


def question_view(
    session: Session, qid: str, preselection: Preselection | None = None
) -> QuestionView:
    question = session.flow.spec.questions[qid]
    lang = session.lang
    value, note, _ = preselection or session.preselected(qid)
    if question.kind == "date":
        return date_view(session, qid, value)
    return QuestionView(
        qid=qid,
        kind=question.kind,
        text=pick(question.text, lang),
        choices=tuple(
            ChoiceView(c.value, choice_label(question, c.value, lang)) for c in question.choices
        ),
        help=pick(question.help, lang),
        default=value,
        note=note,
        can_go_back=bool(session.asked()),
    )


def date_view(session: Session, qid: str, value: AnswerValue | None) -> QuestionView:
    """A date question: the last 7 days as quick picks, any date from the earliest to today
    accepted (through the one validation path), ``value`` (the answer Back stepped over)
    preselected."""
    question = session.flow.spec.questions[qid]
    lang = session.lang
    today = session.today
    assert today is not None  # a flow with a date question has dates
    earliest, latest = date_range(today)

    def accepts(text: str) -> bool:
        try:
            validate(session.flow, qid, Given(text, "prompt"), today=today)
        except AnswerError:
            return False
        return True

    return QuestionView(
        qid=qid,
        kind="date",
        text=pick(question.text, lang),
        choices=tuple(ChoiceView(day, shown) for day, shown in quick_picks(today, lang)),
        help=pick(question.help, lang),
        default=value,
        can_go_back=bool(session.asked()),
        earliest=earliest.isoformat(),
        latest=latest.isoformat(),
        accepts=accepts,
    )


def result_menu(session: Session, *, more: bool = False) -> QuestionView:
    """What next, at the result: Done, Start over (and Back). With ``more`` (the screen
    shows only the first part of the result), "Show everything" comes first, preselected,
    so Enter never leaves without the rest."""
    lang = session.lang
    choices = [(DONE, label("done", lang)), (START_OVER, label("start_over", lang))]
    if more:
        choices.insert(0, (SHOW_EVERYTHING, label("show_everything", lang)))
    return menu(
        RESULT_MENU,
        label("what_next", lang),
        choices,
        can_go_back=bool(session.asked()),
    )


Show = Callable[[Result, bool], bool]
"""Shows the result screen to the person, before they choose what next: everything (the
flag), or the first screen (what fits: the verdict, the cause, the first steps, one way to
get help); whether more is left to show."""
Finish = Callable[[Result], None]
"""Runs when the person is done with the result (writes the ``--output`` export)."""


def interview(
    session: Session,
    prompter: Prompter,
    store: SessionStore | None,
    show: Show,
    finish: Finish | None = None,
) -> Result:
    """Complete ``session`` to an outcome and return its result, once the person (if any)
    is done with it (and ``finish`` has run). Progress is saved to ``store`` after each
    answer, when there is one.

    Raises :class:`~gopay_doctor.answers.MissingAnswer` when nobody can answer a
    question, and :class:`~gopay_doctor.errors.Cancelled` on Ctrl-C or Ctrl-D (after
    saving to ``store``).
    """
    everything = False  # the whole result has been shown (after "Show everything")
    try:
        while True:
            if fill(session):
                pending = session.walk().pending
                assert pending is not None
                _ask(session, prompter, pending)
                _save_quietly(session, store)
                continue
            done = session.walk()
            assert done.outcome is not None
            result = build_result(
                session.flow, done.path, done.outcome, session.lang, dates=session.dates
            )
            if not session.review:
                return result
            more = show(result, everything)
            reply = prompter.ask(result_menu(session, more=more))
            everything = reply == SHOW_EVERYTHING
            if isinstance(reply, Back):
                session.back()
            elif reply == START_OVER:
                session.restart()
            elif everything:
                continue
            else:
                if finish is not None:
                    finish(result)
                return result
            _save_quietly(session, store)
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(save_for_later(session, store)) from None


def fill(session: Session) -> bool:
    """Let checks (``--auto``) and defaults (``--defaults``) answer what they can; whether a
    question is left that someone must be asked."""
    while (pending := session.walk().pending) is not None:
        answer = session.unasked(pending)
        if answer is None:
            return True
        session.answers[pending] = answer
    return False


def _ask(session: Session, prompter: Prompter, qid: str) -> None:
    preselection = session.preselected(qid)
    view = question_view(session, qid, preselection)
    reply = prompter.ask(view)
    session.review = True
    session.refused.pop(qid, None)
    if isinstance(reply, Back):
        if view.can_go_back:
            session.back()
        return
    raw: object = list(reply) if isinstance(reply, tuple) else reply
    try:
        answer = validate(
            session.flow, qid, Given(raw, "prompt"), source="prompt", today=session.today
        )
    except ExclusiveChoice as exc:  # the one mistake a list of choices still allows
        question = session.flow.spec.questions[qid]
        alone = choice_label(question, exc.value, session.lang)
        prompter.tell(label("tick_alone", session.lang).format(choice=alone))
        session.refused[qid] = tuple(c.value for c in question.choices if c.value in reply)
        return
    except NothingTicked as exc:  # Enter without Space: the question is asked again
        question = session.flow.spec.questions[qid]
        if exc.alone is None:
            prompter.tell(label("tick_one", session.lang))
        else:
            alone = choice_label(question, exc.alone, session.lang)
            prompter.tell(label("tick_one_or_none", session.lang).format(choice=alone))
        return
    except AnswerError as exc:
        prompter.tell(str(exc))
        return
    session.record(qid, against(answer, preselection.proposed))


def _save_quietly(session: Session, store: SessionStore | None) -> None:
    with contextlib.suppress(GopayDoctorError):  # tried again, and reported, at Ctrl-C
        save(session, store)


def save(session: Session, store: SessionStore | None) -> None:
    if store is None:
        return
    where = session.where
    store.save(
        snapshot(
            session.flow,
            where.ref,
            session.lang,
            session.answers,
            flows_dirs=where.flows_dirs,
            channels=where.channels,
        )
    )


def save_for_later(session: Session, store: SessionStore | None) -> str:
    """Save the session; the line that tells the user how to continue (or why they can't).
    Nothing to say without a store: a scripted run keeps no session. With no answer at all
    nothing is saved, and what an earlier save of this run held is removed."""
    if store is None:
        return ""
    if not session.answers:
        store.clear()
        return label("nothing_saved", session.lang)
    try:
        save(session, store)
    except GopayDoctorError as exc:
        return label("not_saved", session.lang).format(reason=exc)
    return label("resume_hint", session.lang)
