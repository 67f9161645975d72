"""``gopay-doctor diagnose``: one pipeline for fresh, resumed, scripted and wizard runs.

::

    the flow + answers given (--answer, --answers) ─┐
    a saved session (--resume, or offered) ─────────┴─ Session ─ interview() ─ Result
                                                                    │            │
                              asked by a person, or by nobody ──────┘   the screen, the export

:func:`run` builds one :class:`~gopay_doctor.interview.Session`, lets checks
(``--auto``) and defaults (``--defaults``) answer what they can, and hands the rest to
:func:`~gopay_doctor.interview.interview`. The prompter decides what a missing answer
is: a question for the person at the terminal, or, with nobody to ask (no terminal,
``--no-input``), an error that says how to pass it.
"""

from __future__ import annotations

import datetime
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import msgspec

from gopay_doctor import answers as ans
from gopay_doctor.checks import CheckContext, Checker, dates
from gopay_doctor.contract.folder import DEFAULT_FLOW, Sources, looks_like_path
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import has_dates
from gopay_doctor.errors import Cancelled, GopayDoctorError
from gopay_doctor.export import (
    Target,
    export_until_written,
    plan_from_options,
    saved,
    stamp,
    write_export,
)
from gopay_doctor.i18n import label
from gopay_doctor.interview import START_OVER, FlowRef, Session, fill, interview
from gopay_doctor.output import BOX_SAMPLE, Output, is_terminal
from gopay_doctor.prompts import ChoiceView, Prompter, QuestionView, menu
from gopay_doctor.prompts.noinput import NO_INPUT, STDIN, STDOUT, NoInputPrompter
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.result import Result
from gopay_doctor.session import (
    SavedSession,
    SavedSessionError,
    SessionStore,
    UntrustedSession,
    diagnose_command,
    is_flow_id,
    latest,
    restore,
    start_again,
)

CONTINUE = "continue"
OTHER_FILE = "other-file"
PRINT_IT = "print"


class DiagnoseRequest(msgspec.Struct, frozen=True):
    """A ``diagnose`` run, as the command line resolved it."""

    sources: Sources
    """The flows folders and ``--channels`` file (resolved once, by the command line)."""
    lang: str
    """The language (``--lang``, ``GOPAY_DOCTOR_LANG``, the locale, or en)."""
    lang_given: bool = False
    """``--lang`` was given: it wins over a saved session's language."""
    flow: str | None = None
    """None: the default flow; with ``resume``, the flow of the most recently saved session."""
    answer: Sequence[str] = ()
    answers_file: str | None = None
    defaults: bool = False
    no_input: bool = False
    format: str | None = None
    output: str | None = None
    output_format: str | None = None
    force: bool = False
    auto: bool = False
    check_network: bool = False
    resume: bool = False


class Run(msgspec.Struct):
    """One run: the request, where it prints, and who answers."""

    request: DiagnoseRequest
    out: Output
    stdin: TextIO
    can_ask: bool
    """A person can be asked: standard input and output are terminals, no ``--no-input``."""
    prompter: Prompter | None = None
    """The person's prompter, made when first needed (tests give their own)."""
    sessions: Path | None = None
    """The folder of saved sessions (None: the user's state folder)."""
    flow_named: bool = False
    """The user named the flow (``--flow``), rather than a saved session or the default."""

    def person(self) -> Prompter:
        if self.prompter is None:
            from gopay_doctor.prompts.interactive import QuestionaryPrompter  # seam: questionary

            self.prompter = QuestionaryPrompter(lang=self.request.lang, out=self.out)
        return self.prompter


def run(
    request: DiagnoseRequest,
    out: Output,
    *,
    stdin: TextIO | None = None,
    prompter: Prompter | None = None,
    sessions: Path | None = None,
) -> int:
    """Gather the answers, complete them (asking when someone can be asked), deliver the
    result; exit status 0. ``prompter`` replaces the person at the terminal (tests).

    While a person can be asked, SIGTERM and SIGHUP stop the run as Ctrl-C does: the
    answers so far are saved (exit status 128 + the signal's number).
    """
    stdin = stdin or sys.stdin
    can_ask = prompter is not None or (not request.no_input and is_terminal(stdin) and out.terminal)
    this = Run(request, out, stdin, can_ask, prompter, sessions, request.flow is not None)
    with stop_signals(enabled=can_ask) as received:
        try:
            return _run(this)
        except Cancelled as exc:
            if received:
                raise exc.by_signal(received[0]) from None
            raise
        except KeyboardInterrupt:
            if received:
                raise Cancelled().by_signal(received[0]) from None
            raise


