"""Every fix an error message suggests works when followed as written (#20).

Each test makes the error, pins the hint, then does what it says (a placeholder such as
``VALUE`` filled in from the same message) and checks that this gets past the error. The
resume line after Ctrl-C ("gopay-doctor diagnose --resume") is followed throughout
``tests/test_wizard.py`` and ``tests/test_terminal.py``.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from gopay_doctor.commands.diagnose import DiagnoseRequest, run
from gopay_doctor.contract.folder import Sources
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.output import Output
from gopay_doctor.prompts.scripted import ScriptedPrompter
from gopay_doctor.session import SessionStore
from tests.conftest import FIXTURES, MINI, CliRunner
from tests.loopback import Servers, loopback_servers, network_file
from tests.test_wizard import Tty, copy_mini, play

QUIET = "2026-07-07T10:05:00+07:00"


@pytest.fixture
def servers() -> Iterator[Servers]:
    with loopback_servers() as found:
        yield found


def hint(err: str) -> str:
    """The command an error line ends with (after ``with: ``)."""
    return err.rstrip("\n").rsplit("with: ", 1)[1]


# --- a missing answer ----------------------------------------------------------------------------


def test_defaults_is_suggested_only_where_it_answers_the_question(cli: CliRunner) -> None:
    """The issue: the first question has no default, so --defaults cannot be the fix."""
    run_ = cli("diagnose")
    assert run_.err == (
        "gopay-doctor: error: no answer for question 'risk' (nothing is asked: standard input "
        "is not a terminal); valid values: phone-lost, sim-or-code, shared-code, login-alert, "
        "logged-out, unrecognised-transactions, paid-scammer, code-requested, unexpected-otp, "
        "locked, none. Pass --answer risk=VALUE or --answers FILE\n"
    )
    assert cli("diagnose", "--defaults").code == 2  # what it used to suggest
    run_ = cli("diagnose", "-a", "risk=none")  # 'need' has a default: suggested, and works
    assert run_.err.endswith(
        "Pass --answer need=VALUE or --answers FILE, or --defaults to take every question's "
        "default\n"
    )
    assert cli("diagnose", "-a", "risk=none", "--defaults").code == 0


@pytest.mark.parametrize("how", ["--answer", "--answers"])
def test_doing_what_each_missing_answer_says_reaches_a_result(
    cli: CliRunner, tmp_path: Path, how: str
) -> None:
    """One valid value at a time (the last one named, to go the longest way), passed as the
    message says, until there is a result."""
    given: dict[str, str] = {}
    for _ in range(10):
        args = ["diagnose", "-f", "json"]
        if how == "--answer":
            args += [f"--answer={qid}={value}" for qid, value in given.items()]
        else:
            (tmp_path / "answers.json").write_text(json.dumps(given), encoding="utf-8")
            args += ["--answers", str(tmp_path / "answers.json")]
        run_ = cli(*args)
        if run_.code == 0:
            break
        said = re.search(
            r"valid values: (.*)\. Pass --answer (\S+)=VALUE or --answers FILE", run_.err
        )
        assert said, run_.err
        given[said.group(2)] = said.group(1).split(", ")[-1]
    assert run_.code == 0, run_.err
    assert list(given) == ["risk", "need", "source"]  # then a result: a number saved long ago


def test_add_check_network_as_suggested(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    network_file(tmp_path, [("127.0.0.1", servers.accepting, False, "reference")] * 2)
    auto = ("--flow", str(FIXTURES / "auto" / "auto.yaml"), "--flows-dir", str(tmp_path))
    run_ = cli("diagnose", *auto, "--auto")
    assert run_.err.endswith(", or add --check-network so its check can answer it\n")
    assert cli("diagnose", *auto, "--auto", "--check-network").code == 0


def test_answer_on_the_terminal_with_o_file_as_suggested(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A person whose output goes elsewhere is told to use -o FILE; on the terminal, that
    asks the questions and writes the file."""
    monkeypatch.chdir(tmp_path)
    request = DiagnoseRequest(sources=Sources.default(), lang="en", flow=str(MINI))
    with pytest.raises(GopayDoctorError) as error:
        run(request, Output(stdout=io.StringIO()), stdin=Tty())
    said = str(error.value)
    assert said.endswith(
        "use -o FILE instead of redirecting the output: gopay-doctor diagnose -o result.md"
    )
    args = shlex.split(said.rsplit(": ", 1)[1])
    assert args[:2] == ["gopay-doctor", "diagnose"]
    followed = DiagnoseRequest(
        sources=Sources.default(), lang="en", flow=str(MINI), output=args[args.index("-o") + 1]
    )
    script = ScriptedPrompter([("none",), "no", "done"])
    assert run(followed, Output(stdout=Tty()), stdin=Tty(), prompter=script) == 0
    assert (tmp_path / "result.md").read_text(encoding="utf-8").startswith("# All fine")


