"""The codebase's own gates: ruff (lint and format) and mypy --strict, as part of the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_lint_is_clean() -> None:
    run = tool("ruff", "check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format_is_clean() -> None:
    run = tool("ruff", "format", "--check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean() -> None:
    run = tool("mypy")
    assert run.returncode == 0, run.stdout + run.stderr


def test_programs_the_tests_start_cannot_reach_beyond_loopback(tmp_path: Path) -> None:
    """The subprocess half of the network guard works (a numeric address: even without
    the guard, looking it up sends nothing)."""
    from tests.conftest import guarded_env

    log = tmp_path / "attempts.log"
    code = (
        "import socket\n"
        "socket.getaddrinfo('127.0.0.1', 9)\n"
        "try:\n"
        "    socket.getaddrinfo('198.51.100.7', 443)\n"
        "except OSError as exc:\n"
        "    print(exc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=guarded_env(dict(os.environ), log),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert proc.stdout == "test tried to reach '198.51.100.7'; only loopback is allowed\n"
    assert log.read_text(encoding="utf-8") == "198.51.100.7\n"


@pytest.mark.unmeasured
def test_a_test_marked_unmeasured_runs_untraced() -> None:
    """Every measurement of the process is paused, not only the newest: an xdist worker
    holds more than one, and stopping one resumed the next (those tests ran measured, at
    2.5 times the cost, until 2026-12-07; docs/development.md, "Keeping the suite fast")."""
    assert sys.gettrace() is None
