"""The network guard of the tests, for the programs they start (on ``PYTHONPATH``).

The in-process guard (``network_guard`` in ``conftest.py``) cannot see a subprocess, so
``run_process`` and the pseudo-terminal tests put this folder first on ``PYTHONPATH``:
Python imports ``sitecustomize`` at start-up, and this one adds an audit hook that
refuses, before any packet is sent, every name lookup or connection that is not to
loopback. Each refused host is appended to the file ``GOPAY_DOCTOR_TEST_NET_LOG``
names, and the test that started the program fails. The hook imports nothing, so
tests of what the program imports stay true.
"""

import os
import sys

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_LOG = os.environ.get("GOPAY_DOCTOR_TEST_NET_LOG", "")


def _host(event: str, args: tuple[object, ...]) -> object:
    if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        return args[0]
    if event in ("socket.connect", "socket.sendto"):
        address = args[-1]
        return address[0] if isinstance(address, tuple) else None  # None: a Unix socket
    return None


def _guard(event: str, args: tuple[object, ...]) -> None:
    if not event.startswith("socket."):
        return
    host = _host(event, args)
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or host in _LOOPBACK:
        return
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{host}\n")
    raise OSError(f"test tried to reach {host!r}; only loopback is allowed")


sys.addaudithook(_guard)
