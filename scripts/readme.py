"""Regenerate the README's samples from the real program, so they never drift.

    python -m scripts.readme          # rewrite the blocks in README.md
    python -m scripts.readme --check  # exit 1 if any block is out of date

Each block sits between ``<!-- name -->`` and ``<!-- /name -->`` markers.
"""

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def run(*args: str, env: dict[str, str] | None = None, codes: tuple[int, ...] = (0,)) -> str:
    full_env = {
        **os.environ,
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "GOPAY_DOCTOR_NOW": "2026-11-25T09:30:00+07:00",  # created_at: the same on every run
    }
    full_env.pop("GOPAY_DOCTOR_LANG", None)
    full_env.update(env or {})
    out = subprocess.run(
        [sys.executable, "-m", "gopay_doctor", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
    )
    if out.returncode not in codes:
        raise subprocess.CalledProcessError(out.returncode, out.args, out.stdout, out.stderr)
    return out.stdout


def json_sample() -> str:
    document = run("diagnose", "-a", "risk=unrecognised-transactions", "--format", "json")
    return f"```json\n{document.rstrip()}\n```"


def proposal_sample() -> str:
    """The peak-period entry of the wizard's result when the person changed the check's
    proposal: the golden file the wizard writes in tests/test_export.py, without ``text``."""
    import json

    document = json.loads((ROOT / "tests" / "golden" / "peak-changed.en.json").read_text("utf-8"))
    entry = {k: v for k, v in document["transcript"][-1].items() if k != "text"}
    return f"```json\n{json.dumps(entry, indent=2, ensure_ascii=False)}\n```"


def step_sample() -> str:
    """A question with a check's proposal: the peak-period question on a sale-day evening."""
    answers = ("-a", "risk=none", "-a", "need=other", "-a", "source=in-app", "-a", "symptom=queue")
    document = run("step", *answers, env={"GOPAY_DOCTOR_NOW": "2026-11-11T19:40+07:00"})
    return f"```json\n{document.rstrip()}\n```"


def check_sample() -> str:
    now = "2026-11-11T19:40+07:00"  # a sale day in the evening: the check has something to say
    report = run("check", env={"GOPAY_DOCTOR_NOW": now, "TERM": "xterm"}, codes=(1,))
    return f"```\n$ GOPAY_DOCTOR_NOW={now} gopay-doctor check\n{report}```"


BUSY_YEARS = range(2020, 2036)


def busy_share() -> str:
    """The share of hours the peak-period check calls busy, computed from the bundled data."""
    from gopay_doctor.checks import calendar, data

    periods, _ = data.load(calendar.FILE, calendar.PeakPeriods, [ROOT / "flows"])
    years = tuple(range(BUSY_YEARS[0] - 1, BUSY_YEARS[-1] + 2))
    found = calendar.Calendar(periods, calendar.library(years))
    every = calendar.busy_share(found, BUSY_YEARS)
    waking = calendar.busy_share(found, BUSY_YEARS, (8 * 60, 22 * 60))
    each = [calendar.busy_share(found, [year]) for year in BUSY_YEARS]
    return (
        f"From {BUSY_YEARS[0]} through {BUSY_YEARS[-1]} the check calls {every:.1%} of all "
        f"hours a peak period ({waking:.1%} of the hours from 08:00 to 22:00), between "
        f"{min(each):.1%} and {max(each):.1%} in any one year."
    )


def flow_chart() -> str:
    chart = run("flows", "graph", "support-unreachable", "--format", "mermaid")
    return f"```mermaid\n{chart.rstrip()}\n```"


BLOCKS: dict[str, Callable[[], str]] = {
    "json-sample": json_sample,
    "proposal-sample": proposal_sample,
    "step-sample": step_sample,
    "check-sample": check_sample,
    "busy-share": busy_share,
    "flow-chart": flow_chart,
}


def render(text: str) -> str:
    for name, make in BLOCKS.items():
        pattern = re.compile(
            rf"(<!-- {re.escape(name)} -->\n).*?(<!-- /{re.escape(name)} -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name} --> block")
        body = make()

        def fill(match: re.Match[str], body: str = body) -> str:
            return f"{match.group(1)}{body}\n{match.group(2)}"

        text = pattern.sub(fill, text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when out of date")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            print("README.md is out of date: run python -m scripts.readme", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
