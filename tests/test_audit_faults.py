"""The smaller faults of the third audit, each through the real command line (#18).

* ``--force`` replaces only a regular file or a link to one: never a link to nothing or
  a link loop;
* a broken entry in a flows folder (a link loop or a link to nothing named ``*.yaml``, a
  pipe or socket at ``checks/*.yaml``, a ``catalog`` that is no folder) is refused and
  named, never skipped for the bundled data;
* the temporary files a killed write left are removed by the next write of the target,
  never one a write under way holds;
* a ``schema_version`` of thousands of digits, and standard output that is full or
  closed, are one-line errors (exit 2), never "this is a bug";
* quoted input is cut to a readable length with its size, and at most 20 problems are
  listed in an error (``flows check``: 1,000), then how many more there are;
* every usage error is one line, ``gopay-doctor: error: ...; see COMMAND --help``;
* bytes typed at a wizard question that read as a mouse report show no traceback;
* the library raises the project's errors, escaped as the command line shows them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import gopay_doctor
from gopay_doctor.answers import AnswerError
from gopay_doctor.errors import GopayDoctorError
from tests.conftest import FIXTURES, MINI, ROOT, CliRunner, guarded_env, run_process
from tests.terminal import DOWN, ENTER, SPACE, Terminal, env_for

SCRIPTED = ("diagnose", "-a", "risk=none", "--defaults", "--no-input")
LOOP = "Too many levels of symbolic links"
AUTO = FIXTURES / "auto" / "auto.yaml"
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, pipes and sockets")


def error(message: str) -> str:
    return f"gopay-doctor: error: {message}\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def result(cli: CliRunner, home: Path) -> Path:
    made = cli(*SCRIPTED, "--format", "json")
    assert made.code == 0, made.err
    (home / "r.json").write_text(made.out, encoding="utf-8")
    return home / "r.json"


# --- 3. --force replaces regular files only --------------------------------------------------


@posix
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda home: os.symlink(home / "gone.md", home / "out.md"),
            "is a symbolic link to nothing (its target does not exist); it is never replaced",
        ),
        (
            lambda home: os.symlink(home / "out.md", home / "out.md"),
            f"cannot write: {LOOP}; it is never replaced",
        ),
    ],
    ids=["dangling", "loop"],
)
def test_force_never_replaces_a_broken_link(
    cli: CliRunner, home: Path, result: Path, make: object, reason: str
) -> None:
    make(home)  # type: ignore[operator]
    target = os.readlink(home / "out.md")
    for args in [("export", "r.json", "-o", "out.md"), (*SCRIPTED, "-o", "out.md")]:
        for force in ([], ["--force"]):
            run = cli(*args, *force)
            assert (run.code, run.out, run.err) == (2, "", error(f"out.md: {reason}"))
    assert os.readlink(home / "out.md") == target
    assert sorted(p.name for p in home.iterdir()) == ["out.md", "r.json"]


# --- 4. broken entries in a flows folder are refused and named --------------------------------


@contextmanager
def listening(path: Path) -> Iterator[None]:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path.relative_to(Path.cwd())))
    server.listen()
    try:
        yield
    finally:
        server.close()


@posix
@pytest.mark.parametrize(
    "args",
    [(*SCRIPTED, "--auto"), ("check",), ("flows", "check")],
    ids=["diagnose --auto", "check", "flows check"],
)
def test_a_pipe_at_a_checks_data_file_is_refused(
    cli: CliRunner, home: Path, args: tuple[str, ...]
) -> None:
    """Not skipped for the bundled data, and never opened (a pipe would wait for a writer)."""
    (home / "DIR" / "checks").mkdir(parents=True)
    os.mkfifo(home / "DIR" / "checks" / "peak-periods.yaml")
    run = cli(*args, "--flows-dir", "DIR")
    message = "DIR/checks/peak-periods.yaml: is a named pipe (FIFO), not a regular file"
    assert (run.code, run.out, run.err) == (2, "", error(message))


@posix
def test_step_proposes_nothing_rather_than_the_bundled_data(cli: CliRunner, home: Path) -> None:
    """A check that cannot run leaves the question to be answered (as the wizard does, with
    the reason as its note); the bundled data never stands in for the folder's."""
    (home / "DIR" / "checks").mkdir(parents=True)
    os.mkfifo(home / "DIR" / "checks" / "peak-periods.yaml")
    run = cli("step", "--flow", str(AUTO), "--flows-dir", "DIR")
    assert run.code == 0, run.err
    assert json.loads(run.out)["question"]["proposal"] is None


