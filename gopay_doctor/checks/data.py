"""The checks' data files: ``checks/<name>.yaml`` in a flows folder.

The bundled ones live in ``flows/checks/``. A flows folder added with ``--flows-dir``
or ``GOPAY_DOCTOR_FLOWS_DIR`` may hold its own ``checks/`` folder; the last folder that
has a file replaces it as a whole (files are not merged).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from gopay_doctor.errors import GopayDoctorError

if TYPE_CHECKING:
    from gopay_doctor.flow.yamlsafe import Document

T = TypeVar("T")
CHECKS_DIR = "checks"


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


def load(name: str, model: type[T], dirs: Sequence[Path] | None) -> tuple[T, Document]:
    """Read, parse and validate data file ``name`` as a ``model`` record."""
    from gopay_doctor.flow import schema
    from gopay_doctor.flow.loading import read_document

    doc = read_document(find(name, dirs))
    return schema.convert(doc, model), doc
