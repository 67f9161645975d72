"""Servers on 127.0.0.1 for the network check's tests: the only addresses tests may reach."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Servers:
    accepting: int
    """Accepts and hangs up at once."""
    closed: int
    """A bound port nobody listens on: connections are refused."""
    silent: int
    """Accepts and never says a word."""
    plain: int
    """Answers anything with a line of plain HTTP, so TLS fails."""


@contextmanager
def loopback_servers() -> Iterator[Servers]:
    """Start the servers on 127.0.0.1; they stop when the block ends."""
    stop = threading.Event()
    held: list[socket.socket] = []
    threads: list[threading.Thread] = []

    def serve(handle: Callable[[socket.socket], None]) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.05)
        held.append(listener)

        def loop() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except (TimeoutError, OSError):
                    continue
                handle(conn)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        threads.append(thread)
        return int(listener.getsockname()[1])

    def hang_up(conn: socket.socket) -> None:
        conn.close()

    def keep(conn: socket.socket) -> None:
        held.append(conn)

    def plain_text(conn: socket.socket) -> None:
        conn.settimeout(1)
        try:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        except OSError:
            pass
        conn.close()

    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))  # bound, never listening: the kernel refuses connections
    held.append(closed)
    try:
        yield Servers(
            accepting=serve(hang_up),
            closed=int(closed.getsockname()[1]),
            silent=serve(keep),
            plain=serve(plain_text),
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(2)
        for sock in held:
            sock.close()


def network_file(
    folder: Path,
    hosts: Sequence[tuple[str, int, bool, str]],
    *,
    timeout_ms: int = 500,
    budget_ms: int = 2000,
) -> Path:
    """Write ``folder/checks/network.yaml`` listing ``hosts`` as (host, port, tls, role)."""
    lines = [f"timeout-ms: {timeout_ms}", f"budget-ms: {budget_ms}", "hosts:"]
    lines += [
        f"  - {{host: {host}, port: {port}, tls: {str(tls).lower()}, role: {role}}}"
        for host, port, tls, role in hosts
    ]
    path = folder / "checks" / "network.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
