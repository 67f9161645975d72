"""The network probes, against servers this test starts on 127.0.0.1 and nothing else.

Every kind of answer is produced for real: a server that accepts, a port that refuses,
a server that accepts and never answers (a TLS handshake times out), a server that
answers TLS with plain text (a TLS error), a name that never resolves. Resolution of
other names goes through an injected resolver, so no name server is ever asked.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from gopay_doctor.checks.network import Target, probe_all, probe_one
from tests.loopback import Servers, loopback_servers

TIMEOUT = 0.5


@pytest.fixture
def servers() -> Iterator[Servers]:
    with loopback_servers() as found:
        yield found


def test_an_accepting_server_answers(servers: Servers) -> None:
    probe = probe_one(
        Target("127.0.0.1", servers.accepting), timeout=TIMEOUT, deadline=time.monotonic() + 5
    )
    assert (probe.failure, probe.phase, probe.address) == (None, "done", "127.0.0.1")
    assert [step for step, _ in probe.steps] == ["tcp"]  # an address needs no name lookup
    assert 0 <= probe.ms < 1000


def test_a_name_is_resolved_first(servers: Servers) -> None:
    asked: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["127.0.0.1", "127.0.0.1"]

    target = Target("gopay.example", servers.accepting)
    probe = probe_one(target, timeout=TIMEOUT, deadline=time.monotonic() + 5, resolver=resolver)
    assert asked == [("gopay.example", servers.accepting)]
    assert probe.failure is None
    assert [step for step, _ in probe.steps] == ["dns", "tcp"]


def test_a_closed_port_is_refused(servers: Servers) -> None:
    probe = probe_one(
        Target("127.0.0.1", servers.closed), timeout=TIMEOUT, deadline=time.monotonic() + 5
    )
    assert (probe.failure, probe.phase) == ("refused", "tcp")
    assert probe.message == "Connection refused"


def test_a_server_that_never_answers_times_out_within_the_timeout(servers: Servers) -> None:
    start = time.monotonic()
    probe = probe_one(
        Target("127.0.0.1", servers.silent, tls=True),
        timeout=TIMEOUT,
        deadline=time.monotonic() + 5,
    )
    took = time.monotonic() - start
    assert (probe.failure, probe.phase) == ("timeout", "tls")
    assert [step for step, _ in probe.steps] == ["tcp"]
    assert TIMEOUT * 0.8 <= took < TIMEOUT + 1.0


def test_plain_text_where_tls_was_expected_is_a_tls_error(servers: Servers) -> None:
    probe = probe_one(
        Target("127.0.0.1", servers.plain, tls=True), timeout=TIMEOUT, deadline=time.monotonic() + 5
    )
    assert (probe.failure, probe.phase) == ("tls", "tls")


def test_a_server_that_hangs_up_during_the_handshake_is_a_tls_error(servers: Servers) -> None:
    probe = probe_one(
        Target("127.0.0.1", servers.accepting, tls=True),
        timeout=TIMEOUT,
        deadline=time.monotonic() + 5,
    )
    assert (probe.failure, probe.phase) == ("tls", "tls")


def test_a_name_under_invalid_never_reaches_a_resolver() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("a .invalid name must not be looked up")

    start = time.monotonic()
    probe = probe_one(
        Target("gopay-doctor-test.invalid", 443, tls=True),
        timeout=TIMEOUT,
        deadline=time.monotonic() + 5,
        resolver=resolver,
    )
    assert (probe.failure, probe.phase) == ("dns", "dns")
    assert probe.message == "names under .invalid never resolve (RFC 6761)"
    assert time.monotonic() - start < 0.5


def test_a_name_the_resolver_does_not_know_is_no_dns() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    probe = probe_one(
        Target("gopay.example", 443),
        timeout=TIMEOUT,
        deadline=time.monotonic() + 5,
        resolver=resolver,
    )
    assert (probe.failure, probe.phase, probe.message) == (
        "dns",
        "dns",
        "Name or service not known",
    )


def test_a_resolver_that_hangs_is_cut_off_by_the_budget() -> None:
    release = threading.Event()

    def resolver(host: str, port: int) -> list[str]:
        release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "too late")

    start = time.monotonic()
    try:
        (probe,) = probe_all(
            [Target("slow.example", 443)], timeout=TIMEOUT, budget=1.0, resolver=resolver
        )
    finally:
        release.set()
    took = time.monotonic() - start
    assert (probe.failure, probe.phase, probe.message) == ("timeout", "dns", "over the time budget")
    assert 0.9 <= took < 1.5


def test_every_kind_at_once_stays_within_the_bound(servers: Servers) -> None:
    targets = [
        Target("127.0.0.1", servers.accepting),
        Target("127.0.0.1", servers.closed),
        Target("127.0.0.1", servers.silent, tls=True),
        Target("127.0.0.1", servers.plain, tls=True),
        Target("nothing-here.invalid", 443),
    ]
    start = time.monotonic()
    probes = probe_all(targets, timeout=TIMEOUT, budget=2.0)
    took = time.monotonic() - start
    assert [p.target for p in probes] == targets  # in the order given
    assert [p.failure for p in probes] == [None, "refused", "timeout", "tls", "dns"]
    assert took < 3.0


def test_hosts_are_tried_in_parallel(servers: Servers) -> None:
    targets = [Target("127.0.0.1", servers.silent, tls=True) for _ in range(4)]
    start = time.monotonic()
    probes = probe_all(targets, timeout=1.0, budget=5.0)
    took = time.monotonic() - start
    assert [p.failure for p in probes] == ["timeout"] * 4
    assert took < 2.5  # one after another would take at least 4 s


def test_the_guard_stops_any_address_but_loopback(network_guard: list[str]) -> None:
    """The suite-wide guard (conftest) is what keeps every test off the real network."""
    with pytest.raises(OSError, match="only loopback is allowed"):
        socket.create_connection(("192.0.2.1", 443), timeout=0.1)
    with pytest.raises(OSError, match="only loopback is allowed"):
        socket.getaddrinfo("gopay.co.id", 443)
    assert network_guard == ["192.0.2.1", "gopay.co.id"]
    network_guard.clear()


def test_the_bundled_host_list() -> None:
    from gopay_doctor.checks import data
    from gopay_doctor.checks.network import FILE, NetworkData

    settings, _ = data.load(FILE, NetworkData, None)
    roles = {h.role for h in settings.hosts}
    assert roles == {"service", "reference"}
    assert all(h.tls and h.port == 443 for h in settings.hosts)
    assert {h.host for h in settings.hosts if h.role == "service"} == {
        "gopay.co.id",
        "www.gojek.com",
    }
    assert settings.budget_ms <= 5000
    assert settings.timeout_ms <= settings.budget_ms


def idna_resolver(host: str, port: int) -> list[str]:
    """Encodes the name as the system resolver does before it asks anyone, then answers
    with loopback: no name server is asked."""
    host.encode("idna")
    return ["127.0.0.1"]


@pytest.mark.parametrize("host", ["a..b", "gopay..example", "a" * 64 + ".example", ".example"])
def test_a_name_that_cannot_be_encoded_is_no_dns(host: str) -> None:
    """Encoding such a name raises UnicodeError, which once escaped and crashed the check."""
    probe = probe_one(
        Target(host, 443, tls=True),
        timeout=TIMEOUT,
        deadline=time.monotonic() + 5,
        resolver=idna_resolver,
    )
    assert (probe.failure, probe.phase, probe.steps) == ("dns", "dns", ())
    assert probe.message.startswith("not a valid host name: encoding with 'idna' codec failed")


def test_a_name_the_tls_handshake_cannot_encode_is_no_dns(servers: Servers) -> None:
    """A resolver that accepts the name leaves the TLS handshake to encode it (and fail)."""
    probe = probe_one(
        Target("a..b", servers.accepting, tls=True),
        timeout=TIMEOUT,
        deadline=time.monotonic() + 5,
        resolver=lambda host, port: ["127.0.0.1"],
    )
    assert (probe.failure, probe.phase) == ("dns", "dns")
    assert [step for step, _ in probe.steps] == ["dns", "tcp"]
    assert probe.message.startswith("not a valid host name: ")


def test_the_check_reports_an_unencodable_name(servers: Servers) -> None:
    """Through probe_all and the verdict: a failure line, not a traceback."""
    from gopay_doctor.checks.network import summarize

    probes = probe_all(
        [Target("a..b", 443, role="reference"), Target("127.0.0.1", servers.accepting)],
        timeout=TIMEOUT,
        budget=2.0,
        resolver=idna_resolver,
    )
    result = summarize(probes)
    assert (result.status, result.value) == ("warn", "unstable")
    assert result.details[0].startswith("a..b (a..b:443, reference): no DNS after ")
    assert result.details[0].endswith(
        " ms: not a valid host name: encoding with 'idna' codec failed "
        "(UnicodeError: label empty or too long)"
    )
