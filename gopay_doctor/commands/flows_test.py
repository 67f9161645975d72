"""``gopay-doctor flows test``: run the scenarios beside each flow and report coverage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gopay_doctor.authoring.check import tested
from gopay_doctor.authoring.scenarios import Coverage, FlowReport, run_flow
from gopay_doctor.contract.folder import Sources, display_name
from gopay_doctor.errors import PROG, Problem
from gopay_doctor.output import Output
from gopay_doctor.plaintext import count, inert, json_dumps, one_line


def run(
    paths: Sequence[str],
    sources: Sources,
    out: Output,
    *,
    fmt: str = "text",
    min_coverage: float | None = None,
) -> int:
    """Run the scenarios of flows and report failures and coverage."""
    scope = tested(paths, sources)
    reports = [run_flow(path, scope.sources, scope.files) for path in scope.flows]
    below = [r for r in reports if min_coverage is not None and _below(r, min_coverage)]
    problems = sorted(
        {p for r in reports for p in r.problems},
        key=lambda p: (p.file, p.line, p.column, p.rule, p.message),
    )
    if fmt == "json":
        out.emit(json_dumps(_test_data(reports, problems, min_coverage, below)) + "\n")
    else:
        lines = [inert(p.format(with_severity=True)) for p in problems]
        lines += [line for r in reports for line in _report_lines(r)]
        out.emit("".join(f"{line}\n" for line in lines))
    _test_verdict(reports, problems, min_coverage, below, out)
    return 1 if problems or below else 0


def percent(done: int, total: int) -> str:
    """``done`` of ``total`` in per cent, to one decimal; never 100% unless complete."""
    if total == 0:
        return "100%"
    shown = f"{100 * done / total:.1f}".removesuffix(".0")
    if done < total and shown == "100":
        shown = "99.9"
    return f"{shown}%"


def _below(report: FlowReport, minimum: float) -> bool:
    if report.coverage is None:
        return True
    return any(
        100 * done < minimum * total
        for done, total in (report.coverage.choice_ratio, report.coverage.outcome_ratio)
    )


def _report_lines(report: FlowReport) -> list[str]:
    name = one_line(report.flow_id)
    if report.coverage is None:
        return [f"{name}: not run: its flow or scenarios file has problems (see above)"]
    if report.scenarios_file is None:
        head = (
            f"{name}: no scenarios; write {name}.scenarios.yaml beside "
            f"{one_line(display_name(report.flow_file))}"
        )
    else:
        passed = report.total - report.failed
        head = (
            f"{name}: {count(report.total, 'scenario')}, {passed} passed, {report.failed} failed "
            f"({one_line(display_name(report.scenarios_file))})"
        )
    return [head, *_coverage_lines(report.coverage)]


def _coverage_lines(coverage: Coverage) -> list[str]:
    chosen, choices = coverage.choice_ratio
    reached, outcomes = coverage.outcome_ratio
    never_chosen = ", ".join(f"{q}={v}" for q, v in coverage.never_chosen)
    never_reached = ", ".join(coverage.never_reached)
    lines = [
        f"  choices:  {chosen} of {choices} chosen ({percent(chosen, choices)})"
        + (f"; never chosen: {never_chosen}" if never_chosen else ""),
        f"  outcomes: {reached} of {outcomes} reached ({percent(reached, outcomes)})"
        + (f"; never reached: {never_reached}" if never_reached else ""),
    ]
    if coverage.questions is not None:
        median, most = coverage.questions
        lines.append(f"  questions: median {median:g}, at most {most} per scenario")
    return lines


def _test_verdict(
    reports: list[FlowReport],
    problems: list[Problem],
    minimum: float | None,
    below: list[FlowReport],
    out: Output,
) -> None:
    failed = sum(r.failed for r in reports)
    total = sum(r.total for r in reports)
    if failed:
        out.note(f"{PROG}: {failed} of {count(total, 'scenario')} failed")
    elif problems:
        out.note(f"{PROG}: {count(len(problems), 'problem')} in flows or scenarios files")
    if below:
        shown = f"{minimum:g}%"
        names = ", ".join(r.flow_id for r in below)
        out.note(f"{PROG}: coverage below {shown}: {names}")


def _test_data(
    reports: list[FlowReport],
    problems: list[Problem],
    minimum: float | None,
    below: list[FlowReport],
) -> dict[str, Any]:
    return {
        "flows": [_flow_data(r) for r in reports],
        "problems": [p.to_dict() for p in problems],
        "min_coverage": minimum,
        "ok": not problems and not below,
    }


def _flow_data(report: FlowReport) -> dict[str, Any]:
    coverage = report.coverage
    data: dict[str, Any] = {
        "id": report.flow_id,
        "file": display_name(report.flow_file),
        "scenarios_file": display_name(report.scenarios_file) if report.scenarios_file else None,
        "scenarios": report.total,
        "passed": report.total - report.failed,
        "failed": report.failed,
        "choices": None,
        "outcomes": None,
        "questions": None,
    }
    if coverage is not None:
        chosen, choices = coverage.choice_ratio
        reached, outcomes = coverage.outcome_ratio
        data["choices"] = {
            "covered": chosen,
            "total": choices,
            "percent": float(percent(chosen, choices).removesuffix("%")),
            "never": [f"{q}={v}" for q, v in coverage.never_chosen],
        }
        data["outcomes"] = {
            "covered": reached,
            "total": outcomes,
            "percent": float(percent(reached, outcomes).removesuffix("%")),
            "never": coverage.never_reached,
        }
        if coverage.questions is not None:
            median, most = coverage.questions
            data["questions"] = {"median": median, "max": most}
    return data
