"""The checks' data files: ``checks/<name>.yaml`` in a flows folder.

The bundled ones live in ``flows/checks/``. A flows folder added with ``--flows-dir``
or ``GOPAY_DOCTOR_FLOWS_DIR`` may hold its own ``checks/`` folder; the last folder that
has a file replaces it as a whole (files are not merged).

:func:`read` is the one way a data file is read and validated, whether ``check``
uses it or ``flows check`` looks for its problems (:func:`problems`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem

if TYPE_CHECKING:
    from gopay_doctor.flow.yamlsafe import Document

CHECKS_DIR = "checks"


class DataRecord(Protocol):
    """A data file's record: it checks what its types cannot say."""

    def check_values(self, doc: Document) -> None:
        """Raise :class:`FileProblems`, positioned in ``doc``, for each bad value."""

    def dated_problems(self, doc: Document, today: dt.date) -> list[Problem]:
        """What a flow author should hear on ``today``: data that has run out or aged."""


R = TypeVar("R", bound=DataRecord)


def models() -> dict[str, type[DataRecord]]:
    """Every data file's name and its record."""
    from gopay_doctor.checks import calendar, network

    return {calendar.FILE: calendar.PeakPeriods, network.FILE: network.NetworkData}


def search_dirs(dirs: Sequence[Path] | None) -> tuple[Path, ...]:
    """``dirs``, or the default flows folders (bundled, then ``GOPAY_DOCTOR_FLOWS_DIR``)."""
    if dirs is not None:
        return tuple(dirs)
    from gopay_doctor.flow.loading import Sources

    return Sources.default().dirs


def find(name: str, dirs: Sequence[Path] | None) -> Path:
    """The data file ``checks/<name>`` of the last flows folder that has one."""
    folders = search_dirs(dirs)
    for folder in reversed(folders):
        path = folder / CHECKS_DIR / name
        if path.is_file():
            return path
    raise GopayDoctorError(f"no {CHECKS_DIR}/{name} data file in the flows folders")


def is_bundled(path: Path) -> bool:
    """Whether ``path`` is a data file of the bundled flows folder (inside the package)."""
    from gopay_doctor.flow.loading import bundled_dir

    try:
        return path.resolve().parent == (bundled_dir() / CHECKS_DIR).resolve()
    except OSError:
        return False


def load(name: str, model: type[R], dirs: Sequence[Path] | None) -> tuple[R, Document]:
    """Read, parse and validate data file ``name`` of the flows folders as a ``model`` record."""
    return read(find(name, dirs), model)


def read(path: Path, model: type[R]) -> tuple[R, Document]:
    """Read, parse and validate data file ``path`` as a ``model`` record."""
    from gopay_doctor.flow import schema
    from gopay_doctor.flow.loading import read_document

    doc = read_document(path)
    record = schema.convert(doc, model)
    record.check_values(doc)
    return record, doc


def is_data_file(path: Path) -> bool:
    """Whether ``path`` is named like a data file, in a ``checks/`` folder."""
    return path.parent.name == CHECKS_DIR and path.name in models()


def data_files(dirs: Sequence[Path]) -> list[Path]:
    """The data files of the flows folders ``dirs``, every one there is."""
    return [
        d / CHECKS_DIR / name
        for d in dirs
        for name in models()
        if (d / CHECKS_DIR / name).is_file()
    ]


def problems(path: Path, today: dt.date) -> list[Problem]:
    """Every problem of data file ``path`` on ``today``: those reading it for a check
    would find (rule ``check-data``), else what has run out or aged by ``today``
    (:meth:`DataRecord.dated_problems`)."""
    try:
        record, doc = read(path, models()[path.name])
    except FileProblems as exc:
        return [p._replace(rule="check-data") if p.rule else p for p in exc.problems]
    return record.dated_problems(doc, today)
