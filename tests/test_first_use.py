"""The rough edges a new user hit, each as the user sees it (#15): help, completion, the
language flag, the export without -o, the docs' answers file, the message to support,
and what piped or ASCII-only output looks like."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from gopay_doctor import load_flow
from gopay_doctor.checks.network import Probe, Target, summarize
from gopay_doctor.i18n import LANGS, pick
from scripts import readme
from tests.conftest import MINI, ROOT, CliRunner, run_process

PEAK = "2026-11-11T19:40:00+07:00"
BOX = set("╭╮╰╯─│━┃┏┓┗┛═║╔╗╚╝•→")


# --- help, examples, completion -----------------------------------------------------------------


@pytest.mark.cover_children
def test_the_bare_command_shows_help_and_exits_0() -> None:
    run = run_process()
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("Usage: gopay-doctor [OPTIONS] COMMAND [ARGS]...")
    assert "Examples:\n    gopay-doctor diagnose " in run.out
    assert run_process("flows").code == 0
    assert run_process("flows").out.startswith("Usage: gopay-doctor flows [OPTIONS] COMMAND")


def test_top_level_help_has_examples_and_whole_descriptions(cli: CliRunner) -> None:
    out = cli("--help").out
    assert "Examples:" in out
    assert "gopay-doctor step -a risk=none" in out
    assert "--install-completion" in out
    commands = out.split("Commands:\n", 1)[1].splitlines()
    assert "  check     Is it a peak period? Does the network work (--check-network)?" in commands
    assert not any(line.rstrip().endswith("...") for line in commands)
    flows = cli("flows", "--help").out.split("Commands:\n", 1)[1].splitlines()
    assert not any(line.rstrip().endswith("...") for line in flows)


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (("export",), "Usage: gopay-doctor export [OPTIONS] RESULT.json"),
        (("flows", "show"), "Usage: gopay-doctor flows show [OPTIONS] ID|PATH"),
        (("flows", "graph"), "Usage: gopay-doctor flows graph [OPTIONS] ID|PATH"),
        (("flows", "check"), "Usage: gopay-doctor flows check [OPTIONS] [ID|PATH]..."),
    ],
)
def test_usage_lines_show_arguments_without_braces(
    cli: CliRunner, args: tuple[str, ...], usage: str
) -> None:
    assert cli(*args, "--help").out.splitlines()[0] == usage


@pytest.mark.parametrize(
    ("shell", "env", "expected"),
    [
        ("bash", {"COMP_WORDS": "gopay-doctor dia", "COMP_CWORD": "1"}, "diagnose"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "gopay-doctor diagnose --la"}, '"--lang"'),
        (
            "fish",
            {"_TYPER_COMPLETE_ARGS": "gopay-doctor fl", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
            "flows\tInspect the flows",
        ),
    ],
)
def test_shell_completion(shell: str, env: dict[str, str], expected: str) -> None:
    run = run_process(env={"_GOPAY_DOCTOR_COMPLETE": f"complete_{shell}", **env})
    assert run.code == 0, run.err
    assert expected in run.out


def test_completion_of_the_language_values() -> None:
    env = {
        "_GOPAY_DOCTOR_COMPLETE": "complete_bash",
        "COMP_WORDS": "gopay-doctor diagnose --lang ",
        "COMP_CWORD": "3",
    }
    assert run_process(env=env).out.split() == ["en", "id", "zh"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_for_each_shell(shell: str) -> None:
    run = run_process(
        "--show-completion", shell, env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    )
    assert run.code == 0, run.err
    assert f"complete_{shell}" in run.out


# --- the language flag --------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["ID", "Id", "id"])
def test_lang_is_not_case_sensitive(cli: CliRunner, flag: str) -> None:
    run = cli("diagnose", "-a", "risk=locked", "--lang", flag, "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["lang"] == "id"
    assert cli("flows", "list", "--lang", flag.upper()).code == 0


def test_flows_show_says_drawn_above_in_the_chosen_language(cli: CliRunner) -> None:
    lines = {
        lang: [
            line
            for line in cli("flows", "show", "support-unreachable", "--lang", lang).out.splitlines()
            if "-> peak-period" in line
        ]
        for lang in LANGS
    }
    assert lines["en"][0].endswith("-> peak-period (drawn above)")
    assert lines["id"][0].endswith("-> peak-period (sudah digambar di atas)")
    assert lines["zh"][0].endswith("-> peak-period（见上方）")


def test_a_dns_failure_names_the_step_once() -> None:
    target = Target(host="a.invalid", port=443, tls=True, role="reference", name=None)
    probe = Probe(target, "dns", "dns", 16, message="no such name")
    refused = Probe(target._replace(host="b.invalid"), "refused", "tcp", 3)
    details = summarize([probe, refused]).details
    assert details[0] == "a.invalid (a.invalid:443, reference): no DNS after 16 ms: no such name"
    assert details[1] == "b.invalid (b.invalid:443, reference): refused at TCP after 3 ms"


# --- export without -o, the docs' answers file --------------------------------------------------


def test_export_without_output_prints_markdown(cli: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "result.json"
    saved.write_text(cli("diagnose", "-a", "risk=locked", "-f", "json").out, encoding="utf-8")
    run = cli("export", str(saved))
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("# Your account may be restricted\n")
    assert "- [ ] " in run.out


def test_the_docs_answers_file_example_runs_as_written(tmp_path: Path) -> None:
    _, block = readme.block("answers-example")
    yaml_text, command = re.findall(r"```(?:yaml)?\n(.*?)```", block, re.S)
    assert yaml_text.startswith("# answers.yaml\n")
    (tmp_path / "answers.yaml").write_text(yaml_text, encoding="utf-8")
    args = shlex.split(command.strip())
    assert args[:2] == ["gopay-doctor", "diagnose"]
    run = run_process(*args[1:], cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("# Support is hard to reach right now\n")
    # it answers every question on its path: the same result without --answers' help
    flags = [f"-a{q}={','.join(v) if isinstance(v, list) else v}" for q, v in _yaml(yaml_text)]
    assert run_process("diagnose", *flags, "--format", "markdown").out == run.out


def _yaml(text: str) -> list[tuple[str, object]]:
    from gopay_doctor.contract.yamlsafe import load_yaml

    data = load_yaml(text.encode(), "answers.yaml", strings_only=True).data
    assert isinstance(data, dict)
    return list(data.items())


# --- the message to support ---------------------------------------------------------------------


def test_the_message_is_written_as_a_person_would(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    answers = ("risk=none", "need=other", "source=in-app", "symptom=queue")
    args = [arg for answer in answers for arg in ("-a", answer)]
    message = json.loads(cli("diagnose", *args, "--auto", "-f", "json").out)["support_message"]
    assert message["subject"] == "Help with my GoPay account"
    assert message["body"].split("\n") == [
        "Hello GoPay support,",
        "",
        "I need help with my GoPay account. This is what happens:",
        "I see no warning sign of a risk to my money or my account.",
        "I need GoPay support for something else, or I just can't get through.",
        "I got the contact I am using from Help in the app.",
        "I get stuck in a queue, or no agent picks up.",
        "It is a busy time: a holiday, payday, a big sale day or the evening rush.",
        "An automatic check found: It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day.",
        "",
        "I have not included my PIN, OTP, password or card number, and I will not share them.",
        "",
        "Thank you.",
    ]
    assert "since when" in message["note"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_message_has_a_placeholder_to_fill_in(cli: CliRunner, lang: str) -> None:
    for risk in ("none", "unrecognised-transactions,unexpected-otp", "phone-lost"):
        run = cli("diagnose", "-a", f"risk={risk}", "--defaults", "--lang", lang, "-f", "json")
        message = json.loads(run.out)["support_message"]
        assert "[" not in message["subject"] + message["body"] + message["note"], message


def test_every_bundled_choice_says_it_in_every_language() -> None:
    """Every choice, and every date question (its answer as "on {date}"), has the words a
    person would write to support, in every language."""
    flow = load_flow("support-unreachable")
    for qid, question in flow.spec.questions.items():
        if question.kind == "date":
            assert isinstance(question.says, dict), qid
            assert sorted(question.says) == sorted(LANGS), qid
            assert all("{date}" in pick(question.says, lang) for lang in LANGS), qid
        for choice in question.choices:
            assert isinstance(choice.says, dict), (qid, choice.value)
            assert sorted(choice.says) == sorted(LANGS), (qid, choice.value)
            for lang in LANGS:
                said = pick(choice.says, lang)
                assert said.endswith((".", "。")), (qid, choice.value, lang)


def test_a_ticked_list_says_each_choice() -> None:
    from gopay_doctor import diagnose

    flow = load_flow("support-unreachable")
    result = diagnose(flow, {"risk": ["unrecognised-transactions", "unexpected-otp"]}, "id")
    assert result.transcript[0].says == [
        "Ada pembayaran, tagihan GoPayLater, atau perubahan GoPay Coins yang tidak saya lakukan.",
        "Saya menerima kode OTP padahal tidak sedang memintanya.",
    ]


# --- what the screens look like where they cannot be a terminal's ------------------------------


def test_piped_rich_output_has_no_trailing_spaces() -> None:
    for args in (
        ("diagnose", "-a", "risk=phone-lost", "-f", "rich"),
        ("flows", "show", "support-unreachable"),
        ("check",),
    ):
        run = run_process(*args, env={"GOPAY_DOCTOR_NOW": PEAK})
        assert run.code in (0, 1), run.err
        assert run.out.strip()
        assert [line for line in run.out.splitlines() if line.endswith(" ")] == [], args


@pytest.mark.cover_children
def test_an_ascii_only_output_gets_ascii_boxes() -> None:
    for args in (
        ("diagnose", "-a", "risk=phone-lost", "-f", "rich"),
        ("flows", "show", "support-unreachable"),
    ):
        run = run_process(*args, env={"PYTHONIOENCODING": "ascii"})
        assert run.code == 0, run.err
        assert "?" * 3 not in run.out, args
        assert not BOX & set(run.out), args
    screen = run_process("diagnose", "-a", "risk=phone-lost", "-f", "rich")
    assert "╭" in screen.out  # UTF-8 keeps the real boxes
    ascii_screen = run_process(
        "diagnose", "-a", "risk=phone-lost", "-f", "rich", env={"PYTHONIOENCODING": "ascii"}
    )
    assert ascii_screen.out.splitlines()[0].startswith("+- Result -")


RICH_MINI = ("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-f", "rich")


def test_the_mini_flow_screen_in_ascii_keeps_every_frame_closed() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "gopay_doctor", *RICH_MINI],
        capture_output=True,
        env={"PYTHONIOENCODING": "ascii", "PATH": ""},
        cwd=ROOT,
        timeout=60,
    )
    lines = run.stdout.decode("ascii").splitlines()
    framed = [line for line in lines if line[:1] in ("|", "+") and line]
    assert framed
    assert {len(line) for line in framed} == {80}
