"""``gopay-doctor serve``: the web pages and the step API (:mod:`gopay_doctor.web`) with uvicorn.

The flow is loaded and checked before the server starts, so an unsafe or broken flow is
refused with the same line as every other command. Without the ``web`` extra the command
says in one line how to install it (exit status 2).
"""

from __future__ import annotations

import importlib.util

import msgspec

from gopay_doctor.contract.folder import DEFAULT_FLOW, Sources
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.output import Output

WEB_PACKAGES = ("starlette", "jinja2", "uvicorn")
INSTALL = "serve needs the web extra: pip install 'gopay-doctor[web]'"
MAX_HEADERS = 16 * 1024
"""The most bytes a request line and its headers may take (uvicorn's HTTP parser)."""


class ServeRequest(msgspec.Struct, frozen=True):
    sources: Sources
    flow: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000


def missing() -> list[str]:
    """The web extra's packages that are not installed."""
    return [name for name in WEB_PACKAGES if importlib.util.find_spec(name) is None]


def run(request: ServeRequest, out: Output) -> int:
    """Serve until interrupted; exit status 0."""
    if missing():
        raise GopayDoctorError(INSTALL)
    import uvicorn

    from gopay_doctor.web import create_app

    app = create_app(request.sources, flow=request.flow or DEFAULT_FLOW)
    uvicorn.run(  # logs where it listens; its access log has no query strings (web.guard)
        app,
        host=request.host,
        port=request.port,
        http="h11",
        h11_max_incomplete_event_size=MAX_HEADERS,
        server_header=False,
    )
    return 0
