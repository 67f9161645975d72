"""``network.reachable``: does this device's internet work, and do GoPay's servers answer?

Runs only with ``--check-network``. For every host in ``checks/network.yaml`` it
resolves the name, opens a TCP connection and, where the entry says ``tls: true``,
completes a TLS handshake, then closes the connection. It sends nothing else: no
request and no user data. All hosts are tried at once, each step bounded by the
file's ``timeout-ms`` and the whole check by ``budget-ms``.

The answer it proposes is about *other* sites (the reference hosts): ``yes`` when they
all answer in time, ``unstable`` when some fail or are slow, ``no`` when none answers.
"""

import datetime as dt
import errno
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Literal, NamedTuple

import msgspec

from gopay_doctor.checks import CheckContext, CheckResult, Status, data
from gopay_doctor.contract.folder import NETWORK_FILE
from gopay_doctor.contract.model import Record, Text
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.errors import FileProblems, Problem
from gopay_doctor.i18n import label, pick
from gopay_doctor.plaintext import quoted

NAME = "network.reachable"
FILE = NETWORK_FILE

Role = Literal["service", "reference"]
Millis = Annotated[int, msgspec.Meta(ge=50, le=30_000)]
Hostname = Annotated[str, msgspec.Meta(min_length=1, max_length=253)]
"""A host name or an IP address: :func:`host_problem` tells which strings are neither."""
LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
"""One label of a host name (RFC 1123): 1 to 63 letters, digits and inner hyphens."""

Resolver = Callable[[str, int], Sequence[str]]
"""Turns a host name and port into addresses to connect to (raises ``socket.gaierror``)."""


class HostEntry(Record, frozen=True, kw_only=True):
    host: Hostname
    port: Annotated[int, msgspec.Meta(ge=1, le=65_535)] = 443
    tls: bool = True
    role: Role
    """service: GoPay's own servers; reference: well-known sites to compare with."""
    name: Text | None = None


class NetworkData(Record, frozen=True, kw_only=True):
    """The whole data file."""

    timeout_ms: Millis = msgspec.field(default=2500, name="timeout-ms")
    budget_ms: Millis = msgspec.field(default=4000, name="budget-ms")
    slow_ms: Millis = msgspec.field(default=1500, name="slow-ms")
    hosts: Annotated[list[HostEntry], msgspec.Meta(min_length=1, max_length=16)]

    def check_values(self, doc: "Document") -> None:
        """Every host is an IP address or a host name that can be looked up."""
        problems = [
            doc.problem(("hosts", i, "host"), f"{quoted(entry.host)} {found}", rule=Rule.SCHEMA)
            for i, entry in enumerate(self.hosts)
            if (found := host_problem(entry.host)) is not None
        ]
        if problems:
            raise FileProblems(problems)

    def dated_problems(self, doc: Document, today: dt.date) -> list[Problem]:
        """Nothing in this file ages."""
        return []


def host_problem(host: str) -> str | None:
    """What makes ``host`` neither an IP address nor a valid host name, or None."""
    if is_address(host):
        return None
    name = host.removesuffix(".")  # a fully qualified name may end with a dot
    labels = name.split(".")
    if not name or "" in labels:
        return "is not a host name: it has an empty part (a dot first, or two dots in a row)"
    for part in labels:
        if len(part) > 63:
            return (
                f"is not a host name: part {part[:8]!r}... has {len(part)} characters (at most 63)"
            )
        if not LABEL.fullmatch(part):
            return (
                f"is not a host name: part {part!r} must be letters, digits and hyphens, "
                "and may not start or end with a hyphen"
            )
    return None


class Target(NamedTuple):
    """One host to try."""

    host: str
    port: int
    tls: bool = False
    role: str = "reference"
    name: Text | None = None


Failure = Literal["dns", "refused", "timeout", "tls", "unreachable", "error"]
Phase = Literal["dns", "tcp", "tls", "done"]


class Probe(NamedTuple):
    """What trying one host found."""

    target: Target
    failure: Failure | None
    """None when the host answered."""
    phase: Phase
    """The step it reached: dns, tcp, tls, or done."""
    ms: int
    """How long it took, in milliseconds."""
    steps: tuple[tuple[str, int], ...] = ()
    """The steps that succeeded and their milliseconds: dns, tcp, tls."""
    address: str | None = None
    message: str = ""


