"""Reading the checks' data files: ``checks/<name>.yaml`` in a flows folder.

The bundled ones live in ``flows/checks/``. A flows folder added with ``--flows-dir``
or ``GOPAY_DOCTOR_FLOWS_DIR`` may hold its own ``checks/`` folder; the last folder that
has a file replaces it as a whole (files are not merged). Which files there are is
:mod:`gopay_doctor.contract.folder`'s business; each check declares its file's record.

:func:`read` is the one way a data file is read and validated, whether a check uses it
or ``flows check`` looks for its problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.folder import Sources, check_data_file
from gopay_doctor.contract.loading import read_document
from gopay_doctor.contract.yamlsafe import Document


class DataRecord(Protocol):
    """A data file's record: it checks what its types cannot say."""

    def check_values(self, doc: Document) -> None:
        """Raise :class:`FileProblems`, positioned in ``doc``, for each bad value."""


R = TypeVar("R", bound=DataRecord)


def load(name: str, model: type[R], dirs: Sequence[Path] | None) -> tuple[R, Document]:
    """Read and validate data file ``name`` of the flows folders ``dirs`` (None: the
    default folders: bundled, then ``GOPAY_DOCTOR_FLOWS_DIR``) as a ``model`` record."""
    folders = Sources.default().dirs if dirs is None else tuple(dirs)
    return read(check_data_file(name, folders), model)


def read(path: Path, model: type[R]) -> tuple[R, Document]:
    """Read, parse and validate data file ``path`` as a ``model`` record."""
    doc = read_document(path)
    record = convert(doc, model)
    record.check_values(doc)
    return record, doc
