"""``diagnose --auto``: checks answer the questions that name one; given answers always win.

Also the library call the wizard uses (``checks.propose``), the flow rules for ``auto``
and what the scripted path does not import.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gopay_doctor import checks
from gopay_doctor.checks import CHECKS, CheckContext, Checker, Proposal
from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.loading import load_flow_file
from gopay_doctor.contract.model import Flow
from gopay_doctor.errors import FileProblems
from tests.conftest import (
    FIXTURES,
    MINI,
    ROOT,
    CliRunner,
    assert_no_network,
    guarded_env,
    run_process,
)
from tests.loopback import Servers, loopback_servers, network_file

AUTO = FIXTURES / "auto" / "auto.yaml"
FLOW = ("--flow", str(AUTO))
PEAK = "2026-11-11T19:40:00+07:00"
QUIET = "2026-07-07T10:05:00+07:00"
PEAK_REASON = "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day."


@pytest.fixture
def servers() -> Iterator[Servers]:
    with loopback_servers() as found:
        yield found


def transcript(out: str) -> list[tuple[str, str, str, str | None]]:
    return [
        (e["question"], e["answer"], e["source"], e["reason"])
        for e in json.loads(out)["transcript"]
    ]


def test_a_check_answers_and_says_why(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "json")
    assert run.code == 0, run.err
    assert transcript(run.out) == [
        ("peak", "yes", "auto", PEAK_REASON),
        ("net", "yes", "given", None),
    ]
    doc = json.loads(run.out)
    assert doc["answers"] == {"peak": "yes", "net": "yes"}
    assert [c["id"] for c in doc["causes"]] == ["busy"]
    assert [e["proposed"] for e in doc["transcript"]] == [  # what the check proposed: itself
        {"answer": "yes", "label": "Yes", "reason": PEAK_REASON},
        None,  # no check proposed anything
    ]


def test_outside_a_peak_period_the_check_answers_no(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    run = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "json")
    assert transcript(run.out)[0] == (
        "peak",
        "no",
        "auto",
        "It is 10:05 WIB on 7.7.2026: not a peak period (no big sale, Lebaran season, payday "
        "evening or major holiday).",
    )


def test_where_the_calendar_cannot_answer_the_check_proposes_nothing(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No guess and no chore: the question falls back to its default, or is asked."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2101-07-07T10:05:00+07:00")
    run = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "--defaults", "-f", "json")
    assert run.code == 0, run.err
    assert transcript(run.out)[0] == ("peak", "no", "default", None)
    missing = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "json")
    assert missing.code == 2
    assert "peak" in missing.err
    assert "peak-periods" not in missing.err


def test_the_reason_is_in_the_result_s_language(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "json", "--lang", "id")
    assert transcript(run.out)[0][3] == (
        "Sekarang pukul 19.40 WIB, 11.11.2026: 11.11, hari promo belanja online besar."
    )


def test_a_given_answer_always_wins(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--auto", "-a", "peak=no", "-a", "net=yes", "-f", "json")
    assert transcript(run.out)[0] == ("peak", "no", "given", None)
    answers = tmp_path / "answers.yaml"
    answers.write_text("peak: no\nnet: yes\n", encoding="utf-8")
    run = cli("diagnose", *FLOW, "--auto", "--answers", str(answers), "-f", "json")
    assert transcript(run.out)[0] == ("peak", "no", "given", None)
    assert json.loads(run.out)["transcript"][0]["proposed"] is None  # the check did not run


def test_without_auto_nothing_is_proposed(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--defaults", "-a", "net=yes", "-f", "json")
    assert run.code == 0, run.err
    assert transcript(run.out)[0] == ("peak", "no", "default", None)
    assert json.loads(run.out)["transcript"][0]["proposed"] is None


def test_the_check_is_preferred_to_the_default(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--auto", "--defaults", "-a", "net=yes", "-f", "json")
    assert transcript(run.out)[0] == ("peak", "yes", "auto", PEAK_REASON)


def test_without_check_network_the_network_question_is_still_missing(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--auto")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "gopay-doctor: error: no answer for question 'net'"
        " (nothing is asked: standard input is not a terminal); valid values: yes, unstable, no. "
        "Pass --answer net=VALUE or --answers FILE, or add --check-network so its check can "
        "answer it\n"  # no --defaults: 'net' has none (#20)
    )


def test_a_bad_time_with_auto_is_a_usage_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "11/11/2026")
    run = cli("diagnose", *FLOW, "--auto", "-a", "net=yes")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "gopay-doctor: error: GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: '11/11/2026' "
        "(for example 2026-11-11T19:40:00+07:00)\n"
    )


def test_text_output_shows_the_reason(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "text")
    assert run.out.endswith(
        "- Is it a holiday, a big sale day or a busy hour? → Yes\n"
        f"  (answered by the automatic check: {PEAK_REASON})\n"
        "- Do other apps and websites work? → Yes, they work\n"
    )
    markdown = cli("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "markdown").out
    assert (
        "**Yes** (answered by the automatic check: "
        "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day.)"
    ) in markdown


# --- the network check, on loopback -------------------------------------------------------------


def test_the_network_check_answers_with_check_network(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    network_file(tmp_path, [("127.0.0.1", servers.accepting, False, "reference")] * 2)
    run = cli(
        "diagnose", *FLOW, "--auto", "--check-network", "--flows-dir", str(tmp_path), "-f", "json"
    )
    assert run.code == 0, run.err
    (qid, value, source, reason) = transcript(run.out)[1]
    assert (qid, value, source) == ("net", "yes", "auto")
    assert reason is not None
    assert reason.startswith("Your connection works: all 2 sites answered (slowest ")
    assert json.loads(run.out)["outcome"]["id"] == "wait"


def test_the_flow_s_own_folder_may_hold_the_data_files(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    folder = tmp_path / "auto"
    shutil.copytree(AUTO.parent, folder)
    network_file(folder, [("127.0.0.1", servers.closed, False, "reference")])
    run = cli(
        "diagnose", "--flow", str(folder / "auto.yaml"), "--auto", "--check-network", "-f", "json"
    )
    assert run.code == 0, run.err
    assert transcript(run.out)[1] == (
        "net",
        "no",
        "auto",
        "No site could be reached (refused): check mobile data or Wi-Fi.",
    )
    doc = json.loads(run.out)
    assert (doc["outcome"]["id"], doc["causes"][0]["id"]) == ("offline", "offline")


def test_a_given_answer_wins_over_the_network_check_too(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a question with an answer needs no check")

    monkeypatch.setattr("gopay_doctor.checks.network.probe_all", forbidden)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    run = cli("diagnose", *FLOW, "--auto", "--check-network", "-a", "net=unstable", "-f", "json")
    assert run.code == 0, run.err
    assert transcript(run.out)[1] == ("net", "unstable", "given", None)


# --- the library: what the wizard calls -------------------------------------------------------


@pytest.fixture
def flow() -> Flow:
    return load_flow_file(AUTO, Sources((AUTO.parent,)))


def test_propose_gives_the_value_the_reason_and_the_status(flow: Flow) -> None:
    context = CheckContext(now=dt.datetime.fromisoformat(PEAK))
    assert checks.propose(flow, "peak", network=False, context=context) == Proposal(
        "yes", PEAK_REASON, "warn", "clock.peak"
    )
    assert checks.propose(flow, "net", network=False, context=context) is None  # not allowed
    zh = checks.propose(flow, "peak", network=False, lang="zh", context=context)
    assert zh is not None
    assert zh.reason == "现在是雅加达时间 2026年11月11日 19:40：11.11 网购大促日。"


def test_propose_for_the_network_on_loopback(flow: Flow, tmp_path: Path, servers: Servers) -> None:
    network_file(
        tmp_path,
        [
            ("127.0.0.1", servers.accepting, False, "reference"),
            ("127.0.0.1", servers.closed, False, "reference"),
        ],
    )
    context = CheckContext(dirs=[ROOT / "flows", tmp_path])
    proposal = checks.propose(flow, "net", network=True, context=context)
    assert proposal == Proposal(
        "unstable",
        "Only 1 of 2 sites answered (refused): your connection looks unstable.",
        "warn",
        "network.reachable",
    )


def test_a_question_without_a_check_gets_no_proposal() -> None:
    mini = load_flow_file(MINI, Sources((MINI.parent,)))
    assert checks.propose(mini, "slow", network=True) is None


def test_a_checker_runs_each_check_once(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = checks.function

    def counting(name: str) -> checks.Check:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(checks, "function", counting)
    checker = Checker(CheckContext(now=dt.datetime.fromisoformat(PEAK)))
    first = checker.propose(flow, "peak")
    assert checker.propose(flow, "peak") == first
    assert checker.run("clock.peak") is checker.run("clock.peak")
    assert calls == ["clock.peak"]


# --- flow rules for auto ---------------------------------------------------------------------


def auto_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(AUTO.parent, folder)
    path = folder / "auto.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "auto: clock.peak",
            "auto: clock.peek",
            "flows/auto.yaml:11:11: error: check 'clock.peek' is not a known check (did you mean "
            "'clock.peak'?) [unknown-check]",
        ),
        (
            "auto: clock.peak",
            "auto: network.reachable",
            "flows/auto.yaml:11:11: error: check 'network.reachable' may propose yes, no, unstable; "
            "question 'peak' has no choice 'unstable' [check-values]",
        ),
        (
            "    kind: select\n",
            "    kind: checkbox\n",
            "flows/auto.yaml:22:11: error: check 'network.reachable' proposes one value; it cannot answer "
            "checkbox question 'net' [check-values]",
        ),
        (
            "auto: clock.peak",
            "auto: Clock",
            "flows/auto.yaml:11:11: error: 'Clock' is not valid here: it must match ^[a-z]+\\.[a-z-]+$ [schema]",
        ),
    ],
)
def test_flow_rules_for_auto(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = auto_copy(tmp_path, old, new)
    with pytest.raises(FileProblems) as info:
        load_flow_file(path, Sources((path.parent,)))
    assert info.value.lines() == [problem]


def test_every_registered_check_has_a_function() -> None:
    for name in CHECKS:
        assert callable(checks.function(name))


# --- what gets imported ------------------------------------------------------------------------

PROBE = """
import sys
from gopay_doctor.cli import main
main(sys.argv[1:])
heavy = (
    "socket", "ssl", "concurrent.futures", "gopay_doctor.checks.network", "holidays"
)
print(",".join(m for m in heavy if m in sys.modules), file=sys.stderr)
"""


def imported(*args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "network-attempts.log"
        env = {"GOPAY_DOCTOR_NOW": PEAK, "PATH": ""}
        run = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=guarded_env(env, log),
            timeout=60,
        )
        assert_no_network(log)
    assert run.stdout, run.stderr
    return run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""


def test_the_scripted_path_imports_no_socket_ssl_or_holidays() -> None:
    assert (
        imported("diagnose", "--flow", str(MINI), "-a", "signs=none", "--defaults", "-f", "json")
        == ""
    )
    assert imported("diagnose", *FLOW, "--defaults", "-a", "net=yes", "-f", "json") == ""
    assert imported("--help") == ""
    assert imported("diagnose", "--help") == ""


def test_auto_without_check_network_loads_holidays_but_connects_nowhere() -> None:
    """The holidays package reads its own version through importlib.metadata, which
    imports the socket module; nothing connects (the guard would say so)."""
    found = imported("diagnose", *FLOW, "--auto", "-a", "net=yes", "-f", "json")
    assert found == "socket,holidays"


def test_checking_a_flow_does_not_import_the_checks() -> None:
    code = (
        "import sys; from gopay_doctor.contract import graph; "
        "print([m for m in sys.modules if m.startswith('gopay_doctor.checks.')])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert run.stdout == "[]\n", run.stderr


def test_python_dash_m_check() -> None:
    run = run_process("check", env={"GOPAY_DOCTOR_NOW": QUIET}, cwd=ROOT)
    assert run.code == 0, run.err
    assert run.out.endswith(
        "Every check that ran passed.\nNot run: Network.\nTo run the network check as well:\n"
        "  gopay-doctor check --check-network\n"
    )


# --- the bundled flow ---------------------------------------------------------------------------


def test_auto_on_the_bundled_flow(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    run = cli(
        "diagnose", "--auto", "-a", "risk=none", "-a", "symptom=queue", "--defaults", "-f", "json"
    )
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    assert ("peak-period", "yes", "auto", PEAK_REASON) in transcript(run.out)
    assert doc["outcome"]["id"] == "peak-load"


def test_auto_and_check_network_on_the_bundled_flow(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    network_file(tmp_path, [("127.0.0.1", servers.closed, False, "reference")])
    run = cli(
        "diagnose",
        "--auto",
        "--check-network",
        "--flows-dir",
        str(tmp_path),
        "-a",
        "risk=none",
        "-a",
        "symptom=timeout",
        "--defaults",
        "-f",
        "json",
    )
    assert run.code == 0, run.err
    assert (
        "other-sites",
        "no",
        "auto",
        "No site could be reached (refused): check mobile data or Wi-Fi.",
    ) in transcript(run.out)
    assert json.loads(run.out)["outcome"]["id"] == "network-problem"
