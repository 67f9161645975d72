"""One base for every error a user can cause, and the one place that turns errors into exit codes.

Exit codes, the same for every command:

====  ==========================================================
0     success
1     a check found problems (``flows check``, ``flows test``, ``check``)
2     bad input or usage: a broken file, an invalid answer, a missing answer
3     an unexpected internal error (one line; ``--debug`` shows the traceback)
130   cancelled (Ctrl-C)
====  ==========================================================
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple, TextIO

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_CANCELLED = 130

PROG = "gopay-doctor"


class GopayDoctorError(Exception):
    """An error the user can fix; its message is shown as it is, on one line per problem."""

    exit_code = EXIT_USAGE

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

    def format(self, *, with_severity: bool = False) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        level = f" {self.severity}:" if with_severity else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}:{level} {self.message}{rule}"


class FileProblems(GopayDoctorError):
    """One or more problems in input files, reported all at once as ``FILE:LINE:COL: message``."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(p.format() for p in self.problems))

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


class Cancelled(GopayDoctorError):
    """The user pressed Ctrl-C or Ctrl-D; ``hint`` says how to continue."""

    exit_code = EXIT_CANCELLED

    def __init__(self, hint: str = "") -> None:
        super().__init__(hint)
        self.hint = hint

    def lines(self) -> list[str]:
        return [f"{PROG}: cancelled. {self.hint}".rstrip()]


class ChecksFailed(GopayDoctorError):
    """A check command found problems; what they are has already been printed."""

    exit_code = EXIT_PROBLEMS

    def lines(self) -> list[str]:
        return [f"{PROG}: {self}"] if str(self) else []


def report(exc: BaseException, *, debug: bool = False, stream: TextIO | None = None) -> int:
    """Print ``exc`` for the user and return the exit code it stands for."""
    out = stream if stream is not None else sys.stderr
    if isinstance(exc, GopayDoctorError):
        from gopay_doctor.plaintext import plain  # messages quote user data: keep it inert

        for line in exc.lines():
            print(plain(line), file=out)
        return exc.exit_code
    if isinstance(exc, (KeyboardInterrupt, EOFError)):
        print(f"{PROG}: cancelled.", file=out)
        return EXIT_CANCELLED
    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=out)
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    print(
        f"{PROG}: internal error ({detail}); this is a bug, please report it"
        + ("" if debug else " (run again with --debug for the traceback)"),
        file=out,
    )
    return EXIT_INTERNAL


@contextmanager
def handled(*, debug: bool = False) -> Iterator[None]:
    """Run a command body; any error leaves as ``SystemExit`` with the right exit code."""
    try:
        yield
    except SystemExit:
        raise
    except BaseException as exc:
        raise SystemExit(report(exc, debug=debug)) from None


def suggest(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, ignoring case, or nothing."""
    return Suggestions(options)(word)


class Suggestions:
    """:func:`suggest` for many words among the same options: ask it once per word.

    The suggestion is difflib's, as ``difflib.get_close_matches(word, options, n=1)``
    gives it, but found without comparing the word with every option: the options are
    indexed by length and character on first use, so counting (in C) the characters
    each has in common with the word leaves only the few that can reach the cutoff, and
    those are compared best first, until none left can beat the closest found. A file
    with thousands of unknown ids stays fast.
    """

    def __init__(self, options: Iterable[str]) -> None:
        self._options = options
        self._by_folded: dict[str, str] = {}
        self._lengths: list[int] = []
        self._having: dict[tuple[int, str, int], list[str]] | None = None
        """``(length, c, n)``: the (case-folded) options of that length that hold the
        character ``c`` ``n`` times or more."""
        self._told: dict[str, str] = {}
        """The suggestion for each word asked about: a word repeated costs nothing."""

    def __call__(self, word: str) -> str:
        if word not in self._told:
            close = self._closest(word.casefold())
            found = "" if close is None else f" (did you mean '{self._by_folded[close]}'?)"
            self._told[word] = found
        return self._told[word]

    def _closest(self, word: str) -> str | None:
        """The option with the best ratio at or above the cutoff (the greatest of equals)."""
        from difflib import SequenceMatcher

        matcher = SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for bound, option in sorted(self._candidates(word), reverse=True):
            if best is not None and (bound, option) < best:
                break  # no option left can do better than its bound
            matcher.set_seq1(option)
            score = matcher.ratio()
            if score >= _CUTOFF and (best is None or (score, option) > best):
                best = (score, option)
        return best[1] if best is not None else None

    def _candidates(self, word: str) -> list[tuple[float, str]]:
        """The options that may reach the cutoff, each with the best ratio it can have.

        That bound is difflib's ``quick_ratio``: ``2 * shared / (len(word) +
        len(option))``, where ``shared`` counts the characters the two have in common
        (each as often as both hold it). The ratio never exceeds it.
        """
        from collections import Counter
        from itertools import chain, compress

        having = self._index()
        if not word:
            return [(1.0, "")] if "" in self._by_folded else []
        tokens = [(c, n) for c, times in Counter(word).items() for n in range(1, times + 1)]
        found: list[tuple[float, str]] = []
        for length in self._lengths:
            least = _least_shared(len(word), length)
            if least > min(len(word), length):
                continue
            shared = Counter(chain.from_iterable(having.get((length, *t), ()) for t in tokens))
            found.extend(
                (2.0 * shared[option] / (len(word) + length), option)
                for option in compress(shared, map(least.__le__, shared.values()))
            )
        return found

    def _index(self) -> dict[tuple[int, str, int], list[str]]:
        if self._having is None:
            from collections import Counter

            self._by_folded = {option.casefold(): option for option in self._options}
            self._lengths = sorted({len(folded) for folded in self._by_folded})
            self._having = {}
            for folded in self._by_folded:
                for character, times in Counter(folded).items():
                    for n in range(1, times + 1):
                        self._having.setdefault((len(folded), character, n), []).append(folded)
        return self._having


_CUTOFF = 0.6
"""``difflib.get_close_matches``'s default cutoff, the one :func:`suggest` always used."""


def _least_shared(length: int, other: int) -> int:
    """The fewest characters two texts of these lengths must share to reach :data:`_CUTOFF`
    (difflib's ``2.0 * shared / total >= cutoff``, computed the same way)."""
    shared = max(0, int(_CUTOFF * (length + other) / 2) - 1)
    while 2.0 * shared / (length + other) < _CUTOFF:
        shared += 1
    return shared