# --- where the result goes -----------------------------------------------------------------------


def test_pass_force_as_suggested(cli: CliRunner, tmp_path: Path) -> None:
    target = str(tmp_path / "checklist.md")
    args = ("diagnose", "-a", "risk=none", "--defaults", "-o", target)
    assert cli(*args).code == 0
    run_ = cli(*args)
    assert run_.err.endswith("already exists; pass --force to replace it\n")
    assert cli(*args, "--force").code == 0


def test_an_extension_or_output_format_as_suggested(cli: CliRunner, tmp_path: Path) -> None:
    args = ("diagnose", "-a", "risk=none", "--defaults")
    run_ = cli(*args, "-o", str(tmp_path / "checklist.doc"))
    assert run_.err.endswith(
        "use a name ending in .md, .txt, .json or .html, or pass --output-format md "
        "(or txt, json, html)\n"
    )
    assert cli(*args, "-o", str(tmp_path / "checklist.md")).code == 0
    for fmt in ("md", "txt", "json", "html"):
        assert cli(*args, "-o", str(tmp_path / f"{fmt}.doc"), "--output-format", fmt).code == 0


def test_output_format_for_output_dash_as_suggested(cli: CliRunner) -> None:
    args = ("diagnose", "-a", "risk=none", "--defaults", "-o", "-")
    run_ = cli(*args, "--format", "text")
    assert run_.err.endswith("use --output-format md (or txt, json, html)\n")
    run_ = cli(*args, "--output-format", "txt")
    assert run_.code == 0
    assert run_.out.startswith("Result: ")


def test_output_format_needs_output_as_suggested(cli: CliRunner, tmp_path: Path) -> None:
    args = ("diagnose", "-a", "risk=none", "--defaults", "--output-format", "txt")
    assert cli(*args).err == "gopay-doctor: error: --output-format needs --output FILE\n"
    assert cli(*args, "--output", str(tmp_path / "FILE")).code == 0


def test_flow_for_a_saved_result_of_another_flow_as_suggested(
    cli: CliRunner, tmp_path: Path
) -> None:
    saved = tmp_path / "result.json"
    mini = cli("diagnose", "--flow", str(MINI), "-a", "signs=none", "--defaults", "-f", "json")
    saved.write_text(mini.out, encoding="utf-8")
    run_ = cli("diagnose", "--answers", str(saved))
    assert run_.err == (
        f"{saved}:5:11: error: this saved result is of flow 'mini', not 'support-unreachable'; "
        "pass --flow to run its flow, or to take only its answers into the flow you name\n"
    )
    assert cli("diagnose", "--answers", str(saved), "--flow", str(MINI)).code == 0


# --- saved sessions ------------------------------------------------------------------------------


def follow(monkeypatch: pytest.MonkeyPatch, command: str, steps: list[object]) -> int:
    """Run ``command`` (``gopay-doctor diagnose`` and its options) as the person at the
    terminal would, with ``steps`` as their replies."""
    args = shlex.split(command)
    assert args[:2] == ["gopay-doctor", "diagnose"], command
    options: dict[str, object] = {}
    dirs: list[str] = []
    rest = args[2:]
    while rest:
        option, value = rest.pop(0), rest.pop(0)
        if option == "--flow":
            options["flow"] = value
        else:
            assert option == "--flows-dir", command
            dirs.append(value)
    played = play(monkeypatch, steps, flows_dirs=tuple(dirs), **options)  # type: ignore[arg-type]
    return played.code


@pytest.mark.parametrize("named", [False, True])
def test_start_a_session_as_suggested(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, named: bool
) -> None:
    copy_mini(tmp_path, flow_id="other")
    folder = str(tmp_path / "flows")
    args = ("--flow", "other", "--flows-dir", folder) if named else ()
    run_ = cli("diagnose", "--resume", *args)
    command = hint(run_.err)
    assert command == (
        f"gopay-doctor diagnose --flow other --flows-dir {folder}"
        if named
        else "gopay-doctor diagnose"
    )
    steps: list[object] = (
        [("locked",), KeyboardInterrupt] if named else [("none",), KeyboardInterrupt]
    )
    assert follow(monkeypatch, command, steps) == 130
    assert cli("diagnose", "--resume", *args, "--defaults").code == 0


