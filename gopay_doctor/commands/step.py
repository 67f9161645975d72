"""``gopay-doctor step``: given the answers so far, the next question or the result, as JSON.

One document on standard output, exit status 0 (see :mod:`gopay_doctor.stepwise`); an answer
that fits no question or choice is the same error, with the same message, as for
``diagnose`` (exit status 2). Nothing is ever asked, and the prompt libraries are never
loaded.
"""

from __future__ import annotations

import sys
from typing import TextIO

from gopay_doctor.commands.diagnose import DiagnoseRequest, dates_for, gather, proposer
from gopay_doctor.contract.folder import DEFAULT_FLOW
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.export import stamp
from gopay_doctor.interview import Session
from gopay_doctor.output import Output
from gopay_doctor.plaintext import json_dumps
from gopay_doctor.stepwise import next_step


def run(request: DiagnoseRequest, out: Output, *, stdin: TextIO | None = None) -> int:
    """Print the step document for the answers ``request`` gives."""
    flow = load_flow(request.flow or DEFAULT_FLOW, request.sources)
    days = dates_for(flow, request)
    today = days.today if days is not None else None
    session = Session(
        flow,
        request.lang,
        gather(flow, request, stdin or sys.stdin, today=today),
        propose=proposer(flow, request),
        auto=request.auto,
        defaults=request.defaults,
        dates=days,
    )
    out.emit(json_dumps(next_step(session, finish=stamp).to_dict()) + "\n")
    return 0
