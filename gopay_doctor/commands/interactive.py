"""``gopay-doctor diagnose`` on a terminal, and ``diagnose --resume``.

The glue between the command's stages (:mod:`gopay_doctor.commands.diagnose`) and the
wizard (:mod:`gopay_doctor.wizard`): which flow and answers a session starts from,
whether a saved session is offered or resumed, which prompter asks, and how the
result is shown and exported.
"""

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from gopay_doctor.answers import Answer
from gopay_doctor.commands.diagnose import (
    DiagnoseOptions,
    can_prompt,
    checker,
    conclude,
    deliver,
    gather,
    open_flow,
    output_target,
    propose,
)
from gopay_doctor.contract.folder import DEFAULT_FLOW, looks_like_path
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import walk
from gopay_doctor.errors import Cancelled, GopayDoctorError
from gopay_doctor.i18n import label, resolve_lang
from gopay_doctor.output import wants_color
from gopay_doctor.prompts import ChoiceView, Prompter, QuestionView
from gopay_doctor.result import Result
from gopay_doctor.session import (
    SavedSession,
    SavedSessionError,
    SessionStore,
    diagnose_command,
    is_flow_id,
    latest,
    restore,
    start_again,
)
from gopay_doctor.wizard import START_OVER, FlowRef, Session, run

if TYPE_CHECKING:
    from gopay_doctor.checks import Checker

CONTINUE = "continue"
OTHER_FILE = "other-file"
PRINT_IT = "print"


def real_prompter(options: DiagnoseOptions, lang: str, stdout: TextIO) -> Prompter:
    from gopay_doctor.prompts.interactive import QuestionaryPrompter

    return QuestionaryPrompter(lang=lang, color=wants_color(stdout, options.no_color))


def flow_ref(options: DiagnoseOptions) -> FlowRef:
    """How to find this run's flow again from anywhere: paths are made absolute."""
    ref = options.flow or DEFAULT_FLOW
    ref = os.path.abspath(ref) if looks_like_path(ref) else ref
    return FlowRef(
        ref,
        tuple(os.path.abspath(d) for d in options.flows_dirs),
        os.path.abspath(options.channels) if options.channels else None,
    )


def proposer(flow: Flow, options: DiagnoseOptions, lang: str) -> Callable[[str], Answer | None]:
    """What a question's automatic check proposes (the network only with --check-network).

    Checks are loaded and run when a question that names one is first asked, each once.
    """
    checks: Checker | None = None

    def propose(qid: str) -> Answer | None:
        nonlocal checks
        if flow.spec.questions[qid].auto is None:
            return None
        if checks is None:
            checks = checker(flow, options, lang)
        return checks.answer(flow, qid)

    return propose


def start(
    flow: Flow,
    answers: dict[str, Answer],
    options: DiagnoseOptions,
    lang: str,
    stdout: TextIO,
    *,
    prompter: Prompter | None = None,
    store: SessionStore | None = None,
) -> int:
    """A new session; an unfinished one of the same flow and version is offered first."""
    store = store or SessionStore(flow.id)
    prompter = prompter or real_prompter(options, lang, stdout)
    session = Session(flow, lang, dict(answers), where=flow_ref(options))
    session.propose, session.auto = proposer(flow, options, lang), options.auto
    saved = _saved_for(flow, store)
    if saved is not None and _wants_to_continue(saved[0], prompter, lang):
        session.answers = {**saved[1], **answers}
    return _run(session, prompter, store, options, stdout)


def resume(
    options: DiagnoseOptions,
    stdin: TextIO,
    stdout: TextIO,
    *,
    prompter: Prompter | None = None,
    folder: Path | None = None,
    interactive: bool | None = None,
) -> int:
    """Continue a saved session (the most recent, or that of ``--flow``) with its flow
    (or the one ``--flow`` names) and language.

    On a terminal the wizard goes on where it stopped (at the result menu, if that is
    where it stopped). Without one, or when ``--defaults`` leaves nothing to ask, the
    saved answers are used like ``--answers``: a missing answer is an error (exit 2)
    unless ``--defaults`` is given, and a finished run clears the saved session.
    """
    store, saved = _chosen(options, folder)
    gone = looks_like_path(saved.flow_ref) and not os.path.isfile(saved.flow_ref)
    if options.flow is None and gone:
        raise SavedSessionError(
            f"the flow file of the saved session, {saved.flow_ref}, no longer exists; "
            + start_again(saved.flow_ref)
        )
    options = dataclasses.replace(
        options,
        flow=options.flow or saved.flow_ref,
        flows_dirs=tuple(options.flows_dirs) or tuple(saved.flows_dirs),
        channels=options.channels or saved.channels,
    )
    lang = resolve_lang(options.lang or saved.lang)
    flow = open_flow(options)
    if interactive is None:
        interactive = can_prompt(options, stdin, stdout)
    if flow.version != saved.flow_version:
        if not interactive:
            raise _outdated(saved, flow)
        prompter = prompter or real_prompter(options, lang, stdout)
        if not _wants_to_start_over(saved, flow, prompter, lang):
            raise _outdated(saved, flow)
        store.clear()
        given = gather(flow, options, stdin)
        return start(flow, given, options, lang, stdout, prompter=prompter, store=store)
    answers = {**restore(flow, saved, store.path), **gather(flow, options, stdin)}
    if options.auto:
        answers = propose(flow, answers, options, lang)
    if not interactive or (options.defaults and walk(flow, answers, defaults=True).pending is None):
        code = conclude(flow, answers, options, lang, stdout)
        store.clear()
        return code
    prompter = prompter or real_prompter(options, lang, stdout)
    session = Session(flow, lang, answers, where=flow_ref(options))
    session.propose, session.auto = proposer(flow, options, lang), options.auto
    return _run(session, prompter, store, options, stdout)


