"""``--format json``: the result document (see docs/json.md)."""

from __future__ import annotations

from gopay_doctor.plaintext import json_dumps
from gopay_doctor.render import RenderOptions
from gopay_doctor.result import Result


def render(result: Result, options: RenderOptions) -> str:
    return json_dumps(result.to_dict()) + "\n"