def check(context: CheckContext) -> CheckResult:
    settings, doc = data.load(FILE, NetworkData, context.dirs)
    targets = [Target(h.host, h.port, h.tls, h.role, h.name) for h in settings.hosts]
    probes = probe_all(
        targets, timeout=settings.timeout_ms / 1000, budget=settings.budget_ms / 1000
    )
    return summarize(probes, lang=context.lang, slow_ms=settings.slow_ms, file=doc.name)


# --- probing ----------------------------------------------------------------------------------


def probe_all(
    targets: Sequence[Target],
    *,
    timeout: float,
    budget: float,
    resolver: Resolver | None = None,
) -> list[Probe]:
    """Try every target at once; returns within ``budget`` seconds whatever happens.

    Each step (connect, TLS handshake) waits at most ``timeout`` seconds. Name
    resolution cannot be interrupted, so a probe still resolving when the budget runs
    out is reported as timed out and left behind in a daemon thread, which never
    delays the program's exit.
    """
    start = time.monotonic()
    deadline = start + budget
    lock = threading.Lock()
    found: dict[int, Probe] = {}
    reached: dict[int, Phase] = dict.fromkeys(range(len(targets)), "dns")

    def work(index: int, target: Target) -> None:
        def mark(phase: Phase) -> None:
            reached[index] = phase

        probe = probe_one(target, timeout=timeout, deadline=deadline, resolver=resolver, mark=mark)
        with lock:
            found.setdefault(index, probe)

    threads = [
        threading.Thread(target=work, args=(i, t), name=f"gopay-doctor-probe-{i}", daemon=True)
        for i, t in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    with lock:
        late = round((time.monotonic() - start) * 1000)
        for index, target in enumerate(targets):
            found.setdefault(
                index,
                Probe(target, "timeout", reached[index], late, message="over the time budget"),
            )
        return [found[i] for i in range(len(targets))]


def probe_one(
    target: Target,
    *,
    timeout: float,
    deadline: float,
    resolver: Resolver | None = None,
    mark: Callable[[Phase], None] = lambda phase: None,
) -> Probe:
    """Resolve, connect and (for TLS hosts) shake hands with one target, then hang up."""

    start = time.monotonic()
    steps: list[tuple[str, int]] = []
    phase: Phase = "dns"
    address: str | None = None

    def elapsed(since: float) -> int:
        return round((time.monotonic() - since) * 1000)

    def left() -> float:
        return max(0.001, min(timeout, deadline - time.monotonic()))

    try:
        if is_address(target.host):
            addresses = [target.host]
        else:
            addresses = resolve(target, resolver)
            steps.append(("dns", elapsed(start)))
        phase = "tcp"
        mark(phase)
        began = time.monotonic()
        sock = connect(addresses, target.port, left)
        with sock:
            address = str(sock.getpeername()[0])
            steps.append(("tcp", elapsed(began)))
            if target.tls:
                phase = "tls"
                mark(phase)
                began = time.monotonic()
                handshake(sock, target.host, left())
                steps.append(("tls", elapsed(began)))
    except OSError as exc:
        return Probe(
            target, classify(exc, phase), phase, elapsed(start), tuple(steps), address, _text(exc)
        )
    except UnicodeError as exc:  # DNS and TLS cannot encode the name: "a..b", a long label
        message = f"not a valid host name: {' '.join(str(exc).split())[:200]}"
        return Probe(target, "dns", "dns", elapsed(start), tuple(steps), address, message)
    return Probe(target, None, "done", elapsed(start), tuple(steps), address)


def resolve(target: Target, resolver: Resolver | None) -> list[str]:
    """The addresses of ``target``, without duplicates.

    A name under ``.invalid`` is refused at once without asking any server, as RFC 6761
    (section 6.4) asks of resolver libraries.
    """

    name = target.host.rstrip(".").lower()
    if name == "invalid" or name.endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "names under .invalid never resolve (RFC 6761)")
    found = (resolver or system_resolver)(target.host, target.port)
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, "the name has no address")
    return list(dict.fromkeys(found))


def is_address(host: str) -> bool:
    """Whether ``host`` is an IP address, which needs no name resolution."""

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def system_resolver(host: str, port: int) -> list[str]:

    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def connect(addresses: Sequence[str], port: int, left: Callable[[], float]) -> "socket.socket":
    """A TCP connection to the first address that accepts one (at most four are tried)."""

    error: OSError = OSError("no address to connect to")
    for address in addresses[:4]:
        try:
            return socket.create_connection((address, port), timeout=left())
        except OSError as exc:
            error = exc
    raise error


