"""Reading input files within the size limit, without loading the YAML machinery.

Only regular files are read. A named pipe, socket or device given as a file (``--answers
/dev/stdin`` aside, which is ``-``) would make the program wait forever for a writer, or
read without end: it is refused at once, naming what it is. The kind is looked up before
the file is opened (opening some devices does something), and checked again on the open
file, which is opened without waiting (``O_NONBLOCK``), so a file swapped for a pipe
between the two cannot block either.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Files larger than this (8 MiB) are refused before they are parsed."""
IS_A_DIRECTORY = "is a directory, not a file"
NO_SUCH_FILE = "no such file"
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotRegularFile(OSError):
    """A path that names a pipe, socket, device or folder rather than a regular file."""

    def __init__(self, mode: int) -> None:
        what = kind(mode)
        super().__init__(
            errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL,
            IS_A_DIRECTORY if stat.S_ISDIR(mode) else f"is {what}, not a regular file",
        )


def kind(mode: int) -> str:
    """What a file of ``mode`` is, for messages: "a named pipe (FIFO)", "a socket"..."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def open_regular(path: Path | str, *, extra_flags: int = 0) -> tuple[int, os.stat_result]:
    """An open file descriptor of the regular file ``path``, and its status.

    Raises :class:`NotRegularFile` for anything else, without waiting, and ``OSError``
    when it cannot be opened. ``extra_flags`` are added to the open (``O_NOFOLLOW``).
    """
    before = os.stat(path) if not extra_flags & getattr(os, "O_NOFOLLOW", 0) else os.lstat(path)
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFile(before.st_mode)
    fd = os.open(path, _OPEN_FLAGS | extra_flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped since it was looked at
            raise NotRegularFile(info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_regular(path: Path | str, limit: int, *, extra_flags: int = 0) -> bytes:
    """Up to ``limit + 1`` bytes of the regular file ``path`` (errors as :func:`open_regular`)."""
    fd, _ = open_regular(path, extra_flags=extra_flags)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)


def why(exc: OSError) -> str:
    """What went wrong, in words, without the file name."""
    return exc.strerror or type(exc).__name__


def read_file(path: Path, name: str | None = None) -> bytes:
    """The bytes of ``path``, refused before reading when over :data:`MAX_FILE_BYTES`."""
    shown = name or str(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        raise GopayDoctorError(f"{shown}: {why(exc)}") from None
    except IsADirectoryError:
        raise GopayDoctorError(f"{shown}: {IS_A_DIRECTORY}") from None
    except (FileNotFoundError, NotADirectoryError):
        raise GopayDoctorError(f"{shown}: {NO_SUCH_FILE}") from None
    except OSError as exc:
        raise GopayDoctorError(f"{shown}: cannot read: {why(exc)}") from None
    except ValueError as exc:  # a NUL character in the name
        raise GopayDoctorError(f"{shown}: cannot read: {exc}") from None
    check_size(data, shown)
    return data


def read_stream(stream: BinaryIO | None, option: str) -> bytes:
    """The bytes of ``stream`` (default: standard input, for ``option``), within the same
    limit: no more than one byte past it is ever read."""
    name = "<stdin>"
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise GopayDoctorError(f"{option}: standard input is closed")
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise GopayDoctorError(f"{name}: cannot read: {exc.strerror or exc}") from None
    check_size(data, name)
    return data


def require_file(path: Path, name: str | None = None) -> None:
    """Raise the error :func:`read_file` would give for a path that is no regular file,
    without opening it (opening a named pipe would wait for a writer)."""
    shown = name or str(path)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise GopayDoctorError(f"{shown}: {NO_SUCH_FILE}") from None
    except OSError as exc:
        raise GopayDoctorError(f"{shown}: cannot read: {why(exc)}") from None
    except ValueError as exc:
        raise GopayDoctorError(f"{shown}: cannot read: {exc}") from None
    if not stat.S_ISREG(mode):
        raise GopayDoctorError(f"{shown}: {why(NotRegularFile(mode))}")


def check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise FileProblems(
            [Problem(name, 1, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")]
        )
