"""Atomic writes: a file is written whole or not at all, and never replaced without --force.

Each failure leaves the old file byte for byte as it was and no temporary file behind:
an existing file, a directory as target, a missing directory, no permission (a real
read-only directory; as root, whom modes do not stop, an immutable one), a full disk
(``RLIMIT_FSIZE`` in a subprocess) and failures injected at every system call.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from gopay_doctor import atomic, export
from gopay_doctor.atomic import WriteError, write_file
from tests.conftest import MINI, ROOT, CliRunner

OLD = b"- [x] a step I already ticked\n"
NEW = b"# a new checklist\n" * 400  # 7,200 bytes
NOW = "2026-11-25T14:32:05+07:00"


def names(folder: Path) -> list[str]:
    """Every entry, so a temporary file left behind shows up."""
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "checklist.md"
    path.write_bytes(OLD)
    return path


def test_a_new_file_is_written_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    write_file(target, NEW)
    assert target.read_bytes() == NEW
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert names(tmp_path) == ["new.md"]


def test_an_existing_file_is_never_replaced_without_force(old_file: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_file(old_file, NEW)
    assert str(info.value) == f"{old_file}: already exists; pass --force to replace it"
    assert info.value.exit_code == 2
    assert old_file.read_bytes() == OLD
    assert names(old_file.parent) == ["checklist.md"]


def test_force_replaces_it_and_keeps_its_permissions(old_file: Path) -> None:
    old_file.chmod(0o600)
    write_file(old_file, NEW, force=True)
    assert old_file.read_bytes() == NEW
    assert old_file.stat().st_mode & 0o777 == 0o600
    assert names(old_file.parent) == ["checklist.md"]


def test_a_file_that_appears_after_the_check_is_not_replaced(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The move is a hard link, which fails on an existing name: no check-then-write race."""
    monkeypatch.setattr(atomic, "check_target", lambda *args, **kwargs: None)
    with pytest.raises(WriteError, match=r"already exists; pass --force to replace it$"):
        write_file(old_file, NEW)
    assert old_file.read_bytes() == OLD
    assert names(old_file.parent) == ["checklist.md"]


def test_without_hard_links_the_move_still_refuses_an_existing_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_file(old_file.parent / "other.md", NEW)
    assert (old_file.parent / "other.md").read_bytes() == NEW
    monkeypatch.setattr(atomic, "check_target", lambda *args, **kwargs: None)
    with pytest.raises(WriteError, match="already exists"):
        write_file(old_file, NEW)
    assert old_file.read_bytes() == OLD
    assert names(old_file.parent) == ["checklist.md", "other.md"]


def test_a_directory_as_target(tmp_path: Path) -> None:
    (tmp_path / "out.md").mkdir()
    (tmp_path / "out.md" / "inside").write_bytes(OLD)
    for force in (False, True):
        with pytest.raises(WriteError) as info:
            write_file(tmp_path / "out.md", NEW, force=force)
        assert str(info.value) == f"{tmp_path / 'out.md'}: is a directory, not a file"
    assert names(tmp_path) == ["out.md"]
    assert (tmp_path / "out.md" / "inside").read_bytes() == OLD


def test_a_missing_directory_and_a_file_as_directory(old_file: Path) -> None:
    folder = old_file.parent
    with pytest.raises(WriteError) as info:
        write_file(folder / "nope" / "x.md", NEW, name="nope/x.md")
    assert str(info.value) == f"nope/x.md: no such directory '{folder / 'nope'}'"
    with pytest.raises(WriteError) as info:
        write_file(old_file / "x.md", NEW, name="checklist.md/x.md")
    assert str(info.value) == f"checklist.md/x.md: '{old_file}' is not a directory"
    assert old_file.read_bytes() == OLD
    assert names(folder) == ["checklist.md"]


