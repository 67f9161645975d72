"""``gopay-doctor flows schema``: the JSON Schema of flow, catalog and scenarios files."""

from __future__ import annotations

from gopay_doctor.authoring.jsonschema import generate
from gopay_doctor.output import Output
from gopay_doctor.plaintext import json_dumps


def run(out: Output, *, kind: str = "all") -> int:
    """Print the JSON Schema of flow, catalog and scenarios files."""
    out.emit(json_dumps(generate(kind)) + "\n")
    return 0
