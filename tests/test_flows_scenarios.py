"""``gopay-doctor flows test``: scenarios run through the engine, failures at their place,
coverage figures known in advance (the mini flow: 4 of 7 choices, 2 of 3 outcomes).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, CliRunner, run_process

MINI_REPORT = [
    "mini: 3 scenarios, 3 passed, 0 failed (tests/fixtures/mini/mini.scenarios.yaml)",
    "  choices:  4 of 7 chosen (57.1%); never chosen: slow=yes, busy=very, busy=bit",
    "  outcomes: 2 of 3 reached (66.7%); never reached: wait",
    "  questions: median 2, at most 2 per scenario",
]


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    "target",
    [
        "tests/fixtures/mini",
        "tests/fixtures/mini/mini.yaml",
        "tests/fixtures/mini/mini.scenarios.yaml",
    ],
)
def test_mini_coverage_is_known(cli: CliRunner, target: str) -> None:
    run = cli("flows", "test", target)
    assert run.out.splitlines() == MINI_REPORT
    assert (run.code, run.err) == (0, "")


@pytest.mark.parametrize(("minimum", "code"), [("57.1", 0), ("57.2", 1), ("66.7", 1), ("0", 0)])
def test_min_coverage_is_checked_on_choices_and_outcomes(
    cli: CliRunner, minimum: str, code: int
) -> None:
    run = cli("flows", "test", "tests/fixtures/mini", "--min-coverage", minimum)
    assert run.out.splitlines() == MINI_REPORT
    assert run.code == code
    assert run.err == ("" if code == 0 else f"gopay-doctor: coverage below {minimum}%: mini\n")


def test_min_coverage_out_of_range_is_a_usage_error(cli: CliRunner) -> None:
    assert cli("flows", "test", "--min-coverage", "101").code == 2


def test_coverage_as_json(cli: CliRunner) -> None:
    run = cli("flows", "test", "tests/fixtures/mini", "--format", "json", "--min-coverage", "60")
    assert run.code == 1
    assert json.loads(run.out) == {
        "flows": [
            {
                "id": "mini",
                "file": "tests/fixtures/mini/mini.yaml",
                "scenarios_file": "tests/fixtures/mini/mini.scenarios.yaml",
                "scenarios": 3,
                "passed": 3,
                "failed": 0,
                "choices": {
                    "covered": 4,
                    "total": 7,
                    "percent": 57.1,
                    "never": ["slow=yes", "busy=very", "busy=bit"],
                },
                "outcomes": {"covered": 2, "total": 3, "percent": 66.7, "never": ["wait"]},
                "questions": {"median": 2, "max": 2},
            }
        ],
        "problems": [],
        "min_coverage": 60.0,
        "ok": False,
    }


def test_a_failing_scenario_is_reported_where_it_is_written(cli: CliRunner) -> None:
    run = cli("flows", "test", "tests/fixtures/broken/scenario-failed.yaml")
    name = "scenario 'not slow is wrongly expected to be busy'"
    assert run.out.splitlines() == [
        f"tests/fixtures/broken/scenario-failed.scenarios.yaml:8:16: error: {name}: "
        "expected outcome 'busy', got 'fine' [scenario-failed]",
        f"tests/fixtures/broken/scenario-failed.scenarios.yaml:9:15: error: {name}: "
        "step 'retry' is missing from the steps (none) [scenario-failed]",
        "scenario-failed: 2 scenarios, 1 passed, 1 failed "
        "(tests/fixtures/broken/scenario-failed.scenarios.yaml)",
        "  choices:  2 of 2 chosen (100%)",
        "  outcomes: 2 of 2 reached (100%)",
        "  questions: median 1, at most 1 per scenario",  # a failed scenario asks too
    ]
    assert run.code == 1
    assert run.err == "gopay-doctor: 1 of 2 scenarios failed\n"


def test_a_failing_scenario_does_not_fail_flows_check(cli: CliRunner) -> None:
    """check looks at what is written; only test runs the scenarios."""
    run = cli("flows", "check", "tests/fixtures/broken/scenario-failed.yaml")
    assert (run.code, run.out) == (0, "")


def test_an_invalid_answer_fails_without_running(cli: CliRunner) -> None:
    run = cli("flows", "test", "tests/fixtures/broken/bad-answer.scenarios.yaml")
    assert run.out.splitlines() == [
        "tests/fixtures/broken/bad-answer.scenarios.yaml:3:21: error: scenario 'an answer that "
        "is not a choice': invalid answer 'maybe' for question 'slow'; valid values: yes, no "
        "[bad-answer]",
        "bad-answer: 1 scenario, 0 passed, 1 failed (tests/fixtures/broken/bad-answer.scenarios.yaml)",
        "  choices:  0 of 2 chosen (0%); never chosen: slow=yes, slow=no",
        "  outcomes: 0 of 2 reached (0%); never reached: busy, fine",
    ]
    assert run.code == 1


def write_mini_scenarios(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURES / "mini", folder)
    (folder / "mini.scenarios.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (
            "answers: {signs: [locked]}\n    expect: {outcome: fine}",
            "3:14: error: scenario 's': question 'slow' is on the path but has no answer; answer "
            "it (valid values: yes, no), or set defaults: true [scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, primary-cause: busy}",
            "4:46: error: scenario 's': expected primary cause 'busy', got 'hacked' (causes: "
            "hacked) [scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, not-steps: [retry, freeze]}",
            "4:43: error: scenario 's': step 'retry' should not be among the steps (freeze, "
            "retry) [scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, channels: [forum]}",
            "4:42: error: scenario 's': channel 'forum' is missing from the channels (app) "
            "[scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, causes: [busy]}",
            "4:40: error: scenario 's': cause 'busy' is missing from the causes (hacked) "
            "[scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: dangr}",
            "4:23: error: 'dangr' is not an outcome of flow 'mini' (did you mean 'danger'?) "
            "[unknown-id]",
        ),
        (
            "answers: {sings: [theft]}\n    expect: {outcome: danger}",
            "3:15: error: scenario 's': unknown question 'sings'; questions in flow 'mini': "
            "signs, slow, busy (did you mean 'signs'?) [bad-answer]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, first-steps: [retry, freeze]}",
            "4:44: error: scenario 's': the steps should begin with retry, freeze; they begin "
            "with freeze, retry [scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n"
            "    expect: {outcome: danger, first-steps: [freeze, retry, freeze]}",
            "4:44: error: scenario 's': the steps should begin with freeze, retry, freeze; they "
            "begin with freeze, retry [scenario-failed]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, first-steps: [frezee]}",
            "4:45: error: 'frezee' is not a known step (did you mean 'freeze'?) [unknown-id]",
        ),
        (
            "answers: {signs: [theft]}\n    expect: {outcome: danger, calm: true}",
            "4:37: error: scenario 's': expected a calm result (no urgent step), got urgent "
            "steps: freeze [scenario-failed]",
        ),
        (
            "answers: {signs: [none], slow: 'no'}\n    expect: {outcome: fine, calm: false}",
            "4:35: error: scenario 's': expected at least one urgent step, got none "
            "[scenario-failed]",
        ),
        (
            "answers: {signs: []}\n    expect: {outcome: fine}",
            "3:22: error: scenario 's': answer to question 'signs': tick at least one choice; "
            "when none of them applies, answer 'none'; valid values: theft, locked, none "
            "[bad-answer]",
        ),
    ],
    ids=[
        "missing-answer",
        "primary-cause",
        "not-steps",
        "channels",
        "causes",
        "unknown-outcome",
        "unknown-question",
        "first-steps-order",
        "first-steps-too-many",
        "first-steps-unknown",
        "calm-but-urgent",
        "alarm-but-calm",
        "nothing-ticked",
    ],
)
def test_each_kind_of_failure(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str, expected: str
) -> None:
    folder = write_mini_scenarios(tmp_path, f"scenarios:\n  - name: s\n    {scenario}\n")
    monkeypatch.chdir(tmp_path)
    run = cli("flows", "test", "flows/mini.yaml")
    assert run.out.splitlines()[0] == f"flows/mini.scenarios.yaml:{expected}"
    assert run.code == 1
    assert folder.is_dir()


def test_language_and_defaults_are_used(cli: CliRunner, tmp_path: Path) -> None:
    """A scenario in zh with defaults runs exactly as diagnose --lang zh --defaults does."""
    folder = write_mini_scenarios(
        tmp_path,
        "scenarios:\n  - name: defaults\n    answers: {signs: [none]}\n    defaults: true\n"
        "    lang: zh\n    expect: {outcome: fine, not-causes: [hacked, busy]}\n",
    )
    run = cli("flows", "test", str(folder / "mini.yaml"))
    assert run.code == 0, run.out
    assert "choices:  2 of 7 chosen (28.6%)" in run.out


def test_the_questions_each_scenario_asks_are_counted(cli: CliRunner, tmp_path: Path) -> None:
    """Paths of 1, 2, 3 and 3 questions (a default taken counts: a person is shown it)."""
    folder = write_mini_scenarios(
        tmp_path,
        "scenarios:\n"
        "  - {name: one, answers: {signs: [theft]}, expect: {outcome: danger}}\n"
        "  - {name: two, answers: {signs: [none]}, defaults: true, expect: {outcome: fine}}\n"
        "  - {name: three, answers: {signs: [none], slow: 'yes'}, defaults: true,"
        " expect: {outcome: wait}}\n"
        "  - {name: four, answers: {signs: [locked], slow: 'yes', busy: bit},"
        " expect: {outcome: wait}}\n",
    )
    run = cli("flows", "test", str(folder))
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1] == "  questions: median 2.5, at most 3 per scenario"
    data = json.loads(cli("flows", "test", str(folder), "--format", "json").out)
    assert data["flows"][0]["questions"] == {"median": 2.5, "max": 3}


def test_a_flow_without_scenarios_asks_no_questions(cli: CliRunner, tmp_path: Path) -> None:
    folder = write_mini_scenarios(tmp_path, "")
    (folder / "mini.scenarios.yaml").unlink()
    run = cli("flows", "test", str(folder), "--format", "json")
    assert json.loads(run.out)["flows"][0]["questions"] is None
    assert "questions:" not in cli("flows", "test", str(folder)).out


def test_duplicate_scenario_names_are_refused(cli: CliRunner, tmp_path: Path) -> None:
    one = "  - name: twice\n    answers: {signs: [theft]}\n    expect: {outcome: danger}\n"
    write_mini_scenarios(tmp_path, "scenarios:\n" + one + one)
    run = cli("flows", "test", str(tmp_path / "flows"))
    assert "5:11: error: scenario name 'twice' is used twice in this file [duplicate-id]" in run.out
    assert run.code == 1


def test_a_flow_without_scenarios_has_no_coverage(cli: CliRunner, tmp_path: Path) -> None:
    folder = write_mini_scenarios(tmp_path, "")
    (folder / "mini.scenarios.yaml").unlink()
    run = cli("flows", "test", str(folder), "--min-coverage", "1")
    assert run.out.splitlines()[1:] == [
        "  choices:  0 of 7 chosen (0%); never chosen: signs=theft, signs=locked, signs=none, "
        "slow=yes, slow=no, busy=very, busy=bit",
        "  outcomes: 0 of 3 reached (0%); never reached: danger, wait, fine",
    ]
    assert run.out.startswith("mini: no scenarios; write mini.scenarios.yaml beside ")
    assert run.code == 1
    assert run.err == "gopay-doctor: coverage below 1%: mini\n"


def test_a_broken_flow_is_reported_and_not_run(cli: CliRunner) -> None:
    run = cli("flows", "test", "tests/fixtures/broken/loop.yaml")
    assert run.out.splitlines() == [
        "tests/fixtures/broken/loop.yaml:7:3: error: the flow loops: slow -> slow [loop]",
        "loop: not run: its flow or scenarios file has problems (see above)",
    ]
    assert run.code == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nowhere", "nowhere: no such file, folder or flow"),
        ("README.md", "README.md: not a flow, scenarios file or folder"),
        (
            "tests/fixtures/broken/orphan.scenarios.yaml",
            "tests/fixtures/broken/orphan.scenarios.yaml: no flow file of the same name beside it",
        ),
        ("gopay_doctor", "gopay_doctor: no flows in this folder"),
    ],
)
def test_a_bad_path_is_a_usage_error(cli: CliRunner, path: str, message: str) -> None:
    run = cli("flows", "test", path)
    assert (run.code, run.err) == (2, f"gopay-doctor: error: {message}\n")


@pytest.mark.cover_children  # the one test of flows test with no flow named
def test_the_bundled_flows_are_fully_covered() -> None:
    """The bundled scenarios choose every choice and reach every outcome (a real process)."""
    run = run_process("flows", "test", "--min-coverage", "100", cwd=ROOT)
    assert run.code == 0, run.out + run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("support-unreachable: ")
    assert lines[0].endswith(" 0 failed (flows/support-unreachable.scenarios.yaml)")
    assert lines[1].endswith("chosen (100%)")
    assert lines[2].endswith("reached (100%)")


def test_every_bundled_flow_ships_scenarios() -> None:
    from gopay_doctor.contract.folder import Sources, bundled_dir, find_flows, scenarios_file_of

    flows = find_flows(Sources((bundled_dir(),)))
    assert flows
    assert all(scenarios_file_of(found.path) is not None for found in flows.values())
