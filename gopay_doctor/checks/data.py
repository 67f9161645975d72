"""Reading the checks' data files: ``checks/<name>.yaml`` in a flows folder.

The bundled ones live in ``flows/checks/``. A flows folder added with ``--flows-dir``
or ``GOPAY_DOCTOR_FLOWS_DIR`` may hold its own ``checks/`` folder; the last folder that
has a file replaces it as a whole (files are not merged). Which files there are is
:mod:`gopay_doctor.contract.folder`'s business; each check declares its file's record.

:func:`read` is the one way a data file is read and validated, whether a check uses it
or ``flows check`` looks for its problems. Its texts (the names of peak periods and of
network hosts) are shown by ``check``, ``step`` and the result, so they are held to the
safety rules where the file is read (:mod:`gopay_doctor.contract.safety`), unless its
bytes are those of a bundled file judged when the package was made.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

from gopay_doctor.contract import safety
from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.files import read_file
from gopay_doctor.contract.folder import (
    CHECKS_DIR,
    Sources,
    bundled_dir,
    check_data_file,
    display_name,
)
from gopay_doctor.contract.loading import digest, read_document
from gopay_doctor.contract.verified import VERIFIED
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.errors import FileProblems, Problem


class DataRecord(Protocol):
    """A data file's record: it checks what its types cannot say."""

    def check_values(self, doc: Document) -> None:
        """Raise :class:`FileProblems`, positioned in ``doc``, for each bad value."""

    def dated_problems(self, doc: Document, today: dt.date) -> list[Problem]:
        """What a flow author should hear on ``today``: data that has run out or aged."""


R = TypeVar("R", bound=DataRecord)


def find(name: str, dirs: Sequence[Path] | None) -> Path:
    """Data file ``name`` of the flows folders ``dirs`` (the last that has one; None: the
    default folders: bundled, then ``GOPAY_DOCTOR_FLOWS_DIR``)."""
    return check_data_file(name, Sources.default().dirs if dirs is None else tuple(dirs))


def load(name: str, model: type[R], dirs: Sequence[Path] | None) -> tuple[R, Document]:
    """Read and validate data file ``name`` of the flows folders ``dirs`` as a ``model``
    (once while it stays unchanged, :func:`read_once`)."""
    return read_once(find(name, dirs), model)


def read(path: Path, model: type[R]) -> tuple[R, Document]:
    """Read, parse and validate data file ``path`` as a ``model`` record, its values and
    its texts (the safety rules) at once."""
    data = read_file(path, display_name(path))
    doc = read_document(path, data)
    record = convert(doc, model)
    unsafe = [] if digest(data) in VERIFIED else safety.check(record, doc)
    problems = []
    try:
        record.check_values(doc)
    except FileProblems as exc:
        problems = exc.problems
    if unsafe:  # never passed over as a check that cannot run (safety.Unsafe)
        raise safety.Unsafe([*problems, *unsafe])
    if problems:
        raise FileProblems(problems)
    return record, doc


_ONCE: dict[tuple[Path, type], tuple[tuple[int, ...], object, Document]] = {}


def read_once(path: Path, model: type[R]) -> tuple[R, Document]:
    """:func:`read`, once per process for as long as the file stays as it was: a long-running
    caller (a bot, ``serve``) does not parse the file on every question. A change is seen
    by the file's size, modification time and inode (one ``stat``), a replaced file too."""
    try:
        info = os.stat(path)
    except OSError:
        return read(path, model)  # its own error, as ever
    seen = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    kept = _ONCE.get((path, model))
    if kept is not None and kept[0] == seen:
        record: R = kept[1]  # type: ignore[assignment]
        return record, kept[2]
    record, doc = read(path, model)
    _ONCE[(path, model)] = (seen, record, doc)
    return record, doc


@lru_cache(maxsize=64)
def is_bundled(path: Path) -> bool:
    """Whether ``path`` is a data file of the bundled flows folder (inside the package)."""
    try:
        return path.resolve().parent == (bundled_dir() / CHECKS_DIR).resolve()
    except OSError:
        return False
