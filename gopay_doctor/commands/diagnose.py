"""``gopay-doctor diagnose``: answers in, result out."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from gopay_doctor import answers as ans
from gopay_doctor.contract.folder import DEFAULT_FLOW, Sources
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.contract.model import Flow, Question
from gopay_doctor.engine import Visit, build_result, walk
from gopay_doctor.export import Target, plan_from_options, saved, stamp, write_export
from gopay_doctor.i18n import resolve_lang
from gopay_doctor.output import emit, is_terminal, terminal_width, wants_color
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.result import Result

if TYPE_CHECKING:
    from gopay_doctor.checks import Checker


@dataclass(frozen=True)
class DiagnoseOptions:
    flow: str | None = None
    """None: the default flow; with ``resume``, the flow of the most recently saved session."""
    answer: Sequence[str] = ()
    answers_file: str | None = None
    defaults: bool = False
    no_input: bool = False
    lang: str | None = None
    format: str | None = None
    no_color: bool = False
    flows_dirs: Sequence[str] = field(default_factory=tuple)
    channels: str | None = None
    output: str | None = None
    output_format: str | None = None
    force: bool = False
    auto: bool = False
    check_network: bool = False
    resume: bool = False


def open_flow(options: DiagnoseOptions) -> Flow:
    ref = options.flow or DEFAULT_FLOW
    return load_flow(ref, flows_dirs=options.flows_dirs, channels=options.channels)


def gather(flow: Flow, options: DiagnoseOptions, stdin: TextIO) -> dict[str, ans.Answer]:
    """Every answer given on the command line or in a file; flags override the file."""
    given: dict[str, ans.Given] = {}
    if options.answers_file is not None:
        given.update(ans.from_file(options.answers_file, stdin=getattr(stdin, "buffer", None)))
    given.update(ans.from_flags(options.answer))
    return ans.validate_all(flow, given)


def checker(flow: Flow, options: DiagnoseOptions, lang: str) -> Checker:
    """The automatic checks of one run: their data beside the flow, the network only
    with ``--check-network``."""
    from pathlib import Path

    from gopay_doctor.checks import CheckContext, Checker

    dirs = Sources.default(options.flows_dirs).with_dir(Path(flow.source).parent).dirs
    return Checker(CheckContext(lang=lang, network=options.check_network, dirs=dirs))


def propose(
    flow: Flow, answers: dict[str, ans.Answer], options: DiagnoseOptions, lang: str
) -> dict[str, ans.Answer]:
    """With ``--auto``: checks answer the unanswered questions that name one."""
    return checker(flow, options, lang).fill(flow, answers, defaults=options.defaults)


def complete(
    flow: Flow, answers: dict[str, ans.Answer], options: DiagnoseOptions
) -> tuple[tuple[Visit, ...], str]:
    """Walk the flow to an outcome with the answers given; the path and the outcome id."""
    done = walk(flow, answers, defaults=options.defaults)
    if done.pending is not None:
        question = flow.spec.questions[done.pending]
        raise ans.MissingAnswer(
            done.pending, question, defaults=options.defaults, hint=_network_hint(question, options)
        )
    assert done.outcome is not None
    return done.path, done.outcome


def _network_hint(question: Question, options: DiagnoseOptions) -> str:
    """With --auto, a question only a network check could answer says how to allow it."""
    if not options.auto or options.check_network or question.auto is None:
        return ""
    from gopay_doctor.checks import CHECKS

    spec = CHECKS.get(question.auto)
    return ", or add --check-network so its check can answer it" if spec and spec.network else ""


def can_prompt(options: DiagnoseOptions, stdin: TextIO, stdout: TextIO) -> bool:
    """Questions are asked only on a terminal (standard input and output), never with --no-input."""
    return not options.no_input and is_terminal(stdin) and is_terminal(stdout)


def output_target(options: DiagnoseOptions, *, check: bool = True) -> Target | None:
    """Where ``--output`` goes (with ``check``: can be written); None without it."""
    return plan_from_options(
        options.output,
        options.output_format,
        force=options.force,
        screen_format=options.format,
        check=check,
    )


def deliver(result: Result, options: DiagnoseOptions, stdout: TextIO) -> None:
    """Print the result in the chosen format; with ``--output``, also write the export.

    ``--output -`` prints the export instead of the result screen. When the file cannot
    be written, the error ends the run (exit 2) after the result has been printed.
    """
    result = stamp(result)
    target = output_target(options, check=False)  # checked by run() and again when written
    if target is None or not target.to_stdout:
        fmt = options.format or ("rich" if is_terminal(stdout) else "text")
        render_options = RenderOptions(
            color=wants_color(stdout, options.no_color), width=terminal_width(stdout)
        )
        emit(render(result, fmt, render_options), stdout)
    if target is None:
        return
    write_export(result, target, stdout=stdout)
    if not target.to_stdout:
        saved(target, result.lang)


def conclude(
    flow: Flow,
    answers: dict[str, ans.Answer],
    options: DiagnoseOptions,
    lang: str,
    stdout: TextIO,
) -> int:
    """Without asking: complete the walk, build the result and deliver it; exit status 0."""
    path, outcome = complete(flow, answers, options)
    deliver(build_result(flow, path, outcome, lang), options, stdout)
    return 0


def run(
    options: DiagnoseOptions, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Gather the answers, complete the walk, build the result, deliver it."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if options.resume:
        from gopay_doctor.commands.interactive import resume

        output_target(options)
        return resume(options, stdin, stdout)
    lang = resolve_lang(options.lang)
    output_target(options)  # fail before any question is asked
    flow = open_flow(options)
    answers = gather(flow, options, stdin)
    if options.auto:
        answers = propose(flow, answers, options, lang)
    if (
        can_prompt(options, stdin, stdout)
        and walk(flow, answers, defaults=options.defaults).pending
    ):
        from gopay_doctor.commands.interactive import start

        return start(flow, answers, options, lang, stdout)
    return conclude(flow, answers, options, lang, stdout)
