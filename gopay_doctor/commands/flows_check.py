"""``gopay-doctor flows check``: every problem of flows, catalogs, scenarios and data files."""

from __future__ import annotations

from collections.abc import Sequence

from gopay_doctor.authoring import check
from gopay_doctor.clock import now
from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.rules import WARNING, Rule
from gopay_doctor.errors import PROG, GopayDoctorError
from gopay_doctor.output import Output
from gopay_doctor.plaintext import count, inert, json_dumps

MAX_SHOWN = 1000
"""At most this many problems are listed as text (then ``… and N more problems``);
``--format json`` lists every one."""


def run(
    paths: Sequence[str],
    sources: Sources,
    out: Output,
    *,
    fmt: str = "text",
    ignore: Sequence[str] = (),
) -> int:
    """Check flows, catalogs and scenarios files; 1 when any error is found."""
    _check_ignored(ignore)
    scope = check.named(paths, sources) if paths else check.everything(sources)
    problems = [p for p in check.check(scope, now().date()) if p.rule not in ignore]
    if fmt == "json":
        out.emit(json_dumps([p.to_dict() for p in problems]) + "\n")
    else:
        shown = [inert(p.format(with_severity=True)) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            more = len(problems) - MAX_SHOWN
            shown.append(f"… and {more} more problems (--format json lists every one)")
        out.emit("".join(line + "\n" for line in shown))
    errors = sum(p.severity == "error" for p in problems)
    checked = [
        count(len(scope.flows), "flow"),
        count(len(scope.catalogs), "catalog file"),
        count(len(scope.scenarios), "scenarios file"),
    ]
    if scope.checks:
        checked.append(count(len(scope.checks), "check data file"))
    found = [count(errors, "error"), count(len(problems) - errors, "warning")]
    verdict = ", ".join(found) if problems else "no problems"
    out.note(f"{PROG}: checked {', '.join(checked)}: {verdict}")
    return 1 if errors else 0


def _check_ignored(ignore: Sequence[str]) -> None:
    warnings = sorted(rule.value for rule in Rule if rule.level == WARNING)
    for rule in ignore:
        if rule not in warnings:
            known = rule in {r.value for r in Rule}
            why = "is an error and cannot be ignored" if known else "is not a rule"
            raise GopayDoctorError(
                f"--ignore {rule}: {why}; warnings that can be ignored: {', '.join(warnings)}"
            )