def _chosen(options: DiagnoseOptions, folder: Path | None) -> tuple[SessionStore, SavedSession]:
    """The saved session ``--resume`` continues: that of ``--flow``, else the most recent."""
    if options.flow is None:
        store = latest(folder)
        saved = store.load() if store is not None else None
        if store is None or saved is None:
            raise GopayDoctorError(
                "there is no saved session to resume; start one with: gopay-doctor diagnose"
            )
        return store, saved
    flow_id = open_flow(options).id if looks_like_path(options.flow) else options.flow
    store = SessionStore(flow_id, folder) if is_flow_id(flow_id) else None
    saved = store.load() if store is not None else None
    if store is None or saved is None:
        raise GopayDoctorError(
            f"there is no saved session of flow '{flow_id}' to resume; start one with: "
            + diagnose_command(options.flow)
        )
    return store, saved


def _run(
    session: Session,
    prompter: Prompter,
    store: SessionStore,
    options: DiagnoseOptions,
    stdout: TextIO,
) -> int:
    screen_only = dataclasses.replace(options, output=None, output_format=None, force=False)

    def show(result: Result) -> None:
        deliver(result, screen_only, stdout)

    def finish(result: Result) -> None:
        export(result, options, prompter, session.lang, stdout)

    return run(session, prompter, store, show, finish)


def export(
    result: Result, options: DiagnoseOptions, prompter: Prompter, lang: str, stdout: TextIO
) -> None:
    """Write the ``--output`` export; when that fails, ask for another file or print it."""
    target = output_target(options, check=False)
    if target is None:
        return
    from gopay_doctor.export import export_until_written, saved, stamp

    menu = QuestionView(
        qid="_export",
        kind="select",
        text=label("export_failed", lang),
        choices=(
            ChoiceView(OTHER_FILE, label("export_other_file", lang)),
            ChoiceView(PRINT_IT, label("export_print", lang)),
        ),
        default=OTHER_FILE,
    )
    asks = (
        label("export_path_as", lang).format(format=options.output_format)
        if options.output_format
        else label("export_path", lang)
    )
    name = QuestionView(qid="_export_path", kind="text", text=asks, choices=())

    def ask_again(error: GopayDoctorError) -> str | None:
        """Another path (``~`` is the home folder), or None to print the export; an
        empty name asks again what to do."""
        prompter.tell(str(error))
        while prompter.ask(menu) == OTHER_FILE:
            path = prompter.ask(name)
            if isinstance(path, str) and path.strip():
                return os.path.expanduser(path.strip())
        return None

    written = export_until_written(
        stamp(result), target, ask_again, output_format=options.output_format, stdout=stdout
    )
    if written is not None and not written.to_stdout:
        saved(written, lang)


def _saved_for(flow: Flow, store: SessionStore) -> tuple[SavedSession, dict[str, Answer]] | None:
    """The saved session and its answers, when it is for this very flow and version,
    has answers and they still fit the flow.

    One that cannot be read or continued is ignored: this session will replace it.
    """
    try:
        saved = store.load()
        if saved is None or saved.flow_version != flow.version:
            return None
        answers = restore(flow, saved, store.path)
    except SavedSessionError:
        return None
    return (saved, answers) if answers else None


def _wants_to_continue(saved: SavedSession, prompter: Prompter, lang: str) -> bool:
    question = QuestionView(
        qid="_saved",
        kind="select",
        text=label("saved_found", lang).format(when=saved.when()),
        choices=(
            ChoiceView(CONTINUE, label("continue_saved", lang)),
            ChoiceView(START_OVER, label("start_over", lang)),
        ),
        default=CONTINUE,
    )
    try:
        return prompter.ask(question) == CONTINUE
    except (KeyboardInterrupt, EOFError):
        raise Cancelled(label("resume_hint", lang)) from None  # the saved session is untouched


def _outdated(saved: SavedSession, flow: Flow) -> SavedSessionError:
    return SavedSessionError(
        f"the saved session was made with version {saved.flow_version} of flow '{flow.id}', "
        f"which is now version {flow.version}, so its answers may no longer fit; "
        + start_again(saved.flow_ref)
    )


def _wants_to_start_over(saved: SavedSession, flow: Flow, prompter: Prompter, lang: str) -> bool:
    question = QuestionView(
        qid="_outdated",
        kind="confirm",
        text=label("saved_outdated", lang).format(saved=saved.flow_version, now=flow.version),
        choices=(ChoiceView("yes", label("yes", lang)), ChoiceView("no", label("no", lang))),
        default="yes",
    )
    try:
        return prompter.ask(question) == "yes"
    except (KeyboardInterrupt, EOFError):
        raise Cancelled() from None
