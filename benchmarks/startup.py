"""Start-up benchmark: ratios against a baseline measured in the same run.

    python -m benchmarks.startup [--runs N]

Each comparison alternates the two commands (A B A B ...) and quotes the median of
at least 10 runs of each, so a machine that speeds up or slows down during the run
affects both sides alike. Targets (issues #6 and #11):

* a scripted ``gopay-doctor diagnose ... --format json`` on the bundled flow and
  ``gopay-doctor --help``: at most 1.3 x ``python -c "import typer, yaml, rich.console"``;
* peak memory of the scripted run: at most 40 MiB.

Exit status 0 when every target is met, 1 otherwise.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

PYTHON = sys.executable
SCRIPT = str(Path(PYTHON).with_name("gopay-doctor"))
SCRIPTED = [SCRIPT, "diagnose", "-a", "risk=none", "--defaults", "--no-input", "--format", "json"]
"""The scripted run measured: the bundled flow, nothing at risk, the rest from the defaults."""


class Row(NamedTuple):
    name: str
    a: float
    b: float
    target: float

    @property
    def ratio(self) -> float:
        return self.a / self.b

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target


def timed(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def compare(
    name: str,
    a: Sequence[str],
    b: Sequence[str],
    *,
    runs: int,
    target: float,
    env: dict[str, str],
) -> Row:
    """Median wall time of ``a`` and of ``b``, run alternately ``runs`` times each after a warm-up."""
    timed(a, env)
    timed(b, env)
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(runs):
        times_a.append(timed(a, env))
        times_b.append(timed(b, env))
    return Row(name, statistics.median(times_a), statistics.median(times_b), target)


def peak_memory_mib(command: Sequence[str], env: dict[str, str]) -> float:
    """Peak resident memory of ``command``, measured by a fresh parent so no other child counts."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", probe, *command], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout) / 1024  # Linux reports KiB


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (at least 10)")
    args = parser.parse_args(argv)
    runs = max(10, args.runs)

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}  # as installed: byte code is kept
    baseline = [PYTHON, "-c", "import typer, yaml, rich.console"]
    rows = [
        compare("diagnose --format json  vs  import typer, yaml, rich.console",
                SCRIPTED, baseline, runs=runs, target=1.3, env=env),
        compare("--help                  vs  import typer, yaml, rich.console",
                [SCRIPT, "--help"], baseline, runs=runs, target=1.3, env=env),
    ]  # fmt: skip
    memory = peak_memory_mib(SCRIPTED, env)

    print(f"{'comparison':58} {'A s':>8} {'B s':>8} {'A/B':>6} {'target':>7}")
    for row in rows:
        mark = "ok" if row.ok else "MISSED"
        print(
            f"{row.name:58} {row.a:8.3f} {row.b:8.3f} {row.ratio:6.2f} {'<= ' + str(row.target):>7}  {mark}"
        )
    memory_ok = memory <= 40
    print(
        f"{'peak memory of diagnose --format json':58} {memory:8.1f} MiB{'':13}<= 40  {'ok' if memory_ok else 'MISSED'}"
    )
    print(f"(medians of {runs} alternating runs each; Python {sys.version.split()[0]})")
    return 0 if all(r.ok for r in rows) and memory_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