def _run(this: Run) -> int:
    out = this.out
    output_target(this.request)  # fail before any question is asked
    session, store = _resumed(this) if this.request.resume else _fresh(this)
    request = this.request  # a resumed session brings its own flow, folders and language
    session.person = this.can_ask
    needs_person = fill(session) or session.review
    kept: SessionStore | None = None  # progress is saved for a person
    busy = ""
    if needs_person and this.can_ask and store is not None:
        store.check()  # nothing another user could have written is read, or replaced
        if store.lock():
            kept = store
        else:
            busy = label("session_busy", request.lang)
            out.warn(busy)
    try:
        if kept is not None and not request.resume:
            _offer_saved(session, kept, this)
        if needs_person and this.can_ask:
            asker = this.person()
        else:
            session.review = False
            asker = NoInputPrompter(
                session.flow,
                request.defaults,
                request.auto,
                request.check_network,
                why=nobody_asked(request, out, this.stdin),
            )
        try:
            result = interview(
                session,
                asker,
                kept,
                show=lambda shown, everything: _screen(shown, request, out, everything=everything),
                finish=lambda done: _export_asking(done, this),
            )
        except Cancelled as exc:
            raise Cancelled(exc.hint or busy) from None
        if not session.review:
            deliver(result, request, out)
        if store is not None and not busy and (session.review or request.resume):
            problem = store.clear()
            if problem:
                out.warn(problem)
    finally:
        if store is not None:
            store.unlock()
    return 0


def nobody_asked(request: DiagnoseRequest, out: Output, stdin: TextIO) -> str:
    """Why no person can be asked (see :mod:`gopay_doctor.prompts.noinput`)."""
    if request.no_input:
        return NO_INPUT
    if not is_terminal(stdin):
        return STDIN
    return STDOUT if not out.terminal else ""


STOP_SIGNALS = ("SIGTERM", "SIGHUP")
"""Signals that end a wizard the way Ctrl-C does, saving the answers (POSIX only)."""


@contextmanager
def stop_signals(*, enabled: bool) -> Iterator[list[int]]:
    """While the body runs, SIGTERM and SIGHUP act as Ctrl-C; the list holds the signals
    received.

    They are turned into SIGINT, so that a prompt on the screen (prompt_toolkit runs its
    own event loop and handles SIGINT there, see ``prompts/interactive.py``) ends the way
    Ctrl-C ends it, restoring the terminal; with no prompt on the screen, SIGINT is
    Python's ``KeyboardInterrupt``.
    """
    received: list[int] = []
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield received
        return

    def stop(signum: int, _frame: object) -> None:
        received.append(signum)
        if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, signal.SIG_DFL, None):
            raise KeyboardInterrupt  # SIGINT is ignored (a background job): stop anyway
        signal.raise_signal(signal.SIGINT)

    previous: dict[int, Any] = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, stop)
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- where the answers come from --------------------------------------------------------


def _fresh(this: Run) -> tuple[Session, SessionStore | None]:
    request = this.request
    flow = load_flow(request.flow or DEFAULT_FLOW, request.sources)
    store = SessionStore(flow.id, this.sessions) if this.can_ask else None
    return _given(flow, this), store


def _given(flow: Flow, this: Run) -> Session:
    """A session of ``flow`` with the answers given on the command line."""
    days = dates_for(flow, this.request)
    today = days.today if days is not None else None
    answers = gather(flow, this.request, this.stdin, named=this.flow_named, today=today)
    return _session(flow, answers, this, days)


def _session(
    flow: Flow, answers: dict[str, ans.Answer], this: Run, days: ans.Dates | None
) -> Session:
    request = this.request
    return Session(
        flow,
        request.lang,
        answers,
        propose=proposer(flow, request),
        auto=request.auto,
        defaults=request.defaults,
        where=flow_ref(request),
        dates=days,
    )


def dates_for(flow: Flow, request: DiagnoseRequest) -> ans.Dates | None:
    """Today and the public holidays, for a flow with date questions (with the checks'
    data beside the flow); None for a flow without, which reads nothing for them."""
    if not has_dates(flow):
        return None
    return dates(flow, request.sources.with_dir(Path(flow.source).parent).dirs)


