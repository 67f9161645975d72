"""``--answers`` given a saved result checks what it is given (#13).

A saved ``--format json`` result is taken as answers only when this gopay-doctor reads
its ``schema_version``, and only for the flow it was made with, unless the user names the
flow with ``--flow``: then only its answers are taken, each checked against that flow.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, CliRunner, run_process


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def mini_result(cli: CliRunner, home: Path, **changes: object) -> Path:
    made = cli("diagnose", "--flow", str(MINI), "-a", "signs=locked", "--defaults", "-f", "json")
    assert made.code == 0, made.err
    document = {**json.loads(made.out), **changes}
    path = home / "r.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def position(path: Path, key: str) -> str:
    """``FILE:LINE:COL`` of the value of the first ``"key": `` in the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if f'"{key}": ' in line)
    column = lines[number - 1].index(f'"{key}": ') + len(key) + 5
    return f"{path.name}:{number}:{column}"


def test_a_result_of_another_flow_is_refused(cli: CliRunner, home: Path) -> None:
    result = mini_result(cli, home)
    run = run_process("diagnose", "--answers", "r.json", "--defaults", cwd=home)
    assert (run.code, run.out) == (2, "")
    where = position(result, "id")
    assert run.err == (
        f"{where}: error: this saved result is of "
        "flow 'mini', not 'support-unreachable'; pass --flow to run its flow, or to take only "
        "its answers into the flow you name\n"
    )


def test_naming_the_flow_takes_only_the_answers(cli: CliRunner, home: Path) -> None:
    """A copy of mini under another id: the same questions, so the answers fit."""
    mini_result(cli, home)
    shutil.copytree(MINI.parent, home / "other")
    flow = home / "other" / "mini.yaml"
    flow.write_text(flow.read_text("utf-8").replace("id: mini", "id: twin"), "utf-8")
    flow.rename(home / "other" / "twin.yaml")
    run = cli("diagnose", "--flow", "other/twin.yaml", "--answers", "r.json", "-f", "json")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert document["flow"]["id"] == "twin"
    assert document["answers"] == {"signs": ["locked"], "slow": "no"}


def test_named_flow_still_checks_every_answer(cli: CliRunner, home: Path) -> None:
    mini_result(cli, home)
    run = cli("diagnose", "--flow", "support-unreachable", "--answers", "r.json", "--defaults")
    assert run.code == 2
    assert run.err.startswith("gopay-doctor: error: unknown question 'signs' (from r.json:")


def test_the_same_flow_needs_no_flag(cli: CliRunner, home: Path) -> None:
    made = cli("diagnose", "-a", "risk=none", "--defaults", "-f", "json")
    (home / "r.json").write_text(made.out, encoding="utf-8")
    again = cli("diagnose", "--answers", "r.json", "-f", "json")
    assert again.code == 0, again.err
    assert json.loads(again.out)["outcome"] == json.loads(made.out)["outcome"]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            2,
            "schema_version 2 is newer than this gopay-doctor can read (1); upgrade "
            "gopay-doctor to use its answers",
        ),
        (0, "unknown schema_version 0; this gopay-doctor reads schema_version 1"),
        ("one", "schema_version must be a whole number, got 'one'"),
    ],
)
@pytest.mark.parametrize("named", [False, True])
def test_an_unknown_schema_version_is_refused_even_with_flow(
    cli: CliRunner, home: Path, version: object, message: str, named: bool
) -> None:
    result = mini_result(cli, home, schema_version=version)
    flow = ["--flow", str(MINI)] if named else []
    run = cli("diagnose", *flow, "--answers", "r.json", "--defaults")
    assert (run.code, run.out) == (2, "")
    where = position(result, "schema_version")
    assert run.err == f"{where}: error: {message}\n"


def test_a_result_without_a_flow_is_refused(cli: CliRunner, home: Path) -> None:
    (home / "r.json").write_text('{"schema_version": 1, "answers": {}}', encoding="utf-8")
    run = cli("diagnose", "--flow", str(MINI), "--answers", "r.json", "--defaults")
    assert (run.code, run.err) == (
        2,
        "r.json:1:1: error: a saved result names its flow (flow: id:)\n",
    )
