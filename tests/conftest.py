"""Shared fixtures: run the CLI in-process or as a real process, and the fixture flows."""

from __future__ import annotations

import compileall
import contextlib
import importlib
import itertools
import os
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import coverage
import pytest
from hypothesis import HealthCheck, settings

from gopay_doctor.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini" / "mini.yaml"

# Deterministic by default (CI included): the same 25 generated examples of each property
# every run, after its explicit @example cases (the edges a property promises something
# about); HYPOTHESIS_PROFILE=long explores far more, randomly.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@dataclass
class Run:
    code: int
    out: str
    err: str


CHILD_COVERAGE = ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")
"""What makes coverage.py (``patch = ["subprocess"]``) measure a Python program a test starts."""

KEPT = "GOPAY_DOCTOR_TEST_KEPT_"
"""The prefix under which the controller hands :data:`CHILD_COVERAGE` to the workers."""


def pytest_configure(config: pytest.Config) -> None:
    """Before any worker starts (in the controller, or the one process without -n):

    * The package compiled to byte code once, as an installed package is, for the ~130
      programs the tests start. Under PYTHONDONTWRITEBYTECODE (set on the shared
      development machine) a fresh clone has none, and each program compiled every
      module it imported again: about 60 ms a wizard, 0.17 s once here.
    * xdist's workers are programs the controller starts: with :data:`CHILD_COVERAGE` in
      their environment, coverage.py started in each from its first line, under
      pytest-cov's own measurement, and took over whenever that one was paused, so a test
      marked ``unmeasured`` ran measured all the same (2.5 times slower wherever it draws
      with rich, and the workers' start with it). The workers get them under another name.
    """
    if hasattr(config, "workerinput"):
        return
    import gopay_doctor

    package = Path(gopay_doctor.__file__).parent
    if package == ROOT / "gopay_doctor":
        compileall.compile_dir(package, quiet=2)  # up to date: a few ms; read-only: skipped
    for name in CHILD_COVERAGE:
        if name in os.environ:
            os.environ[KEPT + name] = os.environ.pop(name)


@pytest.fixture(autouse=True, scope="session")
def _child_coverage() -> Iterator[dict[str, str]]:
    """The programs the tests start are measured only for the tests marked
    ``cover_children``: where the code is reached only in a process of its own (the
    wizard's prompts, signals, a closed or full standard output). Measuring every program
    made each start slower and doubled the time of the tests that start many."""
    saved = {}
    for name in CHILD_COVERAGE:  # this process's own coverage first, else the controller's
        value = os.environ.get(name, os.environ.get(KEPT + name))
        if value is not None:
            saved[name] = value
    with pytest.MonkeyPatch.context() as patch:
        for name in CHILD_COVERAGE:
            patch.delenv(name, raising=False)
            patch.delenv(KEPT + name, raising=False)
        yield saved


def isolate(patch: pytest.MonkeyPatch, home: Path) -> None:
    """No test sees the developer's language, flows folders, cache or saved sessions:
    ``home`` holds its own. (Every test is isolated so; a fixture wider than one test
    that starts a program isolates itself with this.)"""
    for name in (
        "GOPAY_DOCTOR_LANG",
        "GOPAY_DOCTOR_FLOWS_DIR",
        "GOPAY_DOCTOR_DEBUG",
        "GOPAY_DOCTOR_NOW",
        "LC_ALL",
        "LC_MESSAGES",
        "NO_COLOR",
    ):
        patch.delenv(name, raising=False)
    patch.setenv("LANG", "C.UTF-8")
    patch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    patch.setenv("XDG_STATE_HOME", str(home / "state"))
    patch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@contextlib.contextmanager