@posix
def test_a_socket_at_the_network_file_is_refused(cli: CliRunner, home: Path) -> None:
    (home / "DIR" / "checks").mkdir(parents=True)
    with listening(home / "DIR" / "checks" / "network.yaml"):
        run = cli("check", "--check-network", "--flows-dir", "DIR")
        checked = cli("flows", "check", "DIR")
    line = error("DIR/checks/network.yaml: is a socket, not a regular file")
    assert (run.code, run.out, run.err) == (2, "", line)
    assert (checked.code, checked.err) == (2, line)


FLOWS_READERS = [(*SCRIPTED, "--auto"), ("flows", "check"), ("flows", "list")]
CHECKS_READERS = [(*SCRIPTED, "--auto"), ("flows", "check"), ("check",)]


@posix
@pytest.mark.parametrize(
    ("make", "message", "commands"),
    [
        (
            lambda d: os.mkfifo(d / "catalog"),
            "DIR/catalog: is a named pipe (FIFO), not a folder",
            FLOWS_READERS,
        ),
        (
            lambda d: (d / "checks").write_text("", encoding="utf-8"),
            "DIR/checks: is a regular file, not a folder",
            CHECKS_READERS,
        ),
        (
            lambda d: os.symlink(d / "nowhere.yaml", d / "mine.yaml"),
            "DIR/mine.yaml: is a symbolic link to nothing (its target does not exist)",
            FLOWS_READERS,
        ),
        (
            lambda d: os.symlink(d / "mine.yaml", d / "mine.yaml"),
            f"DIR/mine.yaml: cannot read: {LOOP}",
            FLOWS_READERS,
        ),
    ],
    ids=["pipe named catalog", "file named checks", "dangling link", "link loop"],
)
def test_a_broken_entry_is_named_by_every_command_that_reads_it(
    cli: CliRunner, home: Path, make: object, message: str, commands: list[tuple[str, ...]]
) -> None:
    (home / "DIR").mkdir()
    make(home / "DIR")  # type: ignore[operator]
    for args in commands:
        run = cli(*args, "--flows-dir", "DIR")
        assert (run.code, run.out, run.err) == (2, "", error(message)), args


def test_hidden_files_and_folders_named_like_data_files_are_still_skipped(
    cli: CliRunner, home: Path
) -> None:
    (home / "DIR" / "catalog" / "folder.yaml").mkdir(parents=True)
    (home / "DIR" / "catalog" / ".#lock.yaml").symlink_to(home / "nowhere")  # an editor's lock
    assert cli(*SCRIPTED, "--flows-dir", "DIR", "--format", "json").code == 0


# --- 5. leftover temporary files ---------------------------------------------------------------


def test_the_next_write_removes_what_a_killed_write_left(
    cli: CliRunner, home: Path, result: Path
) -> None:
    """Named as tempfile.mkstemp names them; the user's own files and another target's
    leftovers stay."""
    for name in (".out.html.k1ll3d00.tmp", ".out.html.x_2a9qz1.tmp"):
        (home / name).write_text("<html><body>half", encoding="utf-8")
    kept = [".out.html.backup.tmp", ".other.html.k1ll3d00.tmp"]
    for name in kept:
        (home / name).write_text("mine", encoding="utf-8")
    run = cli("export", "r.json", "-o", "out.html")
    assert run.code == 0, run.err
    assert sorted(p.name for p in home.iterdir()) == sorted([*kept, "out.html", "r.json"])


