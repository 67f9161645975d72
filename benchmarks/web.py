"""The web front end under a bounded load, beside the toolkit's own floor, in one run.

    python -m benchmarks.web [--requests N] [--connections C]

Starts one uvicorn worker on 127.0.0.1 (a free port; the HTTP parser and settings of
``gopay-doctor serve``) serving :func:`gopay_doctor.web.create_app` and, beside it, a bare
Starlette endpoint returning a constant JSON document: the floor, what the toolkit and
server cost with no work at all. A small asyncio client of its own (keep-alive connections,
raw HTTP/1.1) sends ``--requests`` requests over ``--connections`` connections to each
endpoint in turn, in rounds (so a machine that slows down meanwhile weighs on all alike),
after a warm-up, then stops. It reports requests per second and the p50
and p99 latency of each:

* the floor (``GET /floor``);
* ``POST /api/step`` at the peak-period question (its check runs: the heaviest question);
* the same question as a page (``GET /?risk=none&source=in-app&symptom=queue&lang=id``).

Targets (issue #21), per worker on the shared 2-core machine, client included:
``/api/step`` at least 50% of the floor's requests per second, p99 at most 25 ms.
Exit status 0 when they are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from typing import NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

NOW = "2026-11-11T19:40:00+07:00"
"""A sale-day evening: the peak-period check proposes yes."""
ANSWERS = {"risk": ["none"], "source": "in-app", "symptom": "queue"}
PAGE = "/?risk=none&source=in-app&symptom=queue&lang=id"


async def floor(request: Request) -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")


def make_app() -> Starlette:
    """The floor beside the application, in one process (``uvicorn --factory``)."""
    from gopay_doctor.web import create_app

    return Starlette(routes=[Route("/floor", floor), Mount("/", create_app())])


class Figures(NamedTuple):
    name: str
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000


async def _connection(port: int, request: bytes, left: list[int], latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while left[0] > 0:
            left[0] -= 1
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
            assert length is not None, head
            assert head.startswith(b"HTTP/1.1 200"), head[:40]
            await reader.readexactly(int(length.group(1)))
            latencies.append(time.perf_counter() - start)
    finally:
        writer.close()


async def load(
    port: int, request: bytes, requests: int, connections: int
) -> tuple[float, list[float]]:
    """Send ``requests`` requests over ``connections`` connections; the time and latencies."""
    left = [requests]
    latencies: list[float] = []
    start = time.perf_counter()
    await asyncio.gather(*(_connection(port, request, left, latencies) for _ in range(connections)))
    return time.perf_counter() - start, latencies


def request_bytes(method: str, path: str, body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: id\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


def measure(
    port: int, requests: dict[str, bytes], count: int, connections: int, rounds: int
) -> list[Figures]:
    """Each endpoint in turn, ``rounds`` times (``count / rounds`` requests each time), so
    that a machine that slows down or speeds up meanwhile weighs on every endpoint alike."""
    for request in requests.values():  # warm-up
        asyncio.run(load(port, request, max(100, count // 20), connections))
    seconds = dict.fromkeys(requests, 0.0)
    latencies: dict[str, list[float]] = {name: [] for name in requests}
    for _ in range(rounds):
        for name, request in requests.items():
            took, found = asyncio.run(load(port, request, count // rounds, connections))
            seconds[name] += took
            latencies[name] += found
    return [
        Figures(name, len(latencies[name]), seconds[name], latencies[name]) for name in requests
    ]


def start_server() -> tuple[subprocess.Popen[str], int]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "benchmarks.web:make_app",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--http",
            "h11",
            "--no-access-log",
            "--workers",
            "1",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GOPAY_DOCTOR_NOW": NOW},
    )
    assert server.stderr is not None
    for line in server.stderr:
        found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
        if found:
            return server, int(found.group(1))
    raise SystemExit(f"the server did not start: {server.wait()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000, help="requests per endpoint")
    parser.add_argument("--connections", type=int, default=16, help="connections at once")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of every endpoint")
    args = parser.parse_args(argv)
    server, port = start_server()
    body = json.dumps({"answers": ANSWERS, "lang": "id"}).encode()
    try:
        rows = measure(
            port,
            {
                "GET /floor": request_bytes("GET", "/floor"),
                "POST /api/step": request_bytes("POST", "/api/step", body),
                "GET / (a question page)": request_bytes("GET", PAGE),
            },
            args.requests,
            args.connections,
            args.rounds,
        )
    finally:
        server.terminate()
        server.wait(10)
    base = rows[0].rps
    print(f"{args.requests} requests per endpoint over {args.connections} connections, one worker")
    print(f"{'endpoint':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of floor':>9}")
    for row in rows:
        print(
            f"{row.name:<26} {row.rps:>8.0f} {row.p50:>8.2f} {row.percentile(0.99):>8.2f}"
            f" {row.rps / base:>8.0%}"
        )
    api = rows[1]
    ok = api.rps >= 0.5 * base and api.percentile(0.99) <= 25
    print(
        f"target: /api/step >= 50% of the floor and p99 <= 25 ms: "
        f"{api.rps / base:.0%}, {api.percentile(0.99):.1f} ms  {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