def coverage_paused() -> Iterator[None]:
    """Every measurement of this process paused, then resumed. Under xdist a worker holds
    two, pytest-cov's for a controller (the worker's options say -n) and its own: stopping
    one resumes the one started before it, so each is stopped."""
    paused = []
    while (measuring := coverage.Coverage.current()) is not None:
        measuring.stop()
        paused.append(measuring)
    try:
        yield
    finally:
        kept = {name: os.environ.get(name) for name in CHILD_COVERAGE}
        for measuring in reversed(paused):  # the first one first: each start pauses it
            measuring.start()
        for name, value in kept.items():  # start() sets them (patch = subprocess): undone
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """The package's modules are imported first, measured (their top lines run once per
    process, here); the rest of collection, the test modules and the libraries only they
    use (Hypothesis, pyte, Playwright...), runs unmeasured: traced, it took each worker
    twice as long to start."""
    if coverage.Coverage.current() is None:  # --no-cov: nothing to pause
        return (yield)
    import gopay_doctor

    for module in pkgutil.walk_packages(gopay_doctor.__path__, "gopay_doctor."):
        if module.name != "gopay_doctor.__main__":  # that one runs the program
            importlib.import_module(module.name)
    with coverage_paused():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """A test marked ``unmeasured`` runs with coverage paused, its fixtures included: it
    goes over code that other tests measure, many times or from outside (the 180 first
    screens, the pages' examples, every path of the bundled flows), and measuring it only
    slowed it down. (pytest-cov's own no_cover marker fails the tests it marks under
    --no-cov, pytest-dev/pytest-cov#590, and leaves fixtures measured.)"""
    if item.get_closest_marker("unmeasured") is None:
        return (yield)
    with coverage_paused():
        return (yield)


@pytest.fixture(autouse=True)
def _isolated_env(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    _child_coverage: dict[str, str],
) -> None:
    """Each test isolated (:func:`isolate`); the programs it starts measured only if it is
    marked ``cover_children``."""
    measured = request.node.get_closest_marker("cover_children") is not None
    for name in CHILD_COVERAGE:  # whatever set them since (coverage.start() does)
        if measured and name in _child_coverage:
            monkeypatch.setenv(name, _child_coverage[name])
        else:
            monkeypatch.delenv(name, raising=False)
    isolate(monkeypatch, tmp_path_factory.getbasetemp() / f"home-{next(_HOMES)}")


_HOMES = itertools.count()
"""Each test's own home, made only if a program writes there (most never do: a folder for
each of 2,000 tests was made, then deleted by a later run, for nothing)."""


CliRunner = Callable[..., Run]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``gopay-doctor ARGS`` in this process; returns exit code and captured output."""

    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_process(
    *args: str,
    input: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Run:
    """Run ``python -m gopay_doctor ARGS`` as a real process (stdin is not a terminal),
    under the network guard of :func:`guarded_env`."""
    import tempfile

    data = input.encode() if isinstance(input, str) else input
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "network-attempts.log"
        proc = subprocess.run(
            [sys.executable, "-m", "gopay_doctor", *args],
            input=data if data is not None else b"",
            capture_output=True,
            env=guarded_env({**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}, log),
            cwd=cwd,
            timeout=timeout,
        )
        assert_no_network(log)
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


LOOPBACK = ("127.0.0.1", "::1", "localhost")
NETGUARD = Path(__file__).resolve().parent / "netguard"


def guarded_env(env: dict[str, str], log: Path) -> dict[str, str]:
    """``env`` for a Python program a test starts: ``tests/netguard/sitecustomize.py``
    refuses every lookup or connection that is not to loopback and writes it to ``log``."""
    path = os.pathsep.join(p for p in (str(NETGUARD), env.get("PYTHONPATH", "")) if p)
    return {**env, "PYTHONPATH": path, "GOPAY_DOCTOR_TEST_NET_LOG": str(log)}


def assert_no_network(log: Path) -> None:
    attempts = log.read_text(encoding="utf-8").split() if log.exists() else []
    assert attempts == [], f"a program the test started tried to reach {attempts}"


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """No test resolves a real name or connects anywhere but loopback (the network check).

    A forbidden attempt fails as an ``OSError`` where it happens and fails the test here.
    """
    import socket

    attempts: list[str] = []
    real_connect, real_resolve = socket.create_connection, socket.getaddrinfo

    def guard(host: object) -> None:
        if host is not None and str(host) not in LOOPBACK:
            attempts.append(str(host))
            raise OSError(f"test tried to reach {host!r}; only loopback is allowed")

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        guard(address[0])
        return real_connect(address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        guard(host)
        return real_resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [], f"a test tried to reach {attempts}"
