"""Writing a file so that it is either completely there or not changed at all.

:func:`write_file` writes the whole content to a temporary file in the target's
directory, flushes and fsyncs it, then moves it into place in one step and fsyncs the
directory. Without ``force`` an existing file is never replaced: the move is a hard
link, which fails if the name exists, even when another program created it a moment
ago. With ``force`` only a regular file (or a link to one) is replaced: never a device,
pipe or socket (as root, ``-o /dev/null --force`` would otherwise put a file in its
place), nor a link to nothing or a link loop. On any failure the temporary file is
removed and the target is untouched.

A write killed outright (``kill -9``, a power cut) can leave its temporary file behind
(``.out.md.k3j9x2aa.tmp``): the next write of the same target removes it
(:func:`remove_leftovers`). A temporary file is locked while its write is under way, so
only those of writes that have ended are removed, never one another process is writing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from gopay_doctor.contract.files import kind
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.plaintext import inert

if sys.platform != "win32":
    import fcntl

LOCKS = sys.platform != "win32"
"""Whether a temporary file can be locked while it is written (``flock``): where it cannot,
it is closed before it is moved into place, and leftovers stay."""
_TEMP = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
"""The name ``tempfile.mkstemp`` gives a temporary file of ``name`` (8 random characters)."""


class WriteError(GopayDoctorError):
    """A file could not be written; the message names it and says why. Nothing was changed."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(inert(f"{name}: {reason}"))
        self.name = name
        self.reason = reason


def check_target(path: Path, *, force: bool = False, name: str | None = None) -> None:
    """Raise :class:`WriteError` now if ``path`` cannot be written, before any work is done.

    The checks are repeated by :func:`write_file`; this only lets a program fail early.
    """
    shown = name or str(path)
    parent = _parent(path)
    try:
        parent_mode = os.stat(parent).st_mode
    except FileNotFoundError:
        raise WriteError(shown, f"no such directory '{parent}'") from None
    except (OSError, ValueError) as exc:
        raise WriteError(shown, f"cannot open directory '{parent}': {_reason(exc)}") from None
    if not stat.S_ISDIR(parent_mode):
        raise WriteError(shown, f"'{parent}' is not a directory")
    _check_existing(path, shown, force=force)
    if not os.access(parent, os.W_OK | os.X_OK):
        why = "read-only file system" if _read_only(parent) else "permission denied"
        raise WriteError(shown, f"cannot write in directory '{parent}': {why}")


def _check_existing(path: Path, shown: str, *, force: bool) -> None:
    """Refuse a target that is not a regular file (or a link to one), or that exists
    when ``force`` was not given."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise WriteError(shown, f"cannot write: {_reason(exc)}") from None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise WriteError(
                shown,
                "is a symbolic link to nothing (its target does not exist); it is never replaced",
            ) from None
        except OSError as exc:  # a link loop (ELOOP)
            raise WriteError(shown, f"cannot write: {_reason(exc)}; it is never replaced") from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(shown, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(
            shown, f"is {kind(info.st_mode)}, not a regular file; it is never replaced"
        )
    if not force:
        raise WriteError(shown, "already exists; pass --force to replace it")


def _read_only(folder: Path) -> bool:
    """Whether ``folder`` lies on a file system mounted read-only."""
    try:
        return bool(os.statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1))
    except (OSError, AttributeError):
        return False


def write_file(
    path: Path,
    data: bytes,
    *,
    force: bool = False,
    name: str | None = None,
    mode: int | None = None,
) -> None:
    """Write ``data`` to ``path`` atomically; replace an existing file only with ``force``.

    Raises :class:`WriteError` (exit status 2) with one line naming the file and the reason.
    The file gets ``mode`` if given; otherwise a new file gets the usual permissions
    (``0o666`` less the umask) and a replaced file keeps its own.
    """
    shown = name or str(path)
    check_target(path, force=force, name=shown)
    parent = _parent(path)
    remove_leftovers(path)
    fd, temp = _temporary(path, shown)
    try:
        try:
            _write_all(fd, data)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _mode_for(path) if mode is None else mode)
            os.fsync(fd)
            if LOCKS:  # moved while still locked, so no other write takes it for a leftover
                _move(temp, path, force=force, shown=shown)
        finally:
            os.close(fd)
        if not LOCKS:
            _move(temp, path, force=force, shown=shown)
    except BaseException as exc:
        _remove(temp)
        if isinstance(exc, FileExistsError):
            raise WriteError(shown, "already exists; pass --force to replace it") from None
        if isinstance(exc, IsADirectoryError):
            raise WriteError(shown, "is a directory, not a file") from None
        if isinstance(exc, OSError):
            raise WriteError(shown, f"cannot write: {_reason(exc)}") from None
        raise
    _sync_directory(parent)


def _temporary(path: Path, shown: str) -> tuple[int, str]:
    """A new temporary file beside ``path``, open and locked (where locks exist)."""
    while True:
        try:
            fd, temp = tempfile.mkstemp(dir=_parent(path), prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise WriteError(shown, f"cannot write: {_reason(exc)}") from None
        if _lock(fd) is not False and os.fstat(fd).st_nlink > 0:
            return fd, temp
        os.close(fd)  # another write took it for a leftover before it was locked: again


def _lock(fd: int) -> bool | None:
    """Lock the open file ``fd`` for this process: True when it is locked, False when
    another process holds it, None when it cannot be locked here (a file system without
    locks, a system without ``flock``)."""
    if not LOCKS:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return False if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES) else None
    return True


def remove_leftovers(path: Path) -> None:
    """Remove the temporary files of ``path`` that writes which were killed left behind.

    Only names :func:`write_file` gives (``.NAME.XXXXXXXX.tmp``), only regular files, and
    only those this process can lock: a write under way in another process holds its own
    locked. Where files cannot be locked nothing is removed (a write under way could not
    be told from a leftover). Whatever cannot be removed is left, silently: the write
    itself goes on.
    """
    parent = _parent(path)
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for found in names:
        match = _TEMP.fullmatch(found)
        if match is None or match.group("name") != path.name:
            continue
        temp = parent / found
        try:
            fd = os.open(
                temp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            )
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd):
                _remove(str(temp))  # removed while locked: no write can be taking it now
        finally:
            os.close(fd)


def _parent(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _mode_for(path: Path) -> int:
    """The existing file's permissions, or those a new file would get from the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _move(temp: str, path: Path, *, force: bool, shown: str) -> None:
    if force:
        _check_existing(path, shown, force=True)  # not swapped for a device meanwhile
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)  # fails if the name exists: no check-then-write race
    except OSError as exc:
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EXDEV,
            errno.ENOSYS,
        ):
            raise
        # a file system without hard links: check, then move (a tiny race remains)
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, "File exists") from None
        os.replace(temp, path)
    else:
        _remove(temp)  # the data now has its own name


def _remove(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def _sync_directory(directory: Path) -> None:
    """Make the new name durable; not every system can open a directory for this."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _reason(exc: OSError | ValueError) -> str:
    """``exc``'s description without the file name, as the user sees it."""
    if isinstance(exc, ValueError):
        return str(exc)
    return exc.strerror or type(exc).__name__
