"""What every response of :mod:`gopay_doctor.web` carries, what every request may be, and
what the access log may record.

* Headers on every response: a Content-Security-Policy that allows nothing but this site's
  own stylesheet and forms (no script at all, no frame), ``Referrer-Policy: no-referrer``
  (the answers in a page's address never reach the official pages people click through
  to), ``X-Content-Type-Options: nosniff``, and ``Cache-Control: no-store`` unless the
  response says otherwise (only the stylesheet does).
* Bounds: a path and a query string of at most :data:`MAX_TARGET` bytes (414), a request
  body of at most :data:`MAX_BODY` bytes (413), checked before the application sees them.
* The access log (uvicorn's, also under gunicorn with uvicorn-worker) records the path
  without its query string: :class:`PathOnly`. Bodies are never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_TARGET = 4096
"""Longest path plus query string, in bytes: a page's answers take a few hundred."""
MAX_BODY = 16 * 1024
"""Largest request body, in bytes (``POST /api/step``)."""
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
NO_STORE = (b"cache-control", b"no-store")

TooLarge = Callable[[int, str], ASGIApp]
"""Makes the response for a request over a bound (its status: 413 or 414; its path)."""


class Guard:
    """ASGI middleware around the whole application: the bounds, then the headers on
    whatever it answers, its 500 page included."""

    def __init__(self, app: ASGIApp, too_large: TooLarge) -> None:
        self.app = app
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [h for h in HEADERS if h[0] not in names]
                if NO_STORE[0] not in names:
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        status = _over_bounds(scope)
        if status:
            await self.too_large(status, scope["path"])(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)


def _over_bounds(scope: Scope) -> int:
    """413 or 414 when the request is over a bound, else 0."""
    target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    if target > MAX_TARGET:
        return 414
    for name, value in scope["headers"]:
        if name == b"content-length" and (not value.isdigit() or int(value) > MAX_BODY):
            return 413
    return 0


async def bounded_body(receive: Receive) -> bytes | None:
    """The request body, or None when it grows past :data:`MAX_BODY` (a body sent in
    chunks has no Content-Length to check beforehand)."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return bytes(body)
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            return None
        if not message.get("more_body", False):
            return bytes(body)


class PathOnly(logging.Filter):
    """Keeps an access-log line's path and drops its query string, which holds answers.

    uvicorn logs ``'%s - "%s %s HTTP/%s" %d'`` with (client, method, path and query,
    version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


PATH_ONLY = PathOnly()


def quiet_access_log() -> None:
    """Make uvicorn's access log (also under gunicorn with uvicorn-worker) record paths
    without query strings; adding the filter twice adds it once."""
    logging.getLogger("uvicorn.access").addFilter(PATH_ONLY)
