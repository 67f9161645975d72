"""``gopay-doctor flows ...``: list, check, show, draw and test the flows, and their schema."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gopay_doctor.contract.folder import Sources, display_name, find_flows
from gopay_doctor.contract.loading import load_flow, load_flow_file
from gopay_doctor.errors import PROG, FileProblems, GopayDoctorError, Problem
from gopay_doctor.i18n import pick
from gopay_doctor.output import emit
from gopay_doctor.plaintext import json_dumps, one_line, plain

if TYPE_CHECKING:
    from gopay_doctor.authoring.scenarios import Coverage, FlowReport


def list_flows(
    *,
    fmt: str = "text",
    lang: str = "en",
    flows_dirs: Sequence[str] = (),
    channels: str | None = None,
) -> int:
    """Print every flow: id, version, title and the file it comes from."""
    sources = Sources.default(flows_dirs, channels)
    rows = []
    for flow_id, found in sorted(find_flows(sources).items()):
        row: dict[str, object] = {
            "id": flow_id,
            "version": None,
            "title": None,
            "source": display_name(found.path),
            "overrides": [display_name(p) for p in found.overrides],
            "problems": 0,
        }
        try:
            flow = load_flow_file(found.path, sources)
            row.update(version=flow.version, title=pick(flow.spec.title, lang))
        except FileProblems as exc:
            row["problems"] = len(exc.problems)
        rows.append(row)
    if fmt == "json":
        emit(json_dumps(rows) + "\n")
        return 0
    for row in rows:
        version = f"v{row['version']}" if row["version"] is not None else "v?"
        title = (
            row["title"]
            if row["title"] is not None
            else (f"(invalid: {row['problems']} problem(s); run 'gopay-doctor flows check')")
        )
        source = str(row["source"])
        overrides = row["overrides"]
        if isinstance(overrides, list) and overrides:
            source += f" (overrides {', '.join(map(str, overrides))})"
        cells = (str(row["id"]), version, str(title), source)
        emit("\t".join(map(one_line, cells)) + "\n")
    return 0


# --- check ----------------------------------------------------------------------------


def check_flows(
    paths: Sequence[str] = (),
    *,
    fmt: str = "text",
    ignore: Sequence[str] = (),
    flows_dirs: Sequence[str] = (),
    channels: str | None = None,
) -> int:
    """Check flows, catalogs and scenarios files; 1 when any error is found."""
    from gopay_doctor.authoring import check
    from gopay_doctor.clock import now

    _check_ignored(ignore)
    sources = Sources.default(flows_dirs, channels)
    scope = check.named(paths, sources) if paths else check.everything(sources)
    problems = [p for p in check.check(scope, now().date()) if p.rule not in ignore]
    if fmt == "json":
        emit(json_dumps([problem_data(p) for p in problems]) + "\n")
    else:
        emit("".join(plain(p.format(with_severity=True)) + "\n" for p in problems))
    errors = sum(p.severity == "error" for p in problems)
    checked = [
        _count(len(scope.flows), "flow"),
        _count(len(scope.catalogs), "catalog file"),
        _count(len(scope.scenarios), "scenarios file"),
    ]
    if scope.checks:
        checked.append(_count(len(scope.checks), "check data file"))
    found = [_count(errors, "error"), _count(len(problems) - errors, "warning")]
    verdict = ", ".join(found) if problems else "no problems"
    print(f"{PROG}: checked {', '.join(checked)}: {verdict}", file=sys.stderr)
    return 1 if errors else 0


def _check_ignored(ignore: Sequence[str]) -> None:
    from gopay_doctor.contract.rules import WARNING, Rule

    warnings = sorted(rule.value for rule in Rule if rule.level == WARNING)
    for rule in ignore:
        if rule not in warnings:
            known = rule in {r.value for r in Rule}
            why = "is an error and cannot be ignored" if known else "is not a rule"
            raise GopayDoctorError(
                f"--ignore {rule}: {why}; warnings that can be ignored: {', '.join(warnings)}"
            )


def problem_data(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "rule": problem.rule,
        "message": problem.message,
    }


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


# --- show and graph -------------------------------------------------------------------


def show_flow(
    ref: str,
    *,
    fmt: str = "text",
    lang: str = "en",
    no_color: bool = False,
    flows_dirs: Sequence[str] = (),
    channels: str | None = None,
) -> int:
    """Draw a flow as a tree, or print it as data."""
    from gopay_doctor.output import terminal_width, wants_color
    from gopay_doctor.render import chart

    flow = load_flow(ref, flows_dirs=flows_dirs, channels=channels, name=ref)
    if fmt == "json":
        data = chart.as_data(flow, lang)
        data["source"] = display_name(Path(flow.source))
        emit(json_dumps(data) + "\n")
        return 0
    color = wants_color(sys.stdout, no_color)
    emit(chart.render_tree(flow, lang, color=color, width=terminal_width(sys.stdout)))
    return 0


def graph_flow(
    ref: str,
    *,
    fmt: str = "mermaid",
    lang: str = "en",
    flows_dirs: Sequence[str] = (),
    channels: str | None = None,
) -> int:
    """Print a flow as a Mermaid or Graphviz flowchart."""
    from gopay_doctor.render.chart import GRAPHS

    flow = load_flow(ref, flows_dirs=flows_dirs, channels=channels, name=ref)
    emit(GRAPHS[fmt](flow, lang))
    return 0


# --- schema ---------------------------------------------------------------------------


def print_schema(kind: str = "all") -> int:
    """Print the JSON Schema of flow, catalog and scenarios files."""
    from gopay_doctor.authoring.jsonschema import generate

    emit(json_dumps(generate(kind)) + "\n")
    return 0


# --- test -----------------------------------------------------------------------------


def run_flow_tests(
    paths: Sequence[str] = (),
    *,
    fmt: str = "text",
    min_coverage: float | None = None,
    flows_dirs: Sequence[str] = (),
    channels: str | None = None,
) -> int:
    """Run the scenarios of flows and report failures and coverage."""
    from gopay_doctor.authoring.check import tested
    from gopay_doctor.authoring.scenarios import run_flow

    scope = tested(paths, Sources.default(flows_dirs, channels))
    reports = [run_flow(path, scope.sources, scope.files) for path in scope.flows]
    below = [r for r in reports if min_coverage is not None and _below(r, min_coverage)]
    problems = sorted(
        {p for r in reports for p in r.problems},
        key=lambda p: (p.file, p.line, p.column, p.rule, p.message),
    )
    if fmt == "json":
        emit(json_dumps(_test_data(reports, problems, min_coverage, below)) + "\n")
    else:
        lines = [plain(p.format(with_severity=True)) for p in problems]
        lines += [line for r in reports for line in _report_lines(r)]
        emit("".join(f"{line}\n" for line in lines))
    _test_verdict(reports, problems, min_coverage, below)
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
            f"{name}: {_count(report.total, 'scenario')}, {passed} passed, {report.failed} failed "
            f"({one_line(display_name(report.scenarios_file))})"
        )
    return [head, *_coverage_lines(report.coverage)]


def _coverage_lines(coverage: Coverage) -> list[str]:
    chosen, choices = coverage.choice_ratio
    reached, outcomes = coverage.outcome_ratio
    never_chosen = ", ".join(f"{q}={v}" for q, v in coverage.never_chosen)
    never_reached = ", ".join(coverage.never_reached)
    return [
        f"  choices:  {chosen} of {choices} chosen ({percent(chosen, choices)})"
        + (f"; never chosen: {never_chosen}" if never_chosen else ""),
        f"  outcomes: {reached} of {outcomes} reached ({percent(reached, outcomes)})"
        + (f"; never reached: {never_reached}" if never_reached else ""),
    ]


def _test_verdict(
    reports: list[FlowReport],
    problems: list[Problem],
    minimum: float | None,
    below: list[FlowReport],
) -> None:
    failed = sum(r.failed for r in reports)
    total = sum(r.total for r in reports)
    if failed:
        print(f"{PROG}: {failed} of {_count(total, 'scenario')} failed", file=sys.stderr)
    elif problems:
        print(
            f"{PROG}: {_count(len(problems), 'problem')} in flows or scenarios files",
            file=sys.stderr,
        )
    if below:
        shown = f"{minimum:g}%"
        names = ", ".join(r.flow_id for r in below)
        print(f"{PROG}: coverage below {shown}: {names}", file=sys.stderr)


def _test_data(
    reports: list[FlowReport],
    problems: list[Problem],
    minimum: float | None,
    below: list[FlowReport],
) -> dict[str, Any]:
    return {
        "flows": [_flow_data(r) for r in reports],
        "problems": [problem_data(p) for p in problems],
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
    return data
