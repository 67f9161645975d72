"""``gopay-doctor check``: run the automatic checks and print a doctor-style summary.

One line per check: ✓ ok, ! worth knowing, ✗ broken, - not run; ``-v`` adds the
details, ``--format json`` prints them as data. Exit 0 when every check that ran is
ok, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from gopay_doctor.checks import CHECKS, CheckContext, Checker, CheckResult
from gopay_doctor.errors import EXIT_OK, EXIT_PROBLEMS
from gopay_doctor.i18n import label, resolve_lang
from gopay_doctor.output import emit, wants_color
from gopay_doctor.plaintext import json_dumps, one_line

SCHEMA_VERSION = 1
SYMBOLS = {"ok": "✓", "warn": "!", "fail": "✗", "skipped": "-"}
ASCII_SYMBOLS = {"ok": "v", "warn": "!", "fail": "x", "skipped": "-"}
COLORS = {"ok": "32", "warn": "33", "fail": "31", "skipped": "2"}


@dataclass(frozen=True)
class CheckOptions:
    verbose: bool = False
    format: str = "text"
    lang: str | None = None
    network: bool = False
    no_color: bool = False
    flows_dirs: Sequence[str] = field(default_factory=tuple)


def run(options: CheckOptions, *, stdout: TextIO | None = None) -> int:
    """Run every registered check, print the summary, return 0 or 1."""
    from gopay_doctor.contract.folder import Sources

    stdout = stdout or sys.stdout
    lang = resolve_lang(options.lang)
    dirs = Sources.default(options.flows_dirs).dirs
    checker = Checker(CheckContext(lang=lang, network=options.network, dirs=dirs))
    results = [checker.run(name) for name in CHECKS]
    passed = all(r.status in ("ok", "skipped") for r in results)
    if options.format == "json":
        emit(json_dumps(document(results, lang, passed)) + "\n", stdout)
    else:
        emit(summary(results, lang, options.verbose, stdout, options.no_color), stdout)
    return EXIT_OK if passed else EXIT_PROBLEMS


def document(results: Sequence[CheckResult], lang: str, passed: bool) -> dict[str, Any]:
    """The ``--format json`` document."""
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": lang,
        "ok": passed,
        "checks": [
            {
                "name": r.name,
                "title": label(f"check.{r.name}", lang),
                "status": r.status,
                "answer": r.value,
                "reason": r.reason,
                "details": list(r.details),
                "data": dict(r.data),
            }
            for r in results
        ],
    }


def summary(
    results: Sequence[CheckResult], lang: str, verbose: bool, stream: TextIO, no_color: bool
) -> str:
    """One line per check (and its details with ``verbose``), then a verdict."""
    symbols = SYMBOLS if can_show(stream, "".join(SYMBOLS.values())) else ASCII_SYMBOLS
    color = wants_color(stream, no_color)
    lines: list[str] = []
    for result in results:
        symbol = symbols[result.status]
        if color:
            symbol = f"\x1b[{COLORS[result.status]}m{symbol}\x1b[0m"
        title = label(f"check.{result.name}", lang)
        lines.append(
            f"{symbol} "
            + label("check_line", lang).format(title=title, text=one_line(result.reason))
        )
        if verbose:
            lines += [f"    {one_line(detail)}" for detail in result.details]
    found = [r for r in results if r.status in ("warn", "fail")]
    if found:
        verdict = label("check_attention", lang).format(n=len(found), total=len(results))
    else:
        verdict = label("check_all_ok", lang)
    return "\n".join([*lines, "", verdict]) + "\n"


def can_show(stream: TextIO, text: str) -> bool:
    """Whether ``stream`` can print ``text``: not with TERM=dumb, nor in a narrow encoding."""
    if os.environ.get("TERM") == "dumb":
        return False
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
