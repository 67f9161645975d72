"""gopay-doctor: what to do when GoPay customer service cannot be reached.

The library API, usable without the command-line stack (typer, rich, questionary)::

    from gopay_doctor import load_flow, diagnose, step

    flow = load_flow("support-unreachable")
    result = diagnose(flow, {"risk": ["none"], "symptom": "timeout"}, lang="en", defaults=True)
    print(result.to_dict()["causes"][0]["title"])

    now = step(flow, {"risk": ["none"]}, lang="id")  # one question at a time, for chat bots
    print(now.question.text if now.status == "question" else now.result.outcome.title)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "Flow",
    "GopayDoctorError",
    "Result",
    "Step",
    "__version__",
    "diagnose",
    "load_flow",
    "step",
]

if TYPE_CHECKING:
    from gopay_doctor.contract.loading import load_flow
    from gopay_doctor.contract.model import Flow
    from gopay_doctor.engine import diagnose
    from gopay_doctor.errors import GopayDoctorError
    from gopay_doctor.result import Result
    from gopay_doctor.stepwise import Step, step

_EXPORTS = {
    "diagnose": "gopay_doctor.engine",
    "GopayDoctorError": "gopay_doctor.errors",
    "load_flow": "gopay_doctor.contract.loading",
    "Flow": "gopay_doctor.contract.model",
    "Result": "gopay_doctor.result",
    "step": "gopay_doctor.stepwise",
    "Step": "gopay_doctor.stepwise",
}


def __getattr__(name: str) -> Any:
    """Import the public API on first use (a named seam, docs/architecture.md), so
    ``gopay-doctor --help`` loads no flow machinery."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gopay_doctor' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