def gather(
    flow: Flow,
    request: DiagnoseRequest,
    stdin: TextIO,
    *,
    named: bool = False,
    today: datetime.date | None = None,
) -> dict[str, ans.Answer]:
    """Every answer given on the command line or in a file; flags override the file
    (a date answer judged as of ``today``, None: the clock's).

    A saved result given as ``--answers`` must be of the flow being run, unless the user
    named the flow (``named``: ``--flow``): then only its answers are taken, each checked
    against that flow.
    """
    given: dict[str, ans.Given] = {}
    if request.answers_file is not None:
        found = ans.from_file(request.answers_file, stdin=getattr(stdin, "buffer", None))
        if found.result is not None and found.result.flow_id != flow.id and not named:
            raise found.result.problem(
                f"this saved result is of flow '{found.result.flow_id}', not '{flow.id}'; pass "
                "--flow to run its flow, or to take only its answers into the flow you name"
            )
        given.update(found.given)
    given.update(ans.from_flags(request.answer))
    return ans.validate_all(flow, given, today=today)


def proposer(flow: Flow, request: DiagnoseRequest) -> Callable[[str], ans.Answer | None]:
    """What a question's automatic check proposes (the network only with --check-network):
    each check runs once, with its data beside the flow, when a question first needs it."""
    dirs = request.sources.with_dir(Path(flow.source).parent).dirs
    checker = Checker(CheckContext(lang=request.lang, network=request.check_network, dirs=dirs))
    return lambda qid: checker.answer(flow, qid)


def flow_ref(request: DiagnoseRequest) -> FlowRef:
    """How to find this run's flow again from anywhere: paths are made absolute."""
    ref = request.flow or DEFAULT_FLOW
    ref = os.path.abspath(ref) if looks_like_path(ref) else ref
    folders = request.sources.dirs[1:]  # the bundled folder is found anew
    channels = request.sources.channels
    return FlowRef(
        ref,
        tuple(os.path.abspath(d) for d in folders),
        os.path.abspath(channels) if channels else None,
    )


def _offer_saved(session: Session, store: SessionStore, this: Run) -> None:
    """An unfinished session of this very flow and version, whose answers still fit, is
    offered before the first question; one that cannot be continued is ignored (this
    session will replace it)."""
    flow = session.flow
    try:
        saved_session = store.load()
        if saved_session is None or saved_session.flow_version != flow.version:
            return
        answers = restore(flow, saved_session, store.path)
    except UntrustedSession:
        raise
    except SavedSessionError:
        return
    if not answers:
        return
    question = menu(
        "_saved",
        label("saved_found", session.lang).format(when=saved_session.when()),
        [
            (CONTINUE, label("continue_saved", session.lang)),
            (START_OVER, label("start_over", session.lang)),
        ],
    )
    try:
        wanted = this.person().ask(question) == CONTINUE
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(label("resume_hint", session.lang)) from None  # the file is untouched
    if wanted:
        given = {q: a for q, a in session.answers.items() if a.source == "given"}
        session.answers = {**answers, **given}
        fill(session)


def _resumed(this: Run) -> tuple[Session, SessionStore]:
    """The saved session ``--resume`` continues (that of ``--flow``, else the most recent)
    with its flow (or the one ``--flow`` names), folders and language.

    A person goes on where they stopped (at the result menu, if that is where). Without
    one, the saved answers are used like ``--answers``: a missing answer is an error
    unless ``--defaults`` is given. A session of an older flow version is refused, or, on
    a terminal, the person may start over.
    """
    request = this.request
    store, saved_session = _chosen(request, this.sessions)
    gone = looks_like_path(saved_session.flow_ref) and not os.path.isfile(saved_session.flow_ref)
    if request.flow is None and gone:
        raise SavedSessionError(
            f"the flow file of the saved session, {saved_session.flow_ref}, no longer exists; "
            + start_again(saved_session.flow_ref)
        )
    sources = request.sources.adding(saved_session.flows_dirs)
    if sources.channels is None and saved_session.channels is not None:
        sources = msgspec.structs.replace(sources, channels=Path(saved_session.channels))
    request = msgspec.structs.replace(
        request,
        flow=request.flow or saved_session.flow_ref,
        sources=sources,
        lang=request.lang if request.lang_given else saved_session.lang,
    )
    this.request = request
    flow = load_flow(request.flow or DEFAULT_FLOW, request.sources)
    if flow.version != saved_session.flow_version:
        if not (this.can_ask and _wants_to_start_over(saved_session, flow, this)):
            raise _outdated(saved_session, flow)
        store.clear()  # a new session replaces it; if it cannot be removed, saving says so
        return _given(flow, this), store
    session = _given(flow, this)
    session.answers = {**restore(flow, saved_session, store.path), **session.answers}
    session.review = this.can_ask and not request.defaults
    return session, store


