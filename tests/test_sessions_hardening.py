"""Saved sessions that nobody else can write, interrupts that save, and two wizards (#13).

Through the real command line: the wizard in a real pseudo-terminal (signals sent with
``os.kill`` by another process, the test), ``--resume`` in and out of process.

* the state and sessions folders are 0700 and session files 0600 whatever the umask;
  a folder or file another user owns or may write, or a session path that is a pipe,
  link or folder, is refused at once (exit 2), never read;
* SIGINT from another process while a question is shown is Ctrl-C (answers saved, one
  line, exit 130); SIGTERM and SIGHUP save too (exit 143 and 129);
* a second wizard on the same flow is told its answers will not be saved, and the first
  one's session is neither offered to it, nor overwritten, nor removed;
* temporary files left by a killed save are removed by the next save.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MINI, CliRunner
from tests.terminal import DOWN, ENTER, SPACE, Terminal, env_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals, modes and owners"),
]

SAVED = "gopay-doctor: cancelled. Your answers are saved. To go on:"
GO_ON = "  gopay-doctor diagnose --resume"
"""The Ctrl-C lines: the command on a line of its own."""
OTHER_USER = 65534  # nobody
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def state(tmp_path: Path) -> Path:
    return tmp_path / "state" / "gopay-doctor"


def session_file(tmp_path: Path) -> Path:
    return state(tmp_path) / "sessions" / "mini.json"


def mini(tmp_path: Path, *args: str, umask: str | None = None) -> Terminal:
    env = env_for(tmp_path)
    if umask is None:
        return Terminal("diagnose", "--flow", str(MINI), *args, env=env)
    line = f'umask {umask}; exec "$0" -m gopay_doctor diagnose --flow "$1"'
    return Terminal(env=env, command=["sh", "-c", line, sys.executable, str(MINI)])


def answer_first(term: Terminal) -> None:
    """Tick "Account locked" at the first question; wait for the second."""
    term.wait_for("? What do you see?")
    term.press(DOWN, SPACE, ENTER)
    term.wait_for("? Is it slow?")


def saved_answers(tmp_path: Path) -> dict[str, object]:
    data = json.loads(session_file(tmp_path).read_text(encoding="utf-8"))
    return {a["question"]: a["value"] for a in data["answers"]}


def screen(term: Terminal) -> str:
    """The screen's rows one after the other: a line the terminal wrapped reads whole."""
    return "".join(term.screen.display)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- interrupts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGINT, 130, SAVED),
        (signal.SIGTERM, 143, SAVED.replace("cancelled.", "cancelled (SIGTERM).")),
        (signal.SIGHUP, 129, SAVED.replace("cancelled.", "cancelled (SIGHUP).")),
    ],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_a_signal_from_another_process_saves_the_answers(
    tmp_path: Path, signum: int, code: int, line: str
) -> None:
    term = mini(tmp_path)
    answer_first(term)
    os.kill(term.child.pid, signum)
    assert term.exit_status() == code
    assert term.text.count("gopay-doctor: cancelled") == 1
    assert line in screen(term)
    assert GO_ON in screen(term)
    assert saved_answers(tmp_path) == {"signs": ["locked"]}
    assert "Traceback" not in term.text


def test_sigint_at_the_first_question_says_nothing_is_saved(tmp_path: Path) -> None:
    term = mini(tmp_path)
    term.wait_for("? What do you see?")
    os.kill(term.child.pid, signal.SIGINT)
    assert term.exit_status() == 130
    assert "gopay-doctor: cancelled. No answer yet, so nothing is saved." in screen(term)
    assert not session_file(tmp_path).exists()


def test_sigterm_at_the_result_menu_saves_too(tmp_path: Path) -> None:
    term = mini(tmp_path)
    answer_first(term)
    term.press(ENTER)  # slow: no
    term.wait_for("? What next?")
    os.kill(term.child.pid, signal.SIGTERM)
    assert term.exit_status() == 143
    assert saved_answers(tmp_path) == {"signs": ["locked"], "slow": "no"}


# --- private state, whatever the umask ------------------------------------------------------------


