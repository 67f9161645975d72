"""``gopay-doctor export``: a saved ``--format json`` result re-rendered as a document to keep."""

from __future__ import annotations

from typing import BinaryIO

from gopay_doctor.export import plan, saved, stamp, write_export
from gopay_doctor.output import Output
from gopay_doctor.resultfile import read_result


def run(
    source: str,
    output: str,
    out: Output,
    *,
    output_format: str | None = None,
    force: bool = False,
    stdin: BinaryIO | None = None,
) -> int:
    """Read the result in ``source``, then write it to ``output`` (``-``: standard output).

    A result saved without ``created_at`` is stamped with the time of the export.
    """
    result = stamp(read_result(source, stdin=stdin))
    target = plan(output, output_format, force=force)
    write_export(result, target, out)
    if not target.to_stdout:
        saved(target, result.lang, out)
    return 0
