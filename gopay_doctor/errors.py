"""One base for every error a user can cause, and the one place that turns errors into exit codes.

Exit codes, the same for every command:

====  ==========================================================
0     success
1     a check found problems (``flows check``, ``flows test``, ``check``)
2     bad input or usage: a broken file, an invalid answer, a missing answer, an
      unknown option; or an output that cannot be written: a file, or standard output
      when it is full, closed or fails (``> /dev/full``)
3     an unexpected internal error (one line; ``--debug`` shows the traceback)
130   cancelled (Ctrl-C)
====  ==========================================================
"""

from __future__ import annotations

import difflib
import os
import signal
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple, Protocol

from gopay_doctor.plaintext import clipped, inert

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_CANCELLED = 130

PROG = "gopay-doctor"
MAX_LISTED = 20
"""At most this many problems are listed in an error; then ``… and N more problems``."""


class GopayDoctorError(Exception):
    """An error the user can fix; its message is shown as it is, on one line per problem.

    Every error has one form, ``WHERE: error: message``: WHERE is the file position
    (``FILE:LINE:COL``, :class:`FileProblems`) when the error is in a file's content, else
    the program's name (``gopay-doctor: error: ...``), as compilers and ``flows check`` say it.
    """

    exit_code = EXIT_USAGE

    def __str__(self) -> str:
        """The message, each line made inert (:func:`~gopay_doctor.plaintext.inert`): the
        library's callers read it as the command line shows it, control characters escaped."""
        return "\n".join(map(inert, super().__str__().split("\n")))

    def lines(self) -> list[str]:
        return [f"{PROG}: error: {self}"]


class Problem(NamedTuple):
    """One problem found in a file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"
    rule: str = ""

    def to_dict(self) -> dict[str, object]:
        """As ``--format json`` reports it."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": str(self.rule),
            "message": self.message,
        }

    def format(self, *, with_severity: bool = False) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        level = f" {self.severity}:" if with_severity else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}:{level} {self.message}{rule}"


class FileProblems(GopayDoctorError):
    """One or more problems in input files, reported all at once as
    ``FILE:LINE:COL: error: message``: the form of every error, where the file position
    stands in place of the program's name."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """A line for each problem, at most :data:`MAX_LISTED`, then how many more there are."""
        shown = [p.format(with_severity=True) for p in self.problems[:MAX_LISTED]]
        more = len(self.problems) - MAX_LISTED
        if more > 0:
            shown.append(f"{PROG}: error: … and {more} more problems")
        return shown


class BadUsage(GopayDoctorError):
    """A command line that cannot be parsed (an unknown option, a missing argument, a value
    that is not one of the choices): one line, as every other error."""


class OutputError(GopayDoctorError):
    """Standard output cannot be written: it is full (``> /dev/full``), closed (``>&-``) or
    fails. Exit status 2, as for a file that cannot be written; a reader that went away
    (``| head``) is no error (exit 0)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write to standard output: {reason}")


CANCELLED = "cancelled{why}. {hint}"
"""The interrupt line after ``gopay-doctor: `` (``why``: the signal, ``hint``: how to go on),
in English; the label ``cancelled`` holds it in each language."""


class Cancelled(GopayDoctorError):
    """The user pressed Ctrl-C or Ctrl-D (or SIGINT came from elsewhere); ``hint`` says how
    to continue, and ``words`` (:data:`CANCELLED` in the user's language) says it was
    cancelled. Stopped by another signal (SIGTERM, SIGHUP), the exit status is 128 + its
    number and the line names it."""

    exit_code = EXIT_CANCELLED

    def __init__(
        self,
        hint: str = "",
        *,
        words: str = CANCELLED,
        signal_name: str = "",
        signal_number: int = 0,
    ) -> None:
        super().__init__(hint)
        self.hint = hint
        self.words = words
        self.signal_name = signal_name
        if signal_number:
            self.exit_code = 128 + signal_number

    def by_signal(self, number: int) -> Cancelled:
        """The same cancellation, caused by signal ``number``."""
        if number == signal.SIGINT:
            return self
        name = signal.Signals(number).name
        return Cancelled(self.hint, words=self.words, signal_name=name, signal_number=number)

    def lines(self) -> list[str]:
        """``gopay-doctor: cancelled.`` (naming the signal, if one stopped it) and the hint; a
        hint of several lines keeps them, so a command it names stands on a line of its own
        and is never broken."""
        why = f" ({self.signal_name})" if self.signal_name else ""
        first, *rest = self.hint.split("\n")
        return [f"{PROG}: {self.words.format(why=why, hint=first).rstrip()}", *rest]


class Notes(Protocol):
    """Where lines for the person go (:class:`gopay_doctor.output.Output`)."""

    def note(self, line: str) -> None: ...


def describe(
    exc: BaseException, *, debug: bool = False, cancelled: str = CANCELLED
) -> tuple[list[str], int]:
    """The lines that tell the user about ``exc``, and the exit code it stands for;
    ``cancelled`` is :data:`CANCELLED` in the user's language."""
    if isinstance(exc, GopayDoctorError):
        return exc.lines(), exc.exit_code
    if isinstance(exc, (KeyboardInterrupt, EOFError)):
        return Cancelled(words=cancelled).lines(), EXIT_CANCELLED
    lines = []
    if debug:
        trace = traceback.format_exception(type(exc), exc, exc.__traceback__)
        lines = "".join(trace).rstrip("\n").split("\n")
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    detail = clipped(detail)
    lines.append(
        f"{PROG}: internal error ({detail}); this is a bug, please report it"
        + ("" if debug else " (run again with --debug for the traceback)")
    )
    return lines, EXIT_INTERNAL


@contextmanager
def handled(notes: Notes, *, debug: bool = False, cancelled: str = CANCELLED) -> Iterator[None]:
    """Run a command body; any error is told to ``notes`` and leaves as ``SystemExit`` with
    its exit code: the one place an exception becomes an exit code. ``cancelled`` is
    :data:`CANCELLED` in the user's language, for Ctrl-C."""
    try:
        yield
    except SystemExit:
        raise
    except BrokenPipeError:  # the reader went away (``| head``): nothing is lost, stop quietly
        _stdout_to_nowhere()
        raise SystemExit(EXIT_OK) from None
    except BaseException as exc:
        if isinstance(exc, OutputError):
            _stdout_to_nowhere()
        lines, code = describe(exc, debug=debug, cancelled=cancelled)
        try:
            for line in lines:
                notes.note(line)
        except OSError:  # nowhere left to say it (the terminal hung up): the code still tells
            pass
        raise SystemExit(code) from None


def _stdout_to_nowhere() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what
    could not be written finds no broken pipe or full disk (which would print a traceback
    and change the exit status)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # closed, or not a real file (a test's)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def suggest(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, ignoring case, or nothing."""
    by_folded = {option.casefold(): option for option in options}
    close = difflib.get_close_matches(word.casefold(), by_folded, n=1)
    return f" (did you mean '{by_folded[close[0]]}'?)" if close else ""
