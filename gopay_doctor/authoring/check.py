"""``flows check``: every structural, graph and content problem of flows, catalogs and
scenarios files, found in one pass and reported at once.

What is checked (the *scope*) is every flow, catalog and scenarios file the program can
find, or the files and folders named. Catalogs and flows outside the scope still take
part (a flow is checked against the catalog it runs with), but only problems that
concern the scope's files are looked for.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import msgspec

from gopay_doctor.authoring import lint, scenarios
from gopay_doctor.authoring.scenarios import check_references
from gopay_doctor.checks import data
from gopay_doctor.checks.calendar import PeakPeriods
from gopay_doctor.checks.network import NetworkData
from gopay_doctor.contract import safety
from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.files import kind
from gopay_doctor.contract.folder import (
    CATALOG_DIR,
    FLOW_SUFFIXES,
    NETWORK_FILE,
    PEAK_PERIODS_FILE,
    Sources,
    catalog_files,
    catalog_inputs,
    check_data_files,
    data_files,
    find_flows,
    flow_file_of,
    is_check_data_file,
    is_data_file,
    is_flow_file,
    is_scenarios_file,
    scenarios_file_of,
)
from gopay_doctor.contract.loading import (
    CATALOG_SECTIONS,
    Files,
    UnknownFlow,
    flow_by_id,
    read_catalog,
    read_flow,
)
from gopay_doctor.contract.model import Catalog, Flow, FlowSpec
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem, suggest

FLOW_KEYS = frozenset({"start", "questions", "outcomes"})
"""Keys only a flow has: a file in ``catalog/`` with one of them is a flow put there."""

CHECK_DATA_RECORDS: dict[str, type[data.DataRecord]] = {
    PEAK_PERIODS_FILE: PeakPeriods,
    NETWORK_FILE: NetworkData,
}
"""Each checks data file's record, as the check that reads it validates it."""


@dataclass(frozen=True)
class Scope:
    """The files to check (or whose scenarios to run), and the sources they are read with."""

    sources: Sources
    flows: tuple[Path, ...] = ()
    catalogs: tuple[Path, ...] = ()
    """Catalog files: in a flows folder's ``catalog/``, or on their own (``--channels``)."""
    scenarios: tuple[Path, ...] = ()
    checks: tuple[Path, ...] = ()
    """The checks' data files (``checks/peak-periods.yaml``, ``checks/network.yaml``)."""
    files: Files = field(default_factory=Files, compare=False)
    """Every file read so far, each read and parsed once."""

    def add(self, **files: Iterable[Path]) -> Scope:
        merged: dict[str, Any] = {
            name: tuple(dict.fromkeys([*getattr(self, name), *paths]))
            for name, paths in files.items()
        }
        return replace(self, **merged)


def everything(sources: Sources) -> Scope:
    """Every flow (the one that wins for each id), catalog, scenarios and checks data file."""
    flows = tuple(found.path for found in find_flows(sources).values())
    scenarios = tuple(s for s in map(scenarios_file_of, flows) if s is not None)
    checks = tuple(check_data_files(sources.dirs))
    return Scope(sources, flows, tuple(catalog_inputs(sources)), scenarios, checks)


def named(paths: Sequence[str], sources: Sources) -> Scope:
    """The files and folders named on the command line (usage errors for anything else)."""
    scope = _resolve(
        paths, Scope(sources), folder=_folder, file=_file, by_id=lambda _, n: _flow(n, sources)
    )
    if sources.channels is not None:
        scope = scope.add(catalogs=[sources.channels])
    return scope


def tested(paths: Sequence[str], sources: Sources) -> Scope:
    """The flows whose scenarios ``flows test`` runs: every flow, or the flows, scenarios
    files (their flows) and folders (their flows) named, and the flows found by id."""
    if not paths:
        return Scope(sources, tuple(found.path for found in find_flows(sources).values()))
    return _resolve(paths, Scope(sources), folder=_tested_folder, file=_tested_file, by_id=_tested)


Adds = Callable[[Scope, Path, str], Scope]


def _resolve(
    paths: Sequence[str],
    scope: Scope,
    *,
    folder: Adds,
    file: Adds,
    by_id: Callable[[Scope, str], Path],
) -> Scope:
    """``scope`` with what a command takes from each folder and file named, and from the
    flow file of a name that is neither (found by ``by_id``)."""
    for name in paths:
        path = Path(name)
        mode = _mode(path, name)
        if mode is not None and stat.S_ISDIR(mode):
            scope = folder(scope, path, name)
        elif mode is not None:
            scope = file(scope, path, name)
        else:
            scope = file(scope, by_id(scope, name), name)
    return scope


