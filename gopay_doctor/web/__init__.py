"""The wizard as web pages and a JSON step API: ``gopay-doctor serve``, or any ASGI server.

::

    uvicorn gopay_doctor.web:app --workers 4            # the bundled flow, GOPAY_DOCTOR_FLOWS_DIR
    uvicorn --factory gopay_doctor.web:create_app       # the same, made by the factory

:func:`create_app` takes resolved sources (``contract.folder.Sources``: flows folders and a
channels file) and a flow, loads and checks the flow once (an unsafe flow is refused with
the same line as the command line), and returns a Starlette application. ``app`` is that
application for the default sources, made when first asked for.

Nothing is kept between requests: every answer is in the page's address (forms with
method GET) or in the API's request, so any process behind any load balancer answers any
request. Pages and API go through :func:`~gopay_doctor.stepwise.next_step`, the engine the
``step`` command uses, and every answer through :func:`~gopay_doctor.answers.validate`.
Needs the ``web`` extra (Starlette, Jinja2, uvicorn): ``pip install 'gopay-doctor[web]'``.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from gopay_doctor.contract.folder import DEFAULT_FLOW, Sources

if TYPE_CHECKING:
    from gopay_doctor.web.guard import Guard


def create_app(sources: Sources | None = None, *, flow: str = DEFAULT_FLOW) -> Guard:
    """The application serving ``flow`` (an id or a path) from ``sources`` (default: the
    bundled folder and ``GOPAY_DOCTOR_FLOWS_DIR``)."""
    from gopay_doctor.web.site import build

    return build(sources or Sources.default(), flow)


@cache
def _default_app() -> Guard:
    return create_app()


def __getattr__(name: str) -> Any:
    """``app``: the application for the default sources, made on first use (so importing
    :func:`create_app` loads no flow)."""
    if name == "app":
        return _default_app()
    raise AttributeError(f"module 'gopay_doctor.web' has no attribute {name!r}")


__all__ = ["create_app"]