def _chosen(request: DiagnoseRequest, folder: Path | None) -> tuple[SessionStore, SavedSession]:
    if request.flow is None:
        store = latest(folder)
        saved_session = store.load() if store is not None else None
        if store is None or saved_session is None:
            raise GopayDoctorError(
                "there is no saved session to resume; start one with: gopay-doctor diagnose"
            )
        return store, saved_session
    flow_id = request.flow
    if looks_like_path(flow_id):
        flow_id = load_flow(request.flow, request.sources).id
    found = SessionStore(flow_id, folder) if is_flow_id(flow_id) else None
    saved_session = found.load() if found is not None else None
    if found is None or saved_session is None:
        raise GopayDoctorError(
            f"there is no saved session of flow '{flow_id}' to resume; start one with: "
            + diagnose_command(request.flow)
        )
    return found, saved_session


def _outdated(saved_session: SavedSession, flow: Flow) -> SavedSessionError:
    return SavedSessionError(
        f"the saved session was made with version {saved_session.flow_version} of flow "
        f"'{flow.id}', which is now version {flow.version}, so its answers may no longer "
        "fit; " + start_again(saved_session.flow_ref)
    )


def _wants_to_start_over(saved_session: SavedSession, flow: Flow, this: Run) -> bool:
    lang = this.request.lang
    question = QuestionView(
        qid="_outdated",
        kind="confirm",
        text=label("saved_outdated", lang).format(
            saved=saved_session.flow_version, now=flow.version
        ),
        choices=(ChoiceView("yes", label("yes", lang)), ChoiceView("no", label("no", lang))),
        default="yes",
    )
    try:
        return this.person().ask(question) == "yes"
    except (KeyboardInterrupt, EOFError):
        raise Cancelled() from None


# --- where the result goes ----------------------------------------------------------------


def output_target(request: DiagnoseRequest, *, check: bool = True) -> Target | None:
    """Where ``--output`` goes (with ``check``: can be written); None without it."""
    return plan_from_options(
        request.output,
        request.output_format,
        force=request.force,
        screen_format=request.format,
        check=check,
    )


MENU_ROWS = 6
"""The rows the wizard keeps free under the first screen: the result menu's question and
its four choices, and one spare (a question that wraps)."""


def _screen(
    result: Result, request: DiagnoseRequest, out: Output, *, everything: bool = True
) -> bool:
    """The result in the chosen format (rich on a terminal, text otherwise): everything,
    or (the wizard's first look) what fits above the result menu; whether more is left.

    Only ``rich`` draws a first screen; a result that fits whole is shown whole."""
    fmt = request.format or ("rich" if out.terminal else "text")
    result = stamp(result)
    options = RenderOptions(color=out.color, width=out.width, ascii=not out.can_show(BOX_SAMPLE))
    whole = render(result, fmt, options)
    rows = out.height - MENU_ROWS
    if everything or whole.count("\n") <= rows:
        out.emit(whole)
        return False
    first = render(result, fmt, options._replace(rows=rows))
    out.emit(first)
    return first != whole


def deliver(result: Result, request: DiagnoseRequest, out: Output) -> None:
    """Print the result; with ``--output``, also write the export.

    ``--output -`` prints the export instead of the result screen. When the file cannot
    be written, the error ends the run (exit 2) after the result has been printed.
    """
    result = stamp(result)
    target = output_target(request, check=False)  # checked at the start, and when written
    if target is None or not target.to_stdout:
        _screen(result, request, out)
    if target is None:
        return
    write_export(result, target, out)
    if not target.to_stdout:
        saved(target, result.lang, out)


def _export_asking(result: Result, this: Run) -> None:
    """Write the ``--output`` export when the person is done; when that fails, ask for
    another file or print it, so nothing is lost."""
    request, lang = this.request, this.request.lang
    target = output_target(request, check=False)
    if target is None:
        return
    person = this.person()
    failed = menu(
        "_export",
        label("export_failed", lang),
        [(OTHER_FILE, label("export_other_file", lang)), (PRINT_IT, label("export_print", lang))],
    )
    asks = (
        label("export_path_as", lang).format(format=request.output_format)
        if request.output_format
        else label("export_path", lang)
    )
    name = QuestionView(qid="_export_path", kind="text", text=asks, choices=())

    def ask_again(error: GopayDoctorError) -> str | None:
        """Another path (``~`` is the home folder), or None to print the export; an
        empty name asks again what to do."""
        person.tell(str(error))
        while person.ask(failed) == OTHER_FILE:
            path = person.ask(name)
            if isinstance(path, str) and path.strip():
                return os.path.expanduser(path.strip())
        return None

    written = export_until_written(
        stamp(result), target, ask_again, this.out, output_format=request.output_format
    )
    if written is not None and not written.to_stdout:
        saved(written, lang, this.out)
