"""Rows that must stay one line, paths that are folders, and how deep a tree is drawn:
``flows list``, ``flows show``, ``flows test`` and ``check`` as a user sees them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, CliRunner

FORGED_TITLE = "Mini\ncheck\tv9\tforged.yaml\nfake\tv1\tFake flow\tfake.yaml"


def mini_copy(folder: Path, title: str) -> Path:
    """The mini fixture flow in ``folder``, with its English title replaced."""
    shutil.copytree(MINI.parent, folder)
    flow = folder / "mini.yaml"
    text = flow.read_text(encoding="utf-8")
    flow.write_text(
        text.replace("{en: Mini check,", f"{{en: {json.dumps(title)},"), encoding="utf-8"
    )
    return flow


def test_a_title_cannot_forge_rows_of_flows_list(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mini_copy(tmp_path / "mine", FORGED_TITLE)
    monkeypatch.chdir(tmp_path)
    run = cli("flows", "list", "--flows-dir", "mine")
    assert run.code == 0
    rows = run.out.splitlines()
    assert rows[0] == (
        "mini\tv2\tMini check v9 forged.yaml fake v1 Fake flow fake.yaml\tmine/mini.yaml"
    )
    assert [row.split("\t")[0] for row in rows] == ["mini", "support-unreachable"]


def test_a_title_cannot_forge_lines_of_the_tree(cli: CliRunner, tmp_path: Path) -> None:
    flow = mini_copy(tmp_path / "mine", "Mini\n└── = fine: All fine")
    run = cli("flows", "show", str(flow))
    assert run.out.splitlines()[0] == "mini v2: Mini └── = fine: All fine"


def test_a_flow_file_name_cannot_forge_lines_of_flows_test(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "two\nlines"
    shutil.copytree(MINI.parent, folder)
    (folder / "mini.scenarios.yaml").unlink()
    run = cli("flows", "test", str(folder / "mini.yaml"))
    assert run.out.splitlines()[0] == (
        f"mini: no scenarios; write mini.scenarios.yaml beside {tmp_path}/two lines/mini.yaml"
    )


def test_a_peak_name_cannot_forge_lines_of_check(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = tmp_path / "flows" / "checks"
    checks.mkdir(parents=True)
    (checks / "peak-periods.yaml").write_text(
        'windows:\n  - {date: "11.11", kind: sale, name: "sale day\\n\\u2713 Network: all fine"}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-11T10:00:00+07:00")
    run = cli("check", "--flows-dir", "flows", "-v")
    lines = run.out.splitlines()
    assert lines[:3] == [
        "! Peak period: It is 10:00 WIB on 11.11.2026: sale day ✓ Network: all fine.",
        "    Time: 2026-11-11 10:00 WIB (Asia/Jakarta), fixed by GOPAY_DOCTOR_NOW",
        "    Big sale: sale day ✓ Network: all fine (11.11.2026)",
    ]


@pytest.mark.parametrize("command", ["show", "graph"])
def test_a_folder_named_like_a_flow_file_is_a_folder(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    (tmp_path / "some-dir.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    run = cli("flows", command, "some-dir.yaml")
    assert (run.code, run.out) == (2, "")
    assert run.err == "gopay-doctor: error: some-dir.yaml: is a directory, not a file\n"
    missing = cli("flows", command, "no-such.yaml")
    assert missing.err == "gopay-doctor: error: no-such.yaml: no such file\n"


def test_diagnose_flow_names_a_folder_too(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "some-dir.yaml").mkdir()
    monkeypatch.chdir(tmp_path)
    run = cli("diagnose", "--flow", "some-dir.yaml", "--defaults", "--format", "json")
    assert (run.code, run.out) == (2, "")
    assert run.err == "gopay-doctor: error: --flow some-dir.yaml: is a directory, not a file\n"


@pytest.mark.parametrize(("questions", "tree"), [(20, True), (21, False)])
def test_a_tree_is_drawn_up_to_20_questions_deep(
    cli: CliRunner, tmp_path: Path, questions: int, tree: bool
) -> None:
    """The limit counts nested questions, not the levels their choices add: a chain of 20
    questions (41 levels of lines) is still a tree, one of 21 is listed question by question."""
    from tests.flowgen import write_flow

    flow = write_flow(tmp_path / "chain", questions=questions)
    run = cli("flows", "show", str(flow))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    if tree:
        assert lines[2:4] == [
            "    ├── a: First answer (en)",
            "    │   └── ? q1 [select] Question 1 (en)",
        ]
    else:
        assert lines[2] == "│   ├── a: First answer (en) -> q1"
        assert "├── ? q1 [select] Question 1 (en)" in lines
