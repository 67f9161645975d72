"""Time to the wizard's first question in a pseudo-terminal, against a baseline measured in the same run.

    python -m benchmarks.first_prompt [--runs N]

A: ``gopay-doctor diagnose`` in a pseudo-terminal (pexpect), from the start of the
   process until the first question is on the screen; the process is then killed.
B: ``python -c "import typer, yaml, rich.console, questionary"`` in a pseudo-terminal,
   from start to exit: the price of the libraries a wizard like this needs.

The two alternate (A B A B ...) after one warm-up run each (which also fills the flow
cache), and the medians of at least 10 runs are compared. Target (issue #3): A/B at
most 1.3. Exit status 0 when it is met, 1 otherwise.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect

PYTHON = sys.executable
SCRIPT = str(Path(PYTHON).with_name("gopay-doctor"))
BASELINE = "import typer, yaml, rich.console, questionary"
FIRST_QUESTION = "First, your money and your account: is any of this happening?"
TARGET = 1.3
TIMEOUT = 30


def first_prompt(env: dict[str, str]) -> float:
    """Seconds from spawning the wizard until its first question is shown."""
    start = time.perf_counter()
    child = pexpect.spawn(SCRIPT, ["diagnose"], env=env, dimensions=(40, 100))
    try:
        child.expect_exact(FIRST_QUESTION, timeout=TIMEOUT)
        return time.perf_counter() - start
    finally:
        child.terminate(force=True)
        child.close()


def baseline(env: dict[str, str]) -> float:
    """Seconds for ``python -c "import ..."`` to run to its end in a pseudo-terminal."""
    start = time.perf_counter()
    child = pexpect.spawn(PYTHON, ["-c", BASELINE], env=env, dimensions=(40, 100))
    child.expect(pexpect.EOF, timeout=TIMEOUT)
    elapsed = time.perf_counter() - start
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"the baseline failed: {child.before!r}")
    return elapsed


def measure(runs: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    timers: tuple[Callable[[dict[str, str]], float], ...] = (first_prompt, baseline)
    for timer in timers:  # warm-up: file caches, bytecode, the flow cache
        timer(env)
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(first_prompt(env))
        b.append(baseline(env))
    return a, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10, help="runs of each (at least 10)")
    runs = max(10, parser.parse_args(argv).runs)
    work = Path(tempfile.mkdtemp(prefix="gopay-doctor-bench-"))
    try:
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "GOPAY_DOCTOR_LANG": "en",
            "XDG_CACHE_HOME": str(work / "cache"),
            "XDG_STATE_HOME": str(work / "state"),
        }
        a, b = measure(runs, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = statistics.median(a) / statistics.median(b)
    ok = ratio <= TARGET
    print(f"{'comparison':62} {'A s':>7} {'B s':>7} {'A/B':>6} {'target':>7}")
    print(
        f"{'first question of diagnose  vs  import typer, yaml, rich.console, questionary':62} "
        f"{statistics.median(a):7.3f} {statistics.median(b):7.3f} {ratio:6.2f} "
        f"{'<= ' + str(TARGET):>7}  {'ok' if ok else 'MISSED'}"
    )
    print(
        f"(medians of {runs} alternating runs each in a pseudo-terminal; "
        f"A ranged {min(a):.3f}-{max(a):.3f} s, B {min(b):.3f}-{max(b):.3f} s; "
        f"Python {sys.version.split()[0]})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
