"""``gopay-doctor check``: run the automatic checks and print a doctor-style summary.

One line per check: ✓ ok, ! worth knowing, ✗ broken, - not run; ``-v`` adds the
details, ``--format json`` prints them as data. Exit 0 when every check that ran is
ok, 1 otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from gopay_doctor.checks import CHECKS, CheckContext, Checker, CheckResult
from gopay_doctor.contract.folder import Sources
from gopay_doctor.errors import EXIT_OK, EXIT_PROBLEMS, PROG
from gopay_doctor.i18n import label
from gopay_doctor.output import Output, rich_text
from gopay_doctor.plaintext import json_dumps, one_line
from gopay_doctor.render.wrap import Unbroken, Wrapped

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
    """One line per check (and its details with ``verbose``), then a verdict, the checks not
    run and the command that runs the network check too; the marks in colour where ``out`` shows colour,
    in ASCII where it cannot show them. On a terminal a long line is broken where a word
    ends, under its text; elsewhere each check stays one line."""
    symbols = SYMBOLS if out.can_show("".join(SYMBOLS.values())) else ASCII_SYMBOLS
    checks = [
        (
            Text(symbols[r.status], STYLES[r.status]),
            label("check_line", lang).format(
                title=label(f"check.{r.name}", lang), text=one_line(r.reason)
            ),
            [one_line(d) for d in r.details] if verbose else [],
        )
        for r in results
    ]
    said, command = _verdict(results, lang)
    parts: list[RenderableType] = []
    if out.terminal:
        for mark, text, details in checks:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column()
            grid.add_row(mark, Wrapped(Text(text)))
            parts += [grid, *(Padding(Wrapped(Text(d)), (0, 0, 0, 4)) for d in details)]
        parts += [Text(""), *(Wrapped(Text(line)) for line in said)]
        if command:
            parts.append(Unbroken(Text(command), indent=2))
        return rich_text(parts, color=out.color, width=out.width)
    for mark, text, details in checks:
        parts += [Text.assemble(mark, " ", text), *(Text(f"    {d}") for d in details)]
    parts += [Text(""), *(Text(line) for line in said)]
    if command:
        parts.append(Text(f"  {command}"))
    return rich_text(parts, color=out.color, width=out.width, soft_wrap=True)


def _verdict(results: Sequence[CheckResult], lang: str) -> tuple[list[str], str]:
    """What the checks found and which were not run; the command that runs the network
    check too, when it was not run (to stand on a line of its own, so it is never broken),
    or nothing."""
    found = [r for r in results if r.status in ("warn", "fail")]
    not_run = [r for r in results if r.status == "skipped"]
    if found:
        said = [label("check_attention", lang).format(n=len(found), total=len(results))]
    else:
        said = [label("check_ran_ok" if not_run else "check_all_ok", lang)]
    if not_run:
        names = label("list_separator", lang).join(label(f"check.{r.name}", lang) for r in not_run)
        said.append(label("check_not_run", lang).format(names=names))
    if not any(CHECKS[r.name].network for r in not_run):
        return said, ""
    return [*said, label("check_run_network", lang)], f"{PROG} check --check-network"