def _mode(path: Path, name: str) -> int | None:
    """The kind of file at ``path``: None when there is none (a flow id, then); a usage
    error for what cannot be looked at (a link loop, a name too long) or read without
    waiting (a pipe, socket or device)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise GopayDoctorError(f"{name}: cannot read: {reason}") from None
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise GopayDoctorError(f"{name}: is {kind(mode)}, not a regular file")
    return mode


def _flow(name: str, sources: Sources) -> Path:
    """The file of the flow called ``name``, for a name that is no file or folder."""
    try:
        return flow_by_id(name, sources)
    except UnknownFlow as exc:
        message = f"{name}: no such file, folder or flow" + suggest(name, exc.flows)
        raise GopayDoctorError(message) from None


def _tested_folder(scope: Scope, path: Path, name: str) -> Scope:
    flows = [p for p in _files(path) if is_flow_file(p)]
    if not flows:
        raise GopayDoctorError(f"{name}: no flows in this folder")
    found = scope.add(flows=flows)
    return replace(found, sources=found.sources.with_dir(path))


def _tested_file(scope: Scope, path: Path, name: str) -> Scope:
    if not (is_scenarios_file(path) or is_flow_file(path)):
        raise GopayDoctorError(f"{name}: not a flow, scenarios file or folder")
    flow = flow_file_of(path) if is_scenarios_file(path) else path
    if flow is None:
        raise GopayDoctorError(f"{name}: no flow file of the same name beside it")
    found = scope.add(flows=[flow])
    return replace(found, sources=found.sources.with_dir(path.parent))


def _tested(scope: Scope, name: str) -> Path:
    if Path(name).exists():  # neither a file nor a folder
        raise GopayDoctorError(f"{name}: not a flow, scenarios file or folder")
    return _flow(name, scope.sources)


def _folder(scope: Scope, path: Path, name: str) -> Scope:
    files = _files(path)
    if any(map(is_check_data_file, files)):  # a checks/ folder
        return scope.add(checks=[p for p in files if is_check_data_file(p)])
    if path.name == CATALOG_DIR and not any(_looks_like_flow(p, scope.files) for p in files):
        # a flows folder's catalog/: its files are catalogs, checked with that folder's flows
        flows, scenarios, checks, folder = [], [], [], path.parent
        catalogs = [p for p in files if is_data_file(p)]
    else:
        flows = [p for p in files if is_flow_file(p)]
        scenarios = [p for p in files if is_scenarios_file(p)]
        catalogs, folder = catalog_files(Sources((path,))), path
        checks = check_data_files([folder])
    if not (flows or catalogs or scenarios or checks):
        raise GopayDoctorError(f"{name}: no flows, catalogs or scenarios in this folder")
    found = scope.add(flows=flows, catalogs=catalogs, scenarios=scenarios, checks=checks)
    return replace(found, sources=found.sources.with_dir(folder))


def _files(folder: Path) -> list[Path]:
    """The data files of a folder named on the command line (see :func:`data_files`)."""
    return data_files(folder)


def _file(scope: Scope, path: Path, name: str) -> Scope:
    if path.suffix not in FLOW_SUFFIXES:
        raise GopayDoctorError(f"{name}: not a flow, catalog or scenarios file (.yaml or .yml)")
    if is_check_data_file(path):
        return scope.add(checks=[path])
    if is_scenarios_file(path):
        found = scope.add(scenarios=[path])
    elif path.parent.name == CATALOG_DIR:
        found = scope.add(catalogs=[path])
        return replace(found, sources=found.sources.with_dir(path.parent.parent))
    elif _looks_like_catalog(path, scope.files):
        return scope.add(catalogs=[path])  # on its own: a --channels file, say
    else:  # a flow, and the scenarios that test it
        tests = scenarios_file_of(path)
        found = scope.add(flows=[path], scenarios=[tests] if tests else [])
    return replace(found, sources=found.sources.with_dir(path.parent))


def _looks_like_catalog(path: Path, files: Files) -> bool:
    try:
        data = files.document(path).data
    except FileProblems:
        return False
    return isinstance(data, dict) and bool(data) and set(data) <= set(CATALOG_SECTIONS)


def _looks_like_flow(path: Path, files: Files) -> bool:
    """Whether ``path`` holds a flow: a mapping with a flow's own keys (``start``,
    ``questions``, ``outcomes``). A file that cannot be read or parsed is not one."""
    if not is_data_file(path):
        return False
    try:
        data = files.document(path).data
    except FileProblems:
        return False
    return isinstance(data, dict) and bool(FLOW_KEYS & set(data))


@dataclass
class _Found:
    problems: set[Problem] = field(default_factory=set)
    flows: dict[Path, Flow] = field(default_factory=dict)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.update(p._replace(rule=p.rule or Rule.YAML) for p in problems)


def check(scope: Scope, today: datetime.date) -> list[Problem]:
    """Every problem of the files in ``scope``, sorted by file and position."""
    found = _Found()
    parts = _check_catalogs(scope, found, today)
    for path in scope.flows:
        _check_flow(path, scope.sources, found, scope.files, today)
    specs = _all_specs(scope, found)
    if specs is not None:
        for part, doc in parts:
            found.extend(lint.check_unused(part, doc, specs))
    for path in scope.scenarios:
        _check_scenarios(path, scope.sources, found, scope.files, today)
    for path in scope.checks:
        found.extend(_check_data(path, today))
    return sorted(found.problems, key=lambda p: (p.file, p.line, p.column, p.rule, p.message))


def _check_catalogs(
    scope: Scope, found: _Found, today: datetime.date
) -> list[tuple[Catalog, Document]]:
    if scope.catalogs:  # problems between files (the same id twice); each file's are below
        problems = read_catalog(scope.sources, scope.files)[1]
        found.extend(p for p in problems if p.rule not in safety.RULES)
    parts = []
    for path in scope.catalogs:
        try:
            doc = scope.files.document(path)
            part = convert(doc, Catalog)
        except FileProblems as exc:
            found.extend(exc.problems)
            continue
        found.extend(scope.files.safety(path, part, doc))
        found.extend(lint.check_texts(part, doc))
        found.extend(lint.check_channels(part, doc, today))
        found.extend(lint.check_sources(part, doc, today))
        parts.append((part, doc))
    return parts


def _check_data(path: Path, today: datetime.date) -> list[Problem]:
    """A checks data file's problems, found as the check that reads it finds them, and
    what has aged by ``today``."""
    try:
        record, doc = data.read(path, CHECK_DATA_RECORDS[path.name])
    except FileProblems as exc:
        return [
            p._replace(rule=Rule.CHECK_DATA) if p.rule and p.rule not in safety.RULES else p
            for p in exc.problems
        ]
    return record.dated_problems(doc, today)


def _check_flow(
    path: Path, sources: Sources, found: _Found, files: Files, today: datetime.date
) -> Flow | None:
    if path in found.flows:
        return found.flows[path]
    for read in [path, *catalog_inputs(sources)]:
        files.read(read)  # first: a file that cannot be read, or is too large, ends the check
    flow, problems = read_flow(path, sources, files, by_id=True)
    found.extend(problems)
    if flow is None:
        return None
    found.flows[path] = flow
    doc = files.document(path)
    found.extend(lint.check_texts(flow.spec, doc))
    found.extend(lint.check_sources(flow.spec, doc, today))
    return flow


def _all_specs(scope: Scope, found: _Found) -> list[FlowSpec] | None:
    """Every flow that may use a catalog entry, or None when one cannot be read."""
    paths = dict.fromkeys([*scope.flows, *(f.path for f in find_flows(scope.sources).values())])
    specs = []
    for path in paths:
        if path in found.flows:
            specs.append(found.flows[path].spec)
            continue
        try:
            data: Any = scope.files.document(path).data
            specs.append(msgspec.convert(data, FlowSpec, strict=True))
        except (FileProblems, msgspec.ValidationError):
            return None  # its problems come first; guessing would only add noise
    return specs


def _check_scenarios(
    path: Path, sources: Sources, found: _Found, files: Files, today: datetime.date
) -> None:
    flow_path = flow_file_of(path)
    try:
        tests, doc = scenarios.load(path)
    except FileProblems as exc:
        found.extend(exc.problems)
        return
    if flow_path is None:
        stem = path.stem.removesuffix(".scenarios")
        found.extend(
            [
                doc.problem(
                    (),
                    f"no flow file {stem}.yaml beside this scenarios file; it tests the flow "
                    "with the same name in the same folder",
                    rule=Rule.UNKNOWN_ID,
                )
            ]
        )
        return
    flow = _check_flow(flow_path, sources.with_dir(flow_path.parent), found, files, today)
    if flow is not None:
        found.extend(check_references(tests, doc, flow))
