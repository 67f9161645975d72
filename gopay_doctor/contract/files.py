"""Reading input files within the size limit, without loading the YAML machinery."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Files larger than this (8 MiB) are refused before they are parsed."""
IS_A_DIRECTORY = "is a directory, not a file"
NO_SUCH_FILE = "no such file"


def read_file(path: Path, name: str | None = None) -> bytes:
    """The bytes of ``path``, refused before reading when over :data:`MAX_FILE_BYTES`."""
    shown = name or str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise GopayDoctorError(f"{shown}: {IS_A_DIRECTORY}") from None
    except FileNotFoundError:
        raise GopayDoctorError(f"{shown}: {NO_SUCH_FILE}") from None
    except OSError as exc:
        raise GopayDoctorError(f"{shown}: cannot read: {exc.strerror or exc}") from None
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
    if path.is_file():
        return
    if path.is_dir():
        raise GopayDoctorError(f"{shown}: {IS_A_DIRECTORY}")
    if not path.exists():
        raise GopayDoctorError(f"{shown}: {NO_SUCH_FILE}")
    raise GopayDoctorError(f"{shown}: not a regular file")


def check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise FileProblems(
            [Problem(name, 1, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")]
        )