HOLDER = """
import sys
from pathlib import Path
from gopay_doctor.atomic import _temporary
fd, temp = _temporary(Path("out.html"), "out.html")
print(Path(temp).name, flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_write_under_way_keeps_its_file_until_it_is_killed(
    cli: CliRunner, home: Path, result: Path
) -> None:
    """A real process holds a temporary file of out.html, as a write under way does: the
    next export leaves it; once the process is killed (-9), the next export removes it."""
    env = guarded_env({**os.environ}, home / "net.log")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER],
        cwd=home,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        temp = holder.stdout.readline().strip()
        assert (home / temp).exists()
        assert cli("export", "r.json", "-o", "out.html").code == 0
        assert (home / temp).exists()  # held: a write under way
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert cli("export", "r.json", "-o", "out.html", "--force").code == 0
    assert sorted(p.name for p in home.iterdir()) == ["out.html", "r.json"]


# --- 6. a schema_version of thousands of digits --------------------------------------------


def test_a_huge_schema_version_is_a_clean_error(cli: CliRunner, home: Path) -> None:
    digits = "9" * 5000
    (home / "r.json").write_text(
        f'{{"schema_version": {digits}, "flow": {{"id": "mini"}}, "answers": {{}}}}',
        encoding="utf-8",
    )
    newer = (
        f"r.json:1:20: error: schema_version '{'9' * 60}…' (4.9 KiB) is newer than this "
        "gopay-doctor can read (1); upgrade gopay-doctor to use its answers\n"
    )
    for args in [("step", "--answers", "r.json"), ("diagnose", "--answers", "r.json")]:
        run = cli(*args)
        assert (run.code, run.out, run.err) == (2, "", newer)
    run = cli("export", "r.json")
    assert (run.code, run.err) == (
        2,
        "r.json:1:1: error: not valid JSON: a number has more than 4300 digits\n",
    )


# --- 7. standard output that cannot be written ------------------------------------------------


FULL = error("cannot write to standard output: No space left on device")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args",
    [
        ("export", "r.json"),
        (*SCRIPTED, "--format", "json"),
        ("step",),
        ("flows", "schema"),
        ("--help",),
    ],
    ids=["export", "diagnose", "step", "flows schema", "--help"],
)
@pytest.mark.cover_children
def test_a_full_standard_output_is_exit_2(home: Path, result: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "gopay_doctor", *args],
            cwd=home,
            env=guarded_env({**os.environ, "PYTHONIOENCODING": "utf-8"}, home / "net.log"),
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (2, FULL)


@posix
@pytest.mark.cover_children
def test_a_closed_standard_output_is_exit_2(home: Path) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -m gopay_doctor flows schema >&-', sys.executable],
        cwd=home,
        env=guarded_env({**os.environ}, home / "net.log"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (
        2,
        error("cannot write to standard output: it is closed"),
    )


# --- 8. quoted input is cut, problem lists are bounded --------------------------------------


def test_a_huge_answer_is_named_not_echoed(cli: CliRunner, home: Path) -> None:
    value = "a" * (1024 * 1024)
    (home / "a.json").write_text(json.dumps({"risk": value}), encoding="utf-8")
    run = cli("diagnose", "--answers", "a.json", "--defaults")
    assert (run.code, run.out) == (2, "")
    assert run.err == error(
        f"invalid answer '{'a' * 60}…' (1.0 MiB) for question 'risk' (from a.json:1:10); "
        "valid values: phone-lost, sim-or-code, shared-code, login-alert, logged-out, "
        "unrecognised-transactions, paid-scammer, code-requested, unexpected-otp, locked, none"
    )
    flag = cli("step", "-a", f"risk={'b' * 100_000}")
    assert flag.code == 2
    assert f"invalid answer '{'b' * 60}…' (97.7 KiB) for question 'risk' (from --answer " in (
        flag.err
    )
    assert len(flag.err) < 500


def test_a_huge_time_is_named_not_echoed(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "x" * 100_000)
    run = cli("check")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        error(
            f"GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: '{'x' * 60}…' (97.7 KiB) "
            "(for example 2026-11-11T19:40:00+07:00)"
        ),
    )


def test_thousands_of_problems_are_listed_up_to_a_bound(cli: CliRunner, home: Path) -> None:
    (home / "DIR" / "catalog").mkdir(parents=True)
    keys = "".join(f"    k{i}: 1\n" for i in range(1500))
    (home / "DIR" / "catalog" / "c.yaml").write_text(
        f"causes:\n  x:\n    title: a\n    explanation: b\n{keys}", encoding="utf-8"
    )
    run = cli(*SCRIPTED, "--flows-dir", "DIR")
    lines = run.err.splitlines()
    assert (run.code, len(lines)) == (2, 21)
    assert lines[0] == (
        "DIR/catalog/c.yaml:5:5: error: unknown key 'k0'; expected one of: title, explanation, "
        "sources [schema]"
    )
    assert lines[-1] == "gopay-doctor: error: … and 1480 more problems"
    checked = cli("flows", "check", "DIR", "--ignore", "unused-entry")
    assert len(checked.out.splitlines()) == 1001
    assert checked.out.splitlines()[-1] == (
        "… and 500 more problems (--format json lists every one)"
    )
    listed = cli("flows", "check", "DIR", "--ignore", "unused-entry", "--format", "json")
    assert len(json.loads(listed.out)) == 1500


# --- 9. every usage error is one line ----------------------------------------------------------


USAGE = [
    (("diagnose", "--bogus"), "no such option: --bogus; see gopay-doctor diagnose --help"),
    (
        ("diagnose", "--lnag", "id"),
        "no such option: --lnag (did you mean '--lang'?); see gopay-doctor diagnose --help",
    ),
    (
        ("diagnose", "--lang", "xx"),
        "invalid value for '--lang': 'xx' is not one of 'en', 'id', 'zh'; "
        "see gopay-doctor diagnose --help",
    ),
    (("export", "r.json", "-f", "pdf"), "no such option: -f; see gopay-doctor export --help"),
    (
        ("diagnose", "-f", "pdf"),
        "invalid value for '--format' / '-f': 'pdf' is not one of 'rich', 'text', 'markdown', "
        "'json', 'html'; see gopay-doctor diagnose --help",
    ),
    (("flows", "show"), "missing argument 'ID|PATH'; see gopay-doctor flows show --help"),
    (("diagnose", "-a"), "option '-a' requires an argument; see gopay-doctor diagnose --help"),
    (
        ("step", "--answers"),
        "option '--answers' requires an argument; see gopay-doctor step --help",
    ),
    (
        ("diagnoze",),
        "no such command 'diagnoze' (did you mean 'diagnose'?); see gopay-doctor --help",
    ),
    (("flows", "bogus"), "no such command 'bogus'; see gopay-doctor flows --help"),
    (("--bogus",), "no such option: --bogus; see gopay-doctor --help"),
    (("export",), "missing argument 'RESULT.json'; see gopay-doctor export --help"),
    (
        ("flows", "test", "--min-coverage", "200"),
        "invalid value for '--min-coverage': 200.0 is not in the range 0<=x<=100; "
        "see gopay-doctor flows test --help",
    ),
    (
        ("check", "--lang", "x" * 1000),
        f"invalid value for '--lang': '{'x' * 60}…' (1000 bytes) is not one of 'en', 'id', "
        "'zh'; see gopay-doctor check --help",
    ),
    (
        ("diagnose", "--" + "y" * 1000),
        f"no such option: '--{'y' * 58}…' (1002 bytes); see gopay-doctor diagnose --help",
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE, ids=[" ".join(a)[:30] for a, _ in USAGE])
def test_every_usage_error_is_one_line(cli: CliRunner, args: tuple[str, ...], message: str) -> None:
    run = cli(*args)
    assert (run.code, run.out, run.err) == (2, "", error(message))


def test_a_usage_error_is_one_line_from_a_real_process() -> None:
    run = run_process("flows", "show", cwd=ROOT)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        error("missing argument 'ID|PATH'; see gopay-doctor flows show --help"),
    )


# --- 10. bytes that read as a mouse report ----------------------------------------------------


@pytest.mark.cover_children
def test_typed_escape_bytes_show_no_traceback(tmp_path: Path) -> None:
    term = Terminal("diagnose", "--flow", str(MINI), env=env_for(tmp_path))
    term.wait_for("? What do you see?")
    term.press("\x1b[31m", DOWN)  # ESC [ 3 1 m, typed or pasted; then a key that shows
    term.wait_pointer("Account locked")
    assert "Traceback" not in term.text
    assert "Press ENTER" not in term.text
    term.press(SPACE, ENTER)
    term.wait_for("? Is it slow?")
    term.press(ENTER)
    term.wait_for("? What next?")
    term.press(ENTER)
    assert term.exit_status() == 0


# --- 11. the library and the decisions --------------------------------------------------------


@pytest.mark.parametrize(("key", "shown"), [(None, "nothing"), (3, "3"), (("a",), "a list")])
def test_the_library_refuses_a_key_that_is_not_text(key: object, shown: str) -> None:
    flow = gopay_doctor.load_flow(str(MINI))
    for call in (gopay_doctor.step, gopay_doctor.diagnose):
        with pytest.raises(AnswerError) as caught:
            call(flow, {key: "none"})  # type: ignore[dict-item]
        assert str(caught.value) == f"a question id must be text, got {shown}"


def test_library_messages_are_escaped_as_the_command_line_shows_them(home: Path) -> None:
    with pytest.raises(GopayDoctorError) as caught:
        gopay_doctor.load_flow("./\x1b]0;owned\x07.yaml")
    assert str(caught.value) == "--flow ./\\x1b]0;owned\\x07.yaml: no such file"


def test_the_language_variable_takes_any_case(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-07-07T10:05:00+07:00")
    monkeypatch.setenv("GOPAY_DOCTOR_LANG", "ID")
    assert cli("check").out.startswith("✓ Masa sibuk: Sekarang pukul 10.05 WIB")


def test_an_answer_keeps_its_spaces(cli: CliRunner) -> None:
    """Never coerced: the space is kept, and the value refused with a hint, as in a file."""
    run = cli("diagnose", "-a", "risk=none", "-a", "source= in-app", "--defaults")
    assert (run.code, run.err) == (
        2,
        error(
            "invalid answer ' in-app' for question 'source' (from --answer source= in-app); "
            "valid values: in-app, official-site, official-social, elsewhere, saved-long-ago "
            "(did you mean 'in-app'?)"
        ),
    )
    ticked = cli("step", "-a", "risk=phone-lost, locked")  # a comma may have spaces around it
    assert ticked.code == 0, ticked.err