def test_start_over_as_suggested_when_the_flow_changed(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy_mini(tmp_path, flow_id="other")
    folder = str(tmp_path / "flows")
    play(monkeypatch, [("locked",), KeyboardInterrupt], flow="other", flows_dirs=(folder,))
    copy_mini(tmp_path, flow_id="other", version=3)
    run_ = cli("diagnose", "--resume")
    said = re.search(r"run (gopay-doctor diagnose .*) without --resume to start over", run_.err)
    assert said, run_.err
    assert said.group(1) == f"gopay-doctor diagnose --flow other --flows-dir {folder}"
    assert follow(monkeypatch, said.group(1), [("theft",), "done"]) == 0


def test_make_the_folder_private_as_suggested(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    folder = SessionStore("mini").folder
    folder.chmod(0o777)
    run_ = cli("diagnose", "--resume", "--defaults")
    command = hint(run_.err)
    assert command == f"chmod 700 '{folder}'"
    subprocess.run(["sh", "-c", command], check=True)
    assert cli("diagnose", "--resume", "--defaults").code == 0


def test_remove_it_as_suggested(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    path = SessionStore("mini").path
    path.chmod(0o666)
    run_ = cli("diagnose", "--resume")
    assert run_.err.endswith("; remove it to start over\n")
    path.unlink()
    assert play(monkeypatch, [("none",), "no", "done"]).code == 0  # started over


def test_remove_the_folder_as_suggested(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = SessionStore("mini").folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder", encoding="utf-8")
    run_ = cli("diagnose", "--resume")
    assert run_.err.endswith("remove it, and gopay-doctor makes a private one\n")
    folder.unlink()
    assert play(monkeypatch, [("locked",), KeyboardInterrupt]).code == 130
    assert cli("diagnose", "--resume", "--defaults").code == 0


# --- the other commands --------------------------------------------------------------------------


def test_check_the_invalid_flow_as_suggested(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "flows"
    folder.mkdir()
    shutil.copy(FIXTURES / "broken" / "dead-end.yaml", folder)
    listed = cli("flows", "list", "--flows-dir", str(folder)).out
    command = re.search(r"see them with: (gopay-doctor flows check \S+)\)", listed)
    assert command, listed
    args = shlex.split(command.group(1))[1:]
    run_ = cli(*args)
    assert run_.code == 1
    assert "dead-end.yaml:" in run_.out + run_.err


def test_run_the_network_check_as_suggested(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    run_ = cli("check")
    command = run_.out.rstrip("\n").split("\n")[-1].strip()
    assert command == "gopay-doctor check --check-network"
    network_file(tmp_path, [("127.0.0.1", servers.accepting, False, "reference")] * 2)
    run_ = cli(*shlex.split(command)[1:], "--flows-dir", str(tmp_path))
    assert run_.code == 0, run_.out
    assert run_.out.split("\n")[1].startswith("✓ Network: Your connection works")
    assert "Not run" not in run_.out


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        (("--flow", "suport-unreachable", "-a", "risk=none"), "support-unreachable"),
        (("-a", "rsik=none"), "risk"),
        (("-a", "risk=nnone"), "none"),
    ],
    ids=["flow", "question", "value"],
)
def test_did_you_mean_as_suggested(cli: CliRunner, wrong: tuple[str, ...], right: str) -> None:
    run_ = cli("diagnose", *wrong, "--defaults")
    said = re.search(r"\(did you mean '(\S+)'\?\)", run_.err)
    assert said, run_.err
    assert said.group(1) == right
    typo = {"support-unreachable": "suport-unreachable", "risk": "rsik", "none": "nnone"}[right]
    fixed = [arg.replace(typo, right) for arg in wrong]
    assert cli("diagnose", *fixed, "--defaults").code == 0, fixed


def test_choose_a_language_as_suggested(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_LANG", "fr")
    run_ = cli("check")
    assert run_.err == (
        "gopay-doctor: error: GOPAY_DOCTOR_LANG: unknown language 'fr'; choose one of: en, id, zh\n"
    )
    monkeypatch.setenv("GOPAY_DOCTOR_LANG", "id")
    assert cli("check").err == ""


def test_debug_as_suggested(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from gopay_doctor.commands import flows_list

    def broken(*_: object, **__: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(flows_list, "run", broken)
    run_ = cli("flows", "list")
    assert run_.err.endswith("(run again with --debug for the traceback)\n")
    again = cli("--debug", "flows", "list")
    assert "Traceback (most recent call last)" in again.err
    assert again.err.endswith("RuntimeError: boom); this is a bug, please report it\n")
