"""``gopay-doctor flows graph``: a flow as a Mermaid or Graphviz flowchart."""

from __future__ import annotations

from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.output import Output
from gopay_doctor.render.chart import GRAPHS


def run(ref: str, sources: Sources, lang: str, out: Output, *, fmt: str = "mermaid") -> int:
    """Print a flow as a Mermaid or Graphviz flowchart."""
    flow = load_flow(ref, sources, name=ref)
    out.emit(GRAPHS[fmt](flow, lang))
    return 0
