"""Exports: a result as a document to keep, written atomically to a file or to standard output.

An export holds what the result screen shows plus when it was made, the flow and
language, the steps as checkboxes and a draft message to support. The format is
``md``, ``txt``, ``json`` (exactly the ``--format json`` document) or ``html``, chosen
by ``--output-format`` or else by the file's extension.

How a program (the command line, the wizard) uses it::

    target = plan("checklist.md")           # fails early: bad extension, file exists...
    result = stamp(result)                  # when it was made, unless it says already
    write_export(result, target, out)       # atomic; raises WriteError, nothing changed

The wizard, which must never lose a session to a failed export, uses
:func:`export_until_written` with a function that asks for another path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import msgspec

from gopay_doctor.atomic import check_target, write_file
from gopay_doctor.clock import now
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.formats import EXPORTS, EXTENSIONS, Format
from gopay_doctor.i18n import label
from gopay_doctor.output import Output
from gopay_doctor.plaintext import plain, quoted
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.render.lines import reflow
from gopay_doctor.result import Result

OUTPUT_FORMATS = tuple(EXPORTS)
STDOUT = "-"
STDOUT_FORMAT = "md"
"""The format of ``--output -`` when ``--output-format`` does not say."""


class Target(NamedTuple):
    """Where an export goes and in which format."""

    path: str
    """As the user gave it; ``-`` is standard output."""
    format: str
    force: bool = False

    @property
    def to_stdout(self) -> bool:
        return self.path == STDOUT


def format_for(output: str) -> str:
    """The output format that ``output``'s extension stands for."""
    if output == STDOUT:
        return STDOUT_FORMAT
    suffix = Path(output).suffix
    fmt = EXTENSIONS.get(suffix.lower())
    if fmt is None:
        what = f"the extension '{plain(suffix)}'" if suffix else "a name without an extension"
        raise GopayDoctorError(
            f"--output {plain(output)}: cannot tell the format from {what}; "
            f"use a name ending in {_usual_extensions()}, or pass {_output_format()}"
        )
    return fmt


def plan(
    output: str, output_format: str | None = None, *, force: bool = False, check: bool = True
) -> Target:
    """Decide the format and (with ``check``) that the file can be written, before any work.

    :func:`write_export` checks again when it writes, so a file that appeared meanwhile
    is still not replaced.
    """
    if not output:
        raise GopayDoctorError("--output: the file name is empty")
    if output_format is not None and output_format not in EXPORTS:
        raise GopayDoctorError(
            f"--output-format: unknown format {quoted(output_format)}; "
            f"choose one of: {', '.join(OUTPUT_FORMATS)}"
        )
    target = Target(output, output_format or format_for(output), force)
    if check and not target.to_stdout:
        check_target(Path(output), force=force, name=output)
    return target


def plan_from_options(
    output: str | None,
    output_format: str | None,
    *,
    force: bool,
    screen_format: str | None,
    check: bool = True,
) -> Target | None:
    """The target of ``--output``/``--output-format``/``--force``, checked; None without one."""
    if output is None:
        for flag, given in (("--output-format", output_format), ("--force", force)):
            if given:
                raise GopayDoctorError(f"{flag} needs --output FILE")
        return None
    if output == STDOUT and screen_format is not None:
        raise GopayDoctorError(
            "--format does not apply to --output -, which prints the export itself; "
            f"use {_output_format()}"
        )
    return plan(output, output_format, force=force, check=check)


def stamp(result: Result, moment: datetime | None = None) -> Result:
    """``result`` with ``created_at`` set to ``moment`` (default: now), unless it has one."""
    if result.created_at:
        return result
    when = moment if moment is not None else now()
    return msgspec.structs.replace(result, created_at=when.isoformat(timespec="seconds"))


def document(result: Result, fmt: str) -> str:
    """The whole export, built in memory."""
    return render(result, EXPORTS[fmt].name, RenderOptions(export=True))


def write_export(result: Result, target: Target, out: Output) -> None:
    """Write the export of ``result`` to ``target``, atomically.

    Raises :class:`~gopay_doctor.atomic.WriteError` (a ``GopayDoctorError``, exit status
    2) when the file cannot be written; the file is then exactly as it was before.
    """
    text = document(result, target.format)
    if target.to_stdout:
        out.emit(on_screen(text, EXPORTS[target.format], out))
        return
    write_file(Path(target.path), text.encode("utf-8"), force=target.force, name=target.path)


def on_screen(text: str, fmt: Format, out: Output) -> str:
    """``text`` in format ``fmt`` as printed to ``out``: on a terminal, prose (text,
    Markdown) is broken where words end, at its width, so the terminal never breaks a word
    or an address; anything else, and anything for a file or a pipe, is left as it is."""
    return reflow(text, out.width) if fmt.prose and out.terminal else text


def saved(target: Target, lang: str, out: Output) -> None:
    """The one line on standard error that says where an export was written."""
    out.note(f"{label('saved_to', lang)} {target.path}")


AskAgain = Callable[[GopayDoctorError], str | None]
"""Shown why an export failed, returns another path to try, or None to print it instead."""


def export_until_written(
    result: Result,
    target: Target,
    ask_again: AskAgain,
    out: Output,
    *,
    output_format: str | None = None,
) -> Target | None:
    """Write the export; on failure ask for another path until one works.

    ``ask_again`` gets the error (``str(error)`` is the message to show) and returns
    another path, or None to print the export to standard output instead. A new path takes its
    format from ``output_format`` or its extension, and never replaces an existing file.
    Returns the target written, or None when the export was printed. Nothing is lost:
    the result stays in memory until it has been written or printed.
    """
    while True:
        try:
            write_export(result, target, out)
            return target
        except GopayDoctorError as error:
            failure = error
        while True:
            path = ask_again(failure)
            if path is None:
                write_export(result, Target(STDOUT, target.format), out)
                return None
            try:
                target = plan(path, output_format)
                break
            except GopayDoctorError as error:
                failure = error


def _usual_extensions() -> str:
    """ ".md, .txt, .json or .html": the usual extension of each export format."""
    usual = [f.extensions[0] for f in EXPORTS.values()]
    return f"{', '.join(usual[:-1])} or {usual[-1]}"


def _output_format() -> str:
    """ "--output-format md (or txt, json, html)": an option as it can be typed, and the
    others it takes."""
    first, *others = OUTPUT_FORMATS
    return f"--output-format {first} (or {', '.join(others)})"
