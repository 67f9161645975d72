"""``gopay-doctor check``: run the automatic checks and print a doctor-style summary.

One line per check: ✓ ok, ! worth knowing, ✗ broken, - not run; ``-v`` adds the
details, ``--format json`` prints them as data. Exit 0 when every check that ran is
ok, 1 otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from rich.text import Text

from gopay_doctor.checks import CHECKS, CheckContext, Checker, CheckResult
from gopay_doctor.contract.folder import Sources
from gopay_doctor.errors import EXIT_OK, EXIT_PROBLEMS
from gopay_doctor.i18n import label
from gopay_doctor.output import Output, rich_text
from gopay_doctor.plaintext import json_dumps, one_line

SCHEMA_VERSION = 1
SYMBOLS = {"ok": "✓", "warn": "!", "fail": "✗", "skipped": "-"}
ASCII_SYMBOLS = {"ok": "v", "warn": "!", "fail": "x", "skipped": "-"}
STYLES = {"ok": "green", "warn": "yellow", "fail": "red", "skipped": "dim"}


class CheckRequest(msgspec.Struct, frozen=True):
    sources: Sources
    lang: str
    verbose: bool = False
    format: str = "text"
    network: bool = False


def run(request: CheckRequest, out: Output) -> int:
    """Run every registered check, print the summary, return 0 or 1."""
    context = CheckContext(lang=request.lang, network=request.network, dirs=request.sources.dirs)
    checker = Checker(context)
    results = [checker.run(name) for name in CHECKS]
    passed = all(r.status in ("ok", "skipped") for r in results)
    if request.format == "json":
        out.emit(json_dumps(document(results, request.lang, passed)) + "\n")
    else:
        out.emit(summary(results, request.lang, request.verbose, out))
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


def summary(results: Sequence[CheckResult], lang: str, verbose: bool, out: Output) -> str:
    """One line per check (and its details with ``verbose``), then a verdict; the marks in
    colour where ``out`` shows colour, in ASCII where it cannot show them."""
    symbols = SYMBOLS if out.can_show("".join(SYMBOLS.values())) else ASCII_SYMBOLS
    lines: list[Text] = []
    for result in results:
        title = label(f"check.{result.name}", lang)
        text = label("check_line", lang).format(title=title, text=one_line(result.reason))
        lines.append(Text.assemble((symbols[result.status], STYLES[result.status]), " ", text))
        if verbose:
            lines += [Text(f"    {one_line(detail)}") for detail in result.details]
    found = [r for r in results if r.status in ("warn", "fail")]
    if found:
        verdict = label("check_attention", lang).format(n=len(found), total=len(results))
    else:
        verdict = label("check_all_ok", lang)
    parts = [*lines, Text(""), Text(verdict)]
    return rich_text(parts, color=out.color, width=out.width, soft_wrap=True)
