"""``gopay-doctor flows show``: a flow drawn as a tree, or printed as data."""

from __future__ import annotations

from pathlib import Path

from gopay_doctor.contract.folder import Sources, display_name
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.output import BOX_SAMPLE, Output
from gopay_doctor.plaintext import json_dumps
from gopay_doctor.render import chart, tree


def run(ref: str, sources: Sources, lang: str, out: Output, *, fmt: str = "text") -> int:
    """Draw a flow as a tree, or print it as data."""
    flow = load_flow(ref, sources, name=ref)
    if fmt == "json":
        data = chart.as_data(flow, lang)
        data["source"] = display_name(Path(flow.source))
        out.emit(json_dumps(data) + "\n")
        return 0
    ascii = not out.can_show(BOX_SAMPLE)
    out.emit(tree.render_tree(flow, lang, color=out.color, width=out.width, ascii=ascii))
    return 0
