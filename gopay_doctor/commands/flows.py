"""``gopay-doctor flows ...``: the flows that are installed and where they come from."""

from __future__ import annotations

from collections.abc import Sequence

from gopay_doctor.errors import FileProblems
from gopay_doctor.flow.loading import Sources, display_name, find_flows, load_flow_file
from gopay_doctor.i18n import pick
from gopay_doctor.output import emit
from gopay_doctor.render.safe import json_dumps, plain


def list_flows(
    *,
    fmt: str = "text",
    lang: str = "en",
    flows_dirs: Sequence[str] = (),
    channels: str | None = None,
) -> int:
    """Print every flow: id, version, title and the file it comes from."""
    sources = Sources.default(flows_dirs, channels)
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
        emit(json_dumps(rows) + "\n")
        return 0
    for row in rows:
        version = f"v{row['version']}" if row["version"] is not None else "v?"
        title = (
            row["title"]
            if row["title"] is not None
            else (f"(invalid: {row['problems']} problem(s); run 'gopay-doctor flows check')")
        )
        emit(
            f"{plain(str(row['id']))}\t{version}\t{plain(str(title))}\t{plain(str(row['source']))}\n"
        )
    return 0
