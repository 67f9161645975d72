"""``gopay-doctor diagnose`` without a terminal: every flag and every error path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, CliRunner, run_process

FLOW = ("--flow", str(MINI))


def test_answers_from_flags_give_a_json_result(cli: CliRunner) -> None:
    run = cli(
        "diagnose",
        *FLOW,
        "-a",
        "signs=locked",
        "--answer",
        "slow=yes",
        "-a",
        "busy=bit",
        "--format",
        "json",
    )
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["outcome"]["id"] == "wait"
    assert data["answers"] == {"signs": ["locked"], "slow": "yes", "busy": "bit"}
    assert [c["id"] for c in data["causes"]] == ["busy", "hacked"]
    assert run.err == ""


def test_defaults_fill_the_rest(cli: CliRunner) -> None:
    run = cli("diagnose", *FLOW, "--defaults", "-a", "signs=none", "-a", "slow=yes", "-f", "json")
    assert json.loads(run.out)["answers"] == {"signs": ["none"], "slow": "yes", "busy": "very"}


def test_text_is_the_default_format_without_a_terminal(cli: CliRunner) -> None:
    run = cli("diagnose", *FLOW, "-a", "signs=none", "--defaults", "--no-input")
    assert run.code == 0
    assert run.out.splitlines()[:3] == ["Result: All fine", "================", "Nothing to do."]
    assert "\x1b[" not in run.out


@pytest.mark.parametrize(
    ("fmt", "first_line"),
    [
        ("text", "Result: Money at risk"),
        ("markdown", "# Money at risk"),
        ("json", "{"),
        ("rich", "╭─ Result ─"),
    ],
)
def test_every_format(cli: CliRunner, fmt: str, first_line: str) -> None:
    run = cli("diagnose", *FLOW, "-a", "signs=theft", "--format", fmt)
    assert run.code == 0
    assert run.out.splitlines()[0].startswith(first_line)
    assert "\x1b[" not in run.out  # no colour when not on a terminal


def test_answers_file_in_yaml(cli: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("signs: [locked]\nslow: no\n", encoding="utf-8")  # `no` stays "no"
    run = cli("diagnose", *FLOW, "--answers", str(answers), "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["outcome"]["id"] == "fine"


def test_flags_override_the_answers_file(cli: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text('{"signs": "locked", "slow": "no"}', encoding="utf-8")
    run = cli(
        "diagnose", *FLOW, "--answers", str(answers), "-a", "slow=yes", "--defaults", "-f", "json"
    )
    assert json.loads(run.out)["answers"]["slow"] == "yes"


def test_answers_from_stdin() -> None:
    run = run_process(
        "diagnose", *FLOW, "--answers", "-", "-f", "json", input='{"signs": ["theft"]}'
    )
    assert run.code == 0, run.err
    assert json.loads(run.out)["outcome"]["id"] == "danger"


def test_json_output_fed_back_reproduces_the_result(cli: CliRunner, tmp_path: Path) -> None:
    first = cli(
        "diagnose", *FLOW, "-a", "signs=locked", "-a", "slow=yes", "--defaults", "-f", "json"
    )
    saved = tmp_path / "result.json"
    saved.write_text(first.out, encoding="utf-8")
    answers_only = tmp_path / "answers.json"
    answers_only.write_text(json.dumps(json.loads(first.out)["answers"]), encoding="utf-8")
    for source in (saved, answers_only):
        again = cli("diagnose", *FLOW, "--answers", str(source), "-f", "json")
        assert again.code == 0, again.err
        a, b = json.loads(first.out), json.loads(again.out)
        for doc in (a, b):
            doc.pop("created_at")  # when each was made
            for entry in doc["transcript"]:
                entry.pop("source")
        assert a == b


@pytest.mark.parametrize(
    ("flag", "env", "title"),
    [
        (["--lang", "id"], {}, "Semua baik"),
        ([], {"GOPAY_DOCTOR_LANG": "zh"}, "一切正常"),
        ([], {"LANG": "id_ID.UTF-8"}, "Semua baik"),
        ([], {"LC_ALL": "zh_CN.UTF-8", "LANG": "id_ID"}, "一切正常"),
        ([], {"LANG": "fr_FR.UTF-8"}, "All fine"),
        (["--lang", "en"], {"GOPAY_DOCTOR_LANG": "zh"}, "All fine"),
    ],
    ids=["flag", "env", "locale", "lc-all-wins", "unknown-locale", "flag-wins"],
)
def test_language_choice(
    cli: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    flag: list[str],
    env: dict[str, str],
    title: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = cli("diagnose", *FLOW, "-a", "signs=none", "--defaults", "-f", "json", *flag)
    assert json.loads(run.out)["outcome"]["title"] == title


# --- errors: one line, exit 2, no traceback -------------------------------------------------


def assert_error(run: object, message: str) -> None:
    assert getattr(run, "code") == 2  # noqa: B009
    assert getattr(run, "out") == ""  # noqa: B009
    assert getattr(run, "err") == message + "\n"  # noqa: B009


def test_missing_answer_without_a_terminal() -> None:
    run = run_process("diagnose", *FLOW, "-a", "signs=locked", timeout=20)
    assert_error(
        run,
        "gopay-doctor: error: no answer for question 'slow' (nothing is asked: standard input is not a terminal); valid values: yes, no. "
        "Pass --answer slow=VALUE or --answers FILE, or --defaults to take every question's default",
    )


def test_invalid_value_names_flag_question_and_values(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", *FLOW, "-a", "slow=maybe"),
        "gopay-doctor: error: invalid answer 'maybe' for question 'slow' (from --answer "
        "slow=maybe); valid values: yes, no",
    )


def test_invalid_value_names_file_line_and_column(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("signs: [locked]\nslow: on\n", encoding="utf-8")
    assert_error(
        cli("diagnose", *FLOW, "--answers", "a.yaml"),
        "gopay-doctor: error: invalid answer 'on' for question 'slow' (from a.yaml:2:7); "
        "valid values: yes, no",
    )


def test_invalid_value_from_stdin_names_stdin() -> None:
    run = run_process("diagnose", *FLOW, "--answers", "-", input="signs:\n  - stolen\n")
    assert_error(
        run,
        "gopay-doctor: error: invalid answer 'stolen' for question 'signs' "
        "(from <stdin>:2:3); valid values: theft, locked, none",
    )


def test_unknown_question(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", *FLOW, "-a", "slwo=yes"),
        "gopay-doctor: error: unknown question 'slwo' (from --answer slwo=yes); questions in "
        "flow 'mini': signs, slow, busy (did you mean 'slow'?)",
    )


def test_unknown_question_in_a_file_names_where_the_question_is_written(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("signs: [locked]\nslwo:\n  yes\n", encoding="utf-8")
    assert_error(
        cli("diagnose", *FLOW, "--answers", "a.yaml"),
        "gopay-doctor: error: unknown question 'slwo' (from a.yaml:2:1); questions in "
        "flow 'mini': signs, slow, busy (did you mean 'slow'?)",
    )


def test_answer_without_equals(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", *FLOW, "-a", "slow"),
        "gopay-doctor: error: --answer expects QUESTION=VALUE, got 'slow'",
    )


def test_question_answered_twice(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", *FLOW, "-a", "slow=yes", "-a", "slow=no"),
        "gopay-doctor: error: question 'slow' is answered twice with --answer",
    )


def test_select_takes_one_value(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", *FLOW, "-a", "busy=very,bit"),
        "gopay-doctor: error: invalid answer 'very,bit' for question 'busy' (from --answer "
        "busy=very,bit); valid values: very, bit (did you mean 'very'?)",
    )


def test_defaults_with_a_question_without_default(cli: CliRunner, tmp_path: Path) -> None:
    flow = tmp_path / "mini.yaml"
    flow.write_text(
        MINI.read_text(encoding="utf-8").replace("    default: very\n", ""), encoding="utf-8"
    )
    (tmp_path / "catalog").symlink_to(MINI.parent / "catalog")
    assert_error(
        cli("diagnose", "--flow", str(flow), "--defaults", "-a", "signs=none", "-a", "slow=yes"),
        "gopay-doctor: error: question 'busy' has no answer and no default"
        " (nothing is asked: standard input is not a terminal); valid values: "
        "very, bit. Pass --answer busy=VALUE or --answers FILE",
    )


def test_answers_file_not_found(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", *FLOW, "--answers", "nope.yaml"),
        "gopay-doctor: error: nope.yaml: no such file",
    )


def test_answers_file_is_not_a_mapping(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("- slow\n", encoding="utf-8")
    assert_error(
        cli("diagnose", *FLOW, "--answers", "a.yaml"),
        "a.yaml:1:1: error: answers must be a mapping of question id to value",
    )


def test_answers_file_with_broken_yaml(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("slow: [yes\n", encoding="utf-8")
    run = cli("diagnose", *FLOW, "--answers", "a.yaml")
    assert run.code == 2
    assert run.err.startswith("a.yaml:2:1: error: YAML syntax error: ")
    assert len(run.err.splitlines()) == 1


def test_unknown_flow(cli: CliRunner) -> None:
    run = cli("diagnose", "--flow", "support-unreachabel")
    assert run.code == 2
    assert run.err.startswith(
        "gopay-doctor: error: unknown flow 'support-unreachabel'; available flows: "
    )
    assert run.err.endswith(" (did you mean 'support-unreachable'?)\n")


def test_flow_path_that_does_not_exist(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", "--flow", "missing/flow.yaml"),
        "gopay-doctor: error: --flow missing/flow.yaml: no such file",
    )


def test_broken_flow_reports_every_problem(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = (
        MINI.read_text(encoding="utf-8")
        .replace("version: 2", "version: two")
        .replace("start: signs", "start: sign")
    )
    Path("mini.yaml").write_text(text, encoding="utf-8")
    Path("catalog").symlink_to(MINI.parent / "catalog")
    run = cli("diagnose", "--flow", "mini.yaml", "--defaults")
    assert run.code == 2
    assert run.err == "mini.yaml:3:10: error: expected a whole number, got 'two' [schema]\n"


def test_bad_language_flag_is_a_usage_error(cli: CliRunner) -> None:
    run = cli("diagnose", *FLOW, "--lang", "fr")
    assert run.code == 2
    assert run.err == (
        "gopay-doctor: error: invalid value for '--lang': 'fr' is not one of 'en', 'id', 'zh'; "
        "see gopay-doctor diagnose --help\n"
    )


def test_bad_language_in_the_environment(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_LANG", "fr")
    assert_error(
        cli("diagnose", *FLOW, "--defaults"),
        "gopay-doctor: error: GOPAY_DOCTOR_LANG: unknown language 'fr'; choose one of: en, id, zh",
    )


def test_internal_error_is_one_line_exit_3(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        secret_local = "hunter2-local-value"
        raise RuntimeError("kaboom" if secret_local else "")

    monkeypatch.setattr("gopay_doctor.interview.build_result", boom)
    run = cli("diagnose", *FLOW, "-a", "signs=none", "--defaults")
    assert run.code == 3
    assert run.err == (
        "gopay-doctor: internal error (RuntimeError: kaboom); this is a bug, please "
        "report it (run again with --debug for the traceback)\n"
    )
    debug = cli("--debug", "diagnose", *FLOW, "-a", "signs=none", "--defaults")
    assert debug.code == 3
    assert debug.err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: kaboom" in debug.err
    assert "hunter2-local-value" not in debug.err  # no local variable values, even with --debug


def test_ctrl_c_exits_130(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("gopay_doctor.interview.build_result", interrupted)
    run = cli("diagnose", *FLOW, "-a", "signs=none", "--defaults")
    assert (run.code, run.err) == (130, "gopay-doctor: cancelled.\n")


def test_version(cli: CliRunner) -> None:
    from gopay_doctor import __version__

    run = cli("--version")
    assert (run.code, run.out) == (0, f"gopay-doctor {__version__}\n")


def test_python_dash_m_works() -> None:
    run = run_process("--version")
    assert run.code == 0
    assert run.out.startswith("gopay-doctor ")


def test_a_choice_that_must_stand_alone_cannot_be_combined(cli: CliRunner) -> None:
    assert_error(
        cli("diagnose", "-a", "risk=none,locked", "--defaults"),
        "gopay-doctor: error: answer to question 'risk' (from --answer "
        "risk=none,locked): 'none' cannot be ticked together with other choices",
    )


RISK_VALUES = (
    "phone-lost, sim-or-code, shared-code, login-alert, logged-out, unrecognised-transactions, "
    "paid-scammer, code-requested, unexpected-otp, locked, none"
)


@pytest.mark.parametrize("flag", ["risk=", "risk= , ,"])
def test_a_question_with_boxes_needs_a_tick_on_the_command_line(cli: CliRunner, flag: str) -> None:
    assert_error(
        cli("diagnose", "-a", flag, "--defaults"),
        f"gopay-doctor: error: answer to question 'risk' (from --answer {flag}): tick at least "
        f"one choice; when none of them applies, answer 'none'; valid values: {RISK_VALUES}",
    )


@pytest.mark.parametrize(
    ("document", "where"),
    [("risk: []\n", "<stdin>:1:7"), ("risk:\n", "<stdin>:1:6"), ('{"risk": []}', "<stdin>:1:10")],
)
def test_a_question_with_boxes_needs_a_tick_in_an_answers_file(document: str, where: str) -> None:
    run = run_process("diagnose", "--answers", "-", "--defaults", input=document)
    assert_error(
        run,
        f"gopay-doctor: error: answer to question 'risk' (from {where}): tick at least one "
        f"choice; when none of them applies, answer 'none'; valid values: {RISK_VALUES}",
    )


def test_defaults_cannot_answer_the_risk_question(cli: CliRunner) -> None:
    """The first question has no default: --defaults alone is a missing answer, exit 2."""
    assert_error(
        cli("diagnose", "--defaults"),
        "gopay-doctor: error: question 'risk' has no answer and no default"
        " (nothing is asked: standard input is not a terminal); valid values: "
        f"{RISK_VALUES}. Pass --answer risk=VALUE or --answers FILE",
    )


@pytest.mark.parametrize("source", ["file", "-"])
@pytest.mark.cover_children
def test_closed_standard_input(tmp_path: Path, source: str) -> None:
    """Started with standard input closed (``<&-``), as some schedulers do."""
    answers = tmp_path / "a.yaml"
    answers.write_text("signs: [locked]\nslow: no\n", encoding="utf-8")
    path = str(answers) if source == "file" else "-"
    proc = subprocess.run(
        [sys.executable, "-m", "gopay_doctor", "diagnose", *FLOW, "--answers", path, "-f", "json"],
        capture_output=True, text=True, preexec_fn=lambda: os.close(0), timeout=30,
    )  # fmt: skip
    if source == "file":
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["outcome"]["id"] == "fine"
    else:
        assert (proc.returncode, proc.stderr) == (
            2,
            "gopay-doctor: error: --answers -: standard input is closed\n",
        )


def test_answers_from_stdin_over_the_size_limit_are_refused() -> None:
    from gopay_doctor.contract.files import MAX_FILE_BYTES

    run = run_process("diagnose", *FLOW, "--answers", "-", input=b"#" * (MAX_FILE_BYTES + 10))
    assert (run.code, run.err) == (2, "<stdin>:1:1: error: file is larger than 8 MiB\n")


@pytest.mark.cover_children
def test_a_reader_that_goes_away_ends_the_run_quietly() -> None:
    """``gopay-doctor flows schema | head -1``: the pipe closes early; no error, exit 0."""
    code = (
        "import os, sys\n"
        "reader, writer = os.pipe()\n"
        "os.close(reader)\n"
        "os.dup2(writer, 1)\n"
        "from gopay_doctor.cli import main\n"
        "sys.exit(main(['flows', 'schema']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
