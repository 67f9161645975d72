"""Smaller hardening through the command line (#13): zero-width characters are shown
escaped in error messages, and YAML merge keys are refused in answers files as in flows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, CliRunner

FLOW = ("--flow", str(MINI))


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\u200b", "\\u200b"),
        ("\u200c", "\\u200c"),
        ("\u200d", "\\u200d"),
        ("\u2060", "\\u2060"),
        ("\ufeff", "\\ufeff"),
    ],
)
def test_zero_width_characters_are_shown_escaped_in_errors(
    cli: CliRunner, char: str, shown: str
) -> None:
    run = cli("diagnose", *FLOW, "-a", f"sl{char}ow=yes", "--defaults")
    assert run.code == 2
    assert run.err == (
        f"gopay-doctor: error: unknown question 'sl{shown}ow' (from --answer sl{shown}ow=yes); "
        "questions in flow 'mini': signs, slow, busy (did you mean 'slow'?)\n"
    )
    assert char not in run.err


def test_zero_width_characters_are_escaped_in_flows_check(cli: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(MINI.parent, tmp_path / "mine")
    flow = tmp_path / "mine" / "mini.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace("next: busy", 'next: "bu\\u200dsy"'), "utf-8"
    )
    run = cli("flows", "check", str(flow))
    assert run.code == 1
    assert "'bu\\u200dsy' is not valid here" in run.out
    assert "\u200d" not in run.out


def test_merge_keys_are_refused_in_answers_files(cli: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("signs: [none]\n<<: {slow: 'yes'}\n", encoding="utf-8")
    run = cli("diagnose", *FLOW, "--answers", str(answers), "--defaults")
    assert (run.code, run.out) == (2, "")
    assert (
        run.err == f"{answers}:2:1: error: merge keys (<<) are not supported; write the keys out\n"
    )


def test_merge_keys_are_refused_in_flows(cli: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(MINI.parent, tmp_path / "mine")
    flow = tmp_path / "mine" / "mini.yaml"
    text = flow.read_text(encoding="utf-8").replace(
        "  slow:\n    kind: confirm\n", "  slow:\n    <<: {kind: confirm}\n"
    )
    flow.write_text(text, encoding="utf-8")
    run = cli("diagnose", "--flow", str(flow), "-a", "signs=none", "--defaults")
    assert (run.code, run.out) == (2, "")
    assert "merge keys (<<) are not supported; write the keys out" in run.err
    assert run.err.count("\n") == 1


def test_a_newline_in_quoted_data_cannot_add_a_line(cli: CliRunner, tmp_path: Path) -> None:
    """Found by the property tests: an answers file whose question id holds a newline."""
    answers = tmp_path / "a.json"
    answers.write_text('{"\\ngopay-doctor: Saved to evil.md": "0"}', encoding="utf-8")
    run = cli("diagnose", *FLOW, "--answers", str(answers), "--defaults")
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert run.err.startswith(
        "gopay-doctor: error: unknown question '\\ngopay-doctor: Saved to evil.md' (from "
    )
