"""Regenerate the documentation's samples from the real program, so they never drift.

    python -m scripts.readme          # rewrite the blocks in README.md and docs/*.md
    python -m scripts.readme --check  # exit 1 if any block is out of date

Each block sits between ``<!-- name -->`` and ``<!-- /name -->`` markers, in exactly one
page: README.md or a page in docs/.
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
DOCS = ROOT / "docs"


def pages() -> list[Path]:
    """The documentation: README.md and every page in docs/."""
    return [README, *sorted(DOCS.glob("*.md"))]


def read(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def marked(name: str) -> re.Pattern[str]:
    """The ``<!-- name -->`` block: group 1 the opening marker, 2 the body, 3 the closing one."""
    return re.compile(rf"(<!-- {re.escape(name)} -->\n)(.*?)(<!-- /{re.escape(name)} -->)", re.S)


def block(name: str) -> tuple[Path, str]:
    """The page that holds the ``<!-- name -->`` block, and the block's body."""
    found = [(page, m.group(2)) for page in pages() for m in marked(name).finditer(read(page))]
    if len(found) != 1:
        where = ", ".join(str(page.relative_to(ROOT)) for page, _ in found) or "no page"
        raise SystemExit(f"<!-- {name} --> must be in exactly one page, not in {where}")
    return found[0]


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


def flows_test_sample() -> str:
    """``flows test`` on the mini fixture flow: a report with coverage gaps to show."""
    command = ("flows", "test", "tests/fixtures/mini")
    return f"```\n$ gopay-doctor {' '.join(command)}\n{run(*command)}```"


DEADLINE_NOW = "2026-12-30T10:00:00+07:00"  # a Wednesday, after a top-up's due date
DEADLINE = ("--flow", "tests/fixtures/deadline/deadline.yaml", "-a", "what=topup")


def transcript(*args: str, env: dict[str, str]) -> str:
    """``$ command`` and what it prints, with the variables it was run with."""
    names = " ".join(f"{k}={v}" for k, v in env.items())
    return f"```console\n$ {names} gopay-doctor {' '.join(args)}\n{run(*args, env=env)}```"


def deadline_sample() -> str:
    """A top-up of Thursday 24 December asked about on Wednesday 30 December: overdue."""
    args = ("diagnose", *DEADLINE, "-a", "topup-date=2026-12-24", "--format", "text")
    return transcript(*args, env={"GOPAY_DOCTOR_NOW": DEADLINE_NOW})


def date_step_sample() -> str:
    """A date question as ``step`` shows it, in Indonesian: quick picks and the range."""
    args = ("step", *DEADLINE, "--lang", "id")
    return transcript(*args, env={"GOPAY_DOCTOR_NOW": DEADLINE_NOW})


def flow_chart() -> str:
    chart = run("flows", "graph", "support-unreachable", "--format", "mermaid")
    return f"```mermaid\n{chart.rstrip()}\n```"


BLOCKS: dict[str, Callable[[], str]] = {
    "json-sample": json_sample,
    "proposal-sample": proposal_sample,
    "step-sample": step_sample,
    "check-sample": check_sample,
    "busy-share": busy_share,
    "flows-test-sample": flows_test_sample,
    "flow-chart": flow_chart,
    "deadline-sample": deadline_sample,
    "date-step-sample": date_step_sample,
}


def render(text: str, bodies: dict[str, str]) -> str:
    """``text`` with every block of ``bodies`` it holds filled in."""
    for name, body in bodies.items():

        def fill(match: re.Match[str], body: str = body) -> str:
            return f"{match.group(1)}{body}\n{match.group(3)}"

        text = marked(name).sub(fill, text)
    return text


def fresh() -> dict[Path, tuple[str, str]]:
    """Each page that holds a generated block: its text now, and as it should be."""
    holders = {name: block(name)[0] for name in BLOCKS}
    bodies = {name: make() for name, make in BLOCKS.items()}
    return {
        page: (read(page), render(read(page), bodies)) for page in dict.fromkeys(holders.values())
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when out of date")
    args = parser.parse_args(argv)
    stale = {page: made for page, (now, made) in fresh().items() if now != made}
    for page, made in stale.items():
        if args.check:
            name = page.relative_to(ROOT)
            print(f"{name} is out of date: run python -m scripts.readme", file=sys.stderr)
        else:
            page.write_text(made, encoding="utf-8")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