def test_folders_and_files_are_private_under_umask_000(tmp_path: Path) -> None:
    term = mini(tmp_path, umask="000")
    answer_first(term)
    os.kill(term.child.pid, signal.SIGINT)
    assert term.exit_status() == 130
    assert mode(tmp_path / "state") == 0o700  # created by gopay-doctor: XDG asks for 0700
    assert mode(state(tmp_path)) == 0o700
    assert mode(state(tmp_path) / "sessions") == 0o700
    assert mode(session_file(tmp_path)) == 0o600
    assert mode(session_file(tmp_path).with_suffix(".lock")) == 0o600


def plant(tmp_path: Path) -> Path:
    """A valid saved session of mini, as a user would leave it."""
    path = session_file(tmp_path)
    path.parent.mkdir(parents=True)
    for folder in (tmp_path / "state", state(tmp_path), path.parent):
        folder.chmod(0o700)
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "flow_id": "mini",
                "flow_version": 2,
                "flow_ref": str(MINI),
                "lang": "en",
                "answers": [{"question": "signs", "value": ["locked"], "source": "prompt"}],
            }
        ),
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def resume(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    run = cli("diagnose", "--resume", "--defaults", "--no-input")
    return run.code, run.err


def test_a_private_session_resumes(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(tmp_path)
    assert resume(cli, tmp_path, monkeypatch) == (0, "")


@pytest.mark.parametrize("where", ["state", "sessions"])
def test_a_folder_others_may_write_is_refused(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = plant(tmp_path)
    folder = state(tmp_path) if where == "state" else path.parent
    folder.chmod(0o777)
    assert resume(cli, tmp_path, monkeypatch) == (
        2,
        f"gopay-doctor: error: the saved sessions folder {folder} cannot be trusted: other "
        f"users may write to it (mode 0777); make it private with: chmod 700 '{folder}'\n",
    )
    assert path.exists()


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_what_another_user_owns_is_refused(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    path = plant(tmp_path)
    owned = path.parent if what == "folder" else path
    os.chown(owned, OTHER_USER, OTHER_USER)
    code, err = resume(cli, tmp_path, monkeypatch)
    assert code == 2
    if what == "folder":
        assert err == (
            f"gopay-doctor: error: the saved sessions folder {owned} cannot be trusted: it "
            f"belongs to another user (uid {OTHER_USER}); remove it, and gopay-doctor makes a "
            "private one\n"
        )
    else:
        assert err == (
            f"gopay-doctor: error: the saved session {path} cannot be trusted: it belongs to "
            f"another user (uid {OTHER_USER}); remove it to start over\n"
        )


def test_a_session_file_others_may_write_is_refused(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = plant(tmp_path)
    path.chmod(0o666)
    assert resume(cli, tmp_path, monkeypatch) == (
        2,
        f"gopay-doctor: error: the saved session {path} cannot be trusted: other users may "
        "write to it (mode 0666); remove it to start over\n",
    )


@pytest.mark.parametrize("kind", ["pipe", "link"])
def test_a_session_path_that_is_no_regular_file_is_refused(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = plant(tmp_path)
    real = path.with_name("real.data")
    path.rename(real)
    if kind == "pipe":
        os.mkfifo(path)
        what = "a named pipe (FIFO)"
    else:
        path.symlink_to(real)
        what = "a symbolic link"
    assert resume(cli, tmp_path, monkeypatch) == (
        2,
        f"gopay-doctor: error: the saved session {path} is {what}, not a regular file; "
        "remove it to start over\n",
    )


def test_a_pipe_at_the_session_path_stops_the_wizard_at_once(tmp_path: Path) -> None:
    """Before, the wizard hung here before its first question."""
    path = plant(tmp_path)
    path.unlink()
    os.mkfifo(path)
    term = mini(tmp_path)
    term.wait_for("not a regular file")
    assert term.exit_status() == 2
    assert (
        f"gopay-doctor: error: the saved session {path} is a named pipe (FIFO), not a "
        "regular file; remove it to start over"
    ) in screen(term)
    assert "?" not in term.text
    assert stat.S_ISFIFO(path.stat().st_mode)


# --- two wizards on one flow ---------------------------------------------------------------------

BUSY = (
    "Another gopay-doctor wizard is answering this flow and keeps its saved answers, so the "
    "answers you give here will not be saved."
)


def test_a_second_wizard_is_told_and_the_first_keeps_its_answers(tmp_path: Path) -> None:
    first = mini(tmp_path)
    answer_first(first)  # saved: signs = locked

    second = mini(tmp_path)
    second.wait_for("? What do you see?")
    assert f"gopay-doctor: warning: {BUSY}" in screen(second)
    assert "unfinished answers" not in second.text  # the first one's session is not offered
    second.press(ENTER)  # nothing ticked: asked again
    second.press(SPACE, ENTER)  # Money missing
    second.wait_for("Money at risk", "? What next?")
    second.press(ENTER)  # Done: the first one's session is not removed
    assert second.exit_status() == 0
    assert saved_answers(tmp_path) == {"signs": ["locked"]}

    third = mini(tmp_path)
    third.wait_for("? What do you see?")
    os.kill(third.child.pid, signal.SIGINT)
    assert third.exit_status() == 130
    assert f"gopay-doctor: cancelled. {BUSY}" in screen(third)
    assert saved_answers(tmp_path) == {"signs": ["locked"]}

    first.press(ENTER)  # slow: no
    first.wait_for("? What next?")
    os.kill(first.child.pid, signal.SIGINT)
    assert first.exit_status() == 130
    assert saved_answers(tmp_path) == {"signs": ["locked"], "slow": "no"}


def test_once_the_first_wizard_ends_the_next_one_saves_again(tmp_path: Path) -> None:
    first = mini(tmp_path)
    answer_first(first)
    os.kill(first.child.pid, signal.SIGKILL)  # even killed: the system drops its lock
    first.child.wait()
    second = mini(tmp_path)
    second.wait_for("You have unfinished answers from")
    assert "warning" not in second.text
    os.kill(second.child.pid, signal.SIGINT)
    assert second.exit_status() == 130


@pytest.mark.cover_children
def test_temporary_files_a_killed_save_left_are_removed_by_the_next_save(tmp_path: Path) -> None:
    folder = plant(tmp_path).parent
    # named as tempfile.mkstemp names them: 8 random characters (atomic.remove_leftovers)
    leftovers = [folder / ".mini.json.k1ll3d00.tmp", folder / ".mini.json.x_2a9qz1.tmp"]
    for leftover in leftovers:
        leftover.write_text('{"format": 1', encoding="utf-8")
    other = folder / ".other.json.abcdefgh.tmp"  # another flow's: not this save's business
    other.write_text("{", encoding="utf-8")
    term = mini(tmp_path)
    term.wait_for("You have unfinished answers from")
    term.press(ENTER)  # continue
    term.wait_for("? Is it slow?")
    os.kill(term.child.pid, signal.SIGINT)
    assert term.exit_status() == 130
    assert sorted(p.name for p in folder.iterdir()) == [
        ".other.json.abcdefgh.tmp",
        "mini.json",
        "mini.lock",
    ]


@pytest.mark.cover_children
def test_a_terminal_that_hangs_up_saves_the_answers(tmp_path: Path) -> None:
    """The terminal goes away (its last descriptor closed): the kernel sends SIGHUP, and
    the prompt can no longer write; the answers are saved all the same."""
    err = tmp_path / "stderr.txt"
    line = 'exec "$0" -m gopay_doctor diagnose --flow "$1" 2>"$2"'
    term = Terminal(
        env=env_for(tmp_path),
        command=["sh", "-c", line, sys.executable, str(MINI), str(err)],
    )
    answer_first(term)
    pid = term.child.pid
    # close the terminal's last descriptor through its owner, so that nothing closes the
    # number again once another test's terminal has it: the kernel hangs up
    term.child.ptyproc.fileobj.close()
    term.child.ptyproc.closed = True
    term.child.child_fd = -1
    term.child.closed = True
    deadline = time.monotonic() + 15
    while (status := os.waitpid(pid, os.WNOHANG))[0] == 0:
        assert time.monotonic() < deadline, "the program did not end after the hang-up"
        time.sleep(0.05)
    assert os.waitstatus_to_exitcode(status[1]) == 129
    assert (
        err.read_text(encoding="utf-8")
        == SAVED.replace("cancelled.", "cancelled (SIGHUP).") + "\n" + GO_ON + "\n"
    )
    assert saved_answers(tmp_path) == {"signs": ["locked"]}