def handshake(sock: "socket.socket", host: str, timeout: float) -> None:
    """A TLS handshake with certificate and host name checks; nothing is sent after it."""

    context = ssl.create_default_context()
    sock.settimeout(timeout)
    with context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False) as tls:
        tls.do_handshake()


def classify(exc: OSError, phase: Phase) -> Failure:
    """The kind of failure an error stands for, given the step it happened in."""
    if isinstance(exc, socket.gaierror):
        return "dns"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ssl.SSLError) or phase == "tls":
        return "tls"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN):
        return "unreachable"
    return "error"


def _text(exc: OSError) -> str:
    text = exc.strerror if exc.strerror else str(exc)
    return " ".join(str(text).split())[:200]


# --- the verdict ------------------------------------------------------------------------------


def summarize(
    probes: Sequence[Probe], *, lang: str = "en", slow_ms: int = 1500, file: str = ""
) -> CheckResult:
    """The check's status, proposed answer and reason from what the probes found."""
    references = [p for p in probes if p.target.role == "reference"] or list(probes)
    answered = [p for p in references if p.failure is None]
    slowest = max((p.ms for p in answered), default=0)
    failed_service = [
        p for p in probes if p.target.role == "service" and p.failure and p not in references
    ]
    status: Status
    if not answered:
        status, value = "fail", "no"
        reason = label("net_none", lang).format(failures=_failures(references, lang))
    elif len(answered) < len(references):
        status, value = "warn", "unstable"
        failed = [p for p in references if p.failure]
        reason = label("net_partial", lang).format(
            ok=len(answered), total=len(references), failures=_failures(failed, lang)
        )
    elif slowest > slow_ms:
        status, value = "warn", "unstable"
        reason = label("net_slow", lang).format(ms=slowest)
    elif failed_service:
        status, value = "warn", "yes"
        hosts = ", ".join(
            f"{p.target.host}: {label('net_' + str(p.failure), lang)}" for p in failed_service
        )
        reason = label("net_service_down", lang).format(hosts=hosts)
    else:
        status, value = "ok", "yes"
        reason = label("net_ok", lang).format(
            total=len(probes), ms=max(p.ms for p in probes if p.failure is None)
        )
    details = [_detail(p, lang) for p in probes] + [label("net_sent", lang)]
    if file:
        details.append(label("check_data", lang).format(file=file))
    return CheckResult(
        NAME,
        status,
        value,
        reason,
        tuple(details),
        {"hosts": [_data(p) for p in probes], "slow_ms": slow_ms, "file": file or None},
    )


def _failures(probes: Sequence[Probe], lang: str) -> str:
    """The kinds of failure, each once: "no DNS, timed out"."""
    kinds = dict.fromkeys(str(p.failure) for p in probes if p.failure)
    return ", ".join(label("net_" + kind, lang) for kind in kinds)


def _detail(probe: Probe, lang: str) -> str:
    target = probe.target
    role = label("net_service" if target.role == "service" else "net_reference", lang)
    title = pick(target.name, lang) if target.name is not None else target.host
    where = f"{title} ({target.host}:{target.port}, {role})"
    if probe.failure is None:
        steps = ", ".join(f"{step.upper()} {ms} ms" for step, ms in probe.steps)
        return label("net_host_ok", lang).format(where=where, ms=probe.ms, steps=steps)
    said = probe.failure == probe.phase  # "no DNS", "TLS error": the step need not be named
    line = label("net_host_failed_in" if said else "net_host_failed", lang).format(
        where=where,
        failure=label("net_" + probe.failure, lang),
        phase=probe.phase.upper(),
        ms=probe.ms,
    )
    return f"{line}: {probe.message}" if probe.message else line


def _data(probe: Probe) -> dict[str, object]:
    target = probe.target
    return {
        "host": target.host,
        "port": target.port,
        "tls": target.tls,
        "role": target.role,
        "ok": probe.failure is None,
        "failure": probe.failure,
        "phase": probe.phase,
        "ms": probe.ms,
        "steps": dict(probe.steps),
        "address": probe.address,
        "message": probe.message or None,
    }
