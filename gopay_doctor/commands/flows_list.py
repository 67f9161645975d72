"""``gopay-doctor flows list``: every flow, its version and title, and the file it comes from."""

from __future__ import annotations

import shlex

from gopay_doctor.contract.folder import Sources, display_name, find_flows
from gopay_doctor.contract.loading import load_flow_file
from gopay_doctor.errors import FileProblems
from gopay_doctor.i18n import pick
from gopay_doctor.output import Output
from gopay_doctor.plaintext import json_dumps, one_line


def run(sources: Sources, lang: str, out: Output, *, fmt: str = "text") -> int:
    """Print every flow: id, version, title and the file it comes from."""
    rows = []
    for flow_id, found in sorted(find_flows(sources).items()):
        row: dict[str, object] = {
            "id": flow_id,
            "version": None,
            "title": None,
            "source": display_name(found.path),
            "overrides": [display_name(p) for p in found.overrides],
            "problems": 0,
        }
        try:
            flow = load_flow_file(found.path, sources)
            row.update(version=flow.version, title=pick(flow.spec.title, lang))
        except FileProblems as exc:
            row["problems"] = len(exc.problems)
        rows.append(row)
    if fmt == "json":
        out.emit(json_dumps(rows) + "\n")
        return 0
    for row in rows:
        version = f"v{row['version']}" if row["version"] is not None else "v?"
        title = (
            row["title"]
            if row["title"] is not None
            else (
                f"(invalid: {row['problems']} problem(s); see them with: "
                f"gopay-doctor flows check {shlex.quote(str(row['source']))})"
            )
        )
        source = str(row["source"])
        overrides = row["overrides"]
        if isinstance(overrides, list) and overrides:
            source += f" (overrides {', '.join(map(str, overrides))})"
        cells = (str(row["id"]), version, str(title), source)
        out.emit("\t".join(map(one_line, cells)) + "\n")
    return 0