def _enospc(fd: int, data: bytes) -> None:
    os.write(fd, data[: len(data) // 2])  # half of it reached the disk
    raise OSError(errno.ENOSPC, "No space left on device")


def _fails(code: int) -> Callable[..., None]:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("where", "replacement", "force", "reason"),
    [
        ("_write_all", _enospc, True, "No space left on device"),
        ("_write_all", _enospc, False, "No space left on device"),
        ("os.fsync", _fails(errno.EIO), True, "Input/output error"),
        ("os.replace", _fails(errno.EACCES), True, "Permission denied"),
        ("os.link", _fails(errno.EACCES), False, "Permission denied"),
        ("tempfile.mkstemp", _fails(errno.EROFS), True, "Read-only file system"),
    ],
)
def test_a_failure_at_any_step_changes_nothing(
    old_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    replacement: Callable[..., None],
    force: bool,
    reason: str,
) -> None:
    target = old_file if force else old_file.parent / "new.md"
    module, _, name = where.rpartition(".")
    owner = {"": atomic, "os": os, "tempfile": tempfile}[module]
    monkeypatch.setattr(owner, name, replacement)
    with pytest.raises(WriteError) as info:
        write_file(target, NEW, force=force)
    assert str(info.value) == f"{target}: cannot write: {reason}"
    assert old_file.read_bytes() == OLD
    assert names(old_file.parent) == ["checklist.md"]


def test_an_interrupted_write_leaves_no_temporary_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_file(old_file, NEW, force=True)
    assert old_file.read_bytes() == OLD
    assert names(old_file.parent) == ["checklist.md"]


# --- through the real command line, in a subprocess ------------------------------------------


def saved_result(cli: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", NOW)
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-f", "json")
    assert run.code == 0
    path = folder / "result.json"
    path.write_text(run.out, encoding="utf-8")
    path.chmod(0o644)
    return path


def export_in_subprocess(
    folder: Path, *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": str(ROOT),
        "GOPAY_DOCTOR_NOW": NOW,
    }
    if preexec is not None:  # a program whose files are limited cannot save coverage data
        env.pop("COVERAGE_PROCESS_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "gopay_doctor", "export", "result.json", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=preexec,
    )


def _small_disk() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
@pytest.mark.parametrize("force", [True, False])
def test_a_full_disk_changes_nothing(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    force: bool,
) -> None:
    saved_result(cli, tmp_path, monkeypatch)
    name = "checklist.html" if force else "new.html"
    (tmp_path / "checklist.html").write_bytes(OLD)
    extra = ["--force"] if force else []
    run = export_in_subprocess(tmp_path, "-o", name, *extra, preexec=_small_disk)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"gopay-doctor: error: {name}: cannot write: File too large\n"
    assert (tmp_path / "checklist.html").read_bytes() == OLD
    assert names(tmp_path) == ["checklist.html", "result.json"]
    # the same export fits without the limit
    ok = export_in_subprocess(tmp_path, "-o", name, "--force")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for this process: by its mode, or, as root (whom modes do not
    stop), with the file system's immutable flag; skipped where neither is possible."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not sys.platform.startswith("linux"):
        pytest.skip("root cannot make a read-only folder on this system")
    import fcntl
    import struct

    get_flags, set_flags, immutable = 0x80086601, 0x40086602, 0x10
    fd = os.open(folder, os.O_RDONLY)
    try:
        flags = struct.unpack("l", fcntl.ioctl(fd, get_flags, struct.pack("l", 0)))[0]
        fcntl.ioctl(fd, set_flags, struct.pack("l", flags | immutable))
    except OSError as exc:
        os.close(fd)
        pytest.skip(f"root cannot make a read-only folder here ({exc.strerror})")
    try:
        yield
    finally:
        fcntl.ioctl(fd, set_flags, struct.pack("l", flags))
        os.close(fd)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("early_check", [True, False])
@pytest.mark.parametrize("force", [True, False])
def test_a_read_only_directory_changes_nothing(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    force: bool,
    early_check: bool,
) -> None:
    """Refused by the early check, and by the system itself when the check is skipped."""
    saved_result(cli, tmp_path, monkeypatch)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "checklist.md").write_bytes(OLD)
    monkeypatch.chdir(tmp_path)
    if not early_check:
        for module in (atomic, export):  # the check when planning, and when writing
            monkeypatch.setattr(module, "check_target", lambda *args, **kwargs: None)
    name = "locked/checklist.md" if force else "locked/new.md"
    with read_only(locked):
        run = cli("export", "result.json", "-o", name, *(["--force"] if force else []))
    assert (run.code, run.out) == (2, "")
    if early_check:
        assert run.err == (
            f"gopay-doctor: error: {name}: cannot write in directory 'locked': permission denied\n"
        )
    else:  # as root the immutable flag says "not permitted"
        assert run.err in (
            f"gopay-doctor: error: {name}: cannot write: Permission denied\n",
            f"gopay-doctor: error: {name}: cannot write: Operation not permitted\n",
        )
    assert (locked / "checklist.md").read_bytes() == OLD
    assert names(locked) == ["checklist.md"]


def test_a_permission_error_from_the_system_is_one_line(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Also when the early check passes (as root, or on a file system that lies)."""
    saved_result(cli, tmp_path, monkeypatch)
    (tmp_path / "checklist.md").write_bytes(OLD)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "replace", _fails(errno.EACCES))
    run = cli("export", "result.json", "-o", "checklist.md", "--force")
    assert (run.code, run.out) == (2, "")
    assert run.err == "gopay-doctor: error: checklist.md: cannot write: Permission denied\n"
    assert (tmp_path / "checklist.md").read_bytes() == OLD
    assert names(tmp_path) == ["checklist.md", "result.json"]


def test_a_saved_result_is_not_needed_twice(cli: CliRunner, tmp_path: Path) -> None:
    """The export of a result and the result file are independent: overwrite the input."""
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-f", "json")
    saved = tmp_path / "result.json"
    saved.write_text(run.out, encoding="utf-8")
    again = cli("export", str(saved), "-o", str(saved), "--force")
    assert again.code == 0, again.err
    assert json.loads(saved.read_text(encoding="utf-8"))["outcome"]["id"] == "danger"
