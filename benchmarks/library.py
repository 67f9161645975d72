"""The library for long-running callers (a bot, ``gopay-doctor serve``): in-process ``step()``
and loading a large flow of your own.

    python -m benchmarks.library [--calls N]

Targets (issue #21), on the shared 2-core machine:

* ``step()`` in the same process, after a first call: at most 100 µs at p50 for an
  ordinary question, at most 300 µs at the peak-period question (its check reads a data
  file and the holiday calendar, once per process);
* loading a generated flow grows linearly with its size: 3,000 questions take at most
  3.3 times as long as 1,000 (each loaded in a fresh process, median of 3).

Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from tests.flowgen import write_flow

NOW = "2026-11-11T19:40:00+07:00"
"""A sale-day evening: the peak-period check proposes yes."""
ORDINARY = {"risk": ["none"]}
"""The answers before the ``source`` question (no check)."""
AT_PEAK = {"risk": ["none"], "source": "in-app", "symptom": "queue"}
"""The answers before the ``peak-period`` question (its check runs)."""
LOAD = (
    "import sys, time\n"
    "from gopay_doctor import load_flow\n"
    "start = time.perf_counter()\n"
    "load_flow(sys.argv[1])\n"
    "print(time.perf_counter() - start)\n"
)


class Row(NamedTuple):
    name: str
    p50: float
    p99: float
    target: float

    @property
    def ok(self) -> bool:
        return self.p50 <= self.target


def step_times(answers: Mapping[str, object], calls: int) -> tuple[float, float]:
    """p50 and p99 of ``step()`` in microseconds, after one call to warm up."""
    os.environ["GOPAY_DOCTOR_NOW"] = NOW
    from gopay_doctor import load_flow, step

    flow = load_flow("support-unreachable")
    step(flow, answers)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        step(flow, answers)
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1e6, times[int(len(times) * 0.99)] * 1e6


def load_time(questions: int, folder: Path) -> float:
    """Seconds to load a generated flow of ``questions`` questions in a fresh process (median of 3)."""
    path = write_flow(folder / str(questions), questions)
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", LOAD, str(path)], capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout))
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=5000, help="step() calls per question")
    args = parser.parse_args(argv)
    rows = [
        Row("step(): an ordinary question", *step_times(ORDINARY, args.calls), 100),
        Row("step(): the peak-period question", *step_times(AT_PEAK, args.calls), 300),
    ]
    print(f"{'measure':<40} {'p50':>9} {'p99':>9} {'target (p50)':>13}")
    for row in rows:
        mark = "ok" if row.ok else "MISSED"
        print(f"{row.name:<40} {row.p50:>7.0f}µs {row.p99:>7.0f}µs {row.target:>9.0f} µs  {mark}")
    with tempfile.TemporaryDirectory() as folder:
        small, large = load_time(1000, Path(folder)), load_time(3000, Path(folder))
    linear = large / small <= 3.3
    print(
        f"loading 1,000 questions {small:.2f} s, 3,000 questions {large:.2f} s: "
        f"{large / small:.2f} x (target <= 3.3 x)  {'ok' if linear else 'MISSED'}"
    )
    return 0 if all(row.ok for row in rows) and linear else 1


if __name__ == "__main__":
    raise SystemExit(main())
