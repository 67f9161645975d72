"""``gopay-doctor diagnose``: answers in, result out."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from gopay_doctor import answers as ans
from gopay_doctor.engine import Visit, build_result, walk
from gopay_doctor.flow.loading import DEFAULT_FLOW, Sources, load_flow_file, resolve_flow_file
from gopay_doctor.flow.model import Flow
from gopay_doctor.i18n import resolve_lang
from gopay_doctor.output import emit, is_terminal, terminal_width, wants_color
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.result import Result


@dataclass(frozen=True)
class DiagnoseOptions:
    flow: str = DEFAULT_FLOW
    answer: Sequence[str] = ()
    answers_file: str | None = None
    defaults: bool = False
    no_input: bool = False
    lang: str | None = None
    format: str | None = None
    no_color: bool = False
    flows_dirs: Sequence[str] = field(default_factory=tuple)
    channels: str | None = None


def open_flow(options: DiagnoseOptions) -> Flow:
    sources = Sources.default(options.flows_dirs, options.channels)
    path, sources, by_id = resolve_flow_file(options.flow, sources)
    return load_flow_file(path, sources, by_id=by_id)


def gather(flow: Flow, options: DiagnoseOptions, stdin: TextIO) -> dict[str, ans.Answer]:
    """Every answer given on the command line or in a file; flags override the file."""
    given: dict[str, ans.Given] = {}
    if options.answers_file is not None:
        given.update(ans.from_file(options.answers_file, stdin=stdin.buffer))
    given.update(ans.from_flags(options.answer))
    return ans.validate_all(flow, given)


def complete(
    flow: Flow, answers: dict[str, ans.Answer], options: DiagnoseOptions, stdin: TextIO
) -> tuple[tuple[Visit, ...], str]:
    """Walk the flow to an outcome with the answers given; the path and the outcome id."""
    done = walk(flow, answers, defaults=options.defaults)
    if done.pending is not None:
        question = flow.spec.questions[done.pending]
        raise ans.MissingAnswer(done.pending, question, defaults=options.defaults)
    assert done.outcome is not None
    return done.path, done.outcome


def deliver(result: Result, options: DiagnoseOptions, stdout: TextIO) -> None:
    """Print the result in the chosen format."""
    fmt = options.format or ("rich" if is_terminal(stdout) else "text")
    render_options = RenderOptions(
        color=wants_color(stdout, options.no_color), width=terminal_width(stdout)
    )
    emit(render(result, fmt, render_options), stdout)


def run(
    options: DiagnoseOptions, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Gather the answers, complete the walk, build the result, deliver it."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    lang = resolve_lang(options.lang)
    flow = open_flow(options)
    answers = gather(flow, options, stdin)
    path, outcome = complete(flow, answers, options, stdin)
    deliver(build_result(flow, path, outcome, lang), options, stdout)
    return 0
