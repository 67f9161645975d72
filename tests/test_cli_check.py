"""``gopay-doctor check``: the summary, ``-v``, ``--format json``, languages and exit codes.

The time is fixed with ``GOPAY_DOCTOR_NOW``; network checks reach only servers started
on 127.0.0.1 by the test, listed in a ``checks/network.yaml`` of a ``--flows-dir``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from gopay_doctor.checks.network import Failure, Probe, Target, summarize
from tests.conftest import ROOT, CliRunner, run_process
from tests.loopback import Servers, loopback_servers, network_file

PEAK = "2026-11-11T19:40:00+07:00"
HOLIDAYS = version("holidays")
QUIET = "2026-07-07T10:05:00+07:00"
NOT_CHECKED = "- Network: Not checked: add --check-network to test your connection.\n"
NOT_RUN = (
    "Not run: Network.\nTo run the network check as well:\n  gopay-doctor check --check-network\n"
)


@pytest.fixture
def servers() -> Iterator[Servers]:
    with loopback_servers() as found:
        yield found


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # data files are named relative to the working directory


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", when)


# --- the summary -------------------------------------------------------------------------------


def test_a_peak_period_is_reported_and_exits_1(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, PEAK)
    run = cli("check")
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        "! Peak period: It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day.\n"
        + NOT_CHECKED
        + "\n1 of 2 checks found something.\n"
        + NOT_RUN
    )


def test_a_quiet_time_passes_with_exit_0(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, QUIET)
    run = cli("check")
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "✓ Peak period: It is 10:05 WIB on 7.7.2026: not a peak period (no big sale, Lebaran "
        "season, payday evening or major holiday).\n"
        + NOT_CHECKED
        + "\nEvery check that ran passed.\n"
        + NOT_RUN
    )


@pytest.mark.parametrize(
    ("when", "line"),
    [
        (
            "2027-03-10T19:00:00+07:00",
            "! Peak period: It is 19:00 WIB on 10.3.2027: Idul Fitri (expected); the Lebaran "
            "homecoming season (expected).",
        ),
        (
            "2030-02-01T10:00:00+07:00",
            "! Peak period: It is 10:00 WIB on 1.2.2030: the Lebaran homecoming season "
            "(expected).",
        ),
        ("2028-01-26T10:00:00+07:00", "! Peak period: It is 10:00 WIB on 26.1.2028: Chinese New "
         "Year (expected)."),
        ("2031-12-12T10:00:00+07:00", "! Peak period: It is 10:00 WIB on 12.12.2031: 12.12 "
         "(Harbolnas), the national online shopping day."),
        ("2032-08-25T20:30:00+07:00", "! Peak period: It is 20:30 WIB on 25.8.2032: the evening "
         "of payday."),
        ("2029-03-15T10:00:00+07:00", "✓ Peak period: It is 10:00 WIB on 15.3.2029, Nyepi: not a "
         "peak period (no big sale, Lebaran season, payday evening or major holiday)."),
        ("2027-01-07T10:05:00+07:00", "✓ Peak period: It is 10:05 WIB on 7.1.2027: not a peak "
         "period (no big sale, Lebaran season, payday evening or major holiday)."),
    ],
)  # fmt: skip
def test_any_year_is_answered_without_editing_a_file(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, when: str, line: str
) -> None:
    """Dates come from the holidays package: no list runs out, and estimates say so."""
    at(monkeypatch, when)
    run = cli("check")
    assert (run.code, run.err) == (1 if line.startswith("!") else 0, "")
    assert run.out.splitlines()[0] == line


@pytest.mark.parametrize(
    ("lang", "out"),
    [
        (
            "en",
            "- Peak period: It is 10:05 WIB on 7.1.2101: whether this is a peak period is not "
            "known (no holiday dates for 2101).\n"
            + NOT_CHECKED
            + "\nEvery check that ran passed.\nNot run: Peak period, Network.\n"
            "To run the network check as well:\n  gopay-doctor check --check-network\n",
        ),
        (
            "id",
            "- Masa sibuk: Sekarang pukul 10.05 WIB, 7.1.2101: tidak diketahui apakah ini masa "
            "sibuk (belum ada tanggal hari libur untuk tahun 2101).\n"
            "- Jaringan: Tidak diperiksa: tambahkan --check-network untuk menguji koneksi Anda.\n\n"
            "Semua pemeriksaan yang dijalankan lolos.\nTidak dijalankan: Masa sibuk, Jaringan.\n"
            "Untuk menjalankan pemeriksaan jaringan juga:\n  gopay-doctor check --check-network\n",
        ),
        (
            "zh",
            "- 高峰时段：现在是雅加达时间 2101年1月7日 10:05：无法判断是否为高峰时段（没有 2101 年的节假日日期）。\n"
            "- 网络：未检查：加上 --check-network 以测试网络连接。\n\n"
            "已运行的检查均通过。\n未运行：高峰时段、网络。\n"
            "要同时运行网络检查，请运行：\n  gopay-doctor check --check-network\n",
        ),
    ],
)
def test_where_the_dates_end_the_check_says_plainly_it_does_not_know(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str, out: str
) -> None:
    """No chore and no path for the user: the check is skipped, and exits 0."""
    at(monkeypatch, "2101-01-07T10:05:00+07:00")
    run = cli("check", "--lang", lang)
    assert (run.code, run.err, run.out) == (0, "", out)
    doc = json.loads(cli("check", "--lang", lang, "-f", "json").out)
    clock = doc["checks"][0]
    assert (clock["status"], clock["answer"], clock["data"]["known"]) == ("skipped", None, False)


def test_verbose_shows_what_each_check_looked_at(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2035-12-01T20:00:00+07:00")
    run = cli("check", "-v")
    assert run.code == 1
    assert run.out == (
        "! Peak period: It is 20:00 WIB on 1.12.2035: Idul Fitri (expected); the Lebaran "
        "homecoming season (expected); the evening of civil servants' payday.\n"
        "    Time: 2035-12-01 20:00 WIB (Asia/Jakarta), fixed by GOPAY_DOCTOR_NOW\n"
        "    Holiday: Idul Fitri (expected: 1.12.2035)\n"
        "    Holiday season: the Lebaran homecoming season (expected: 24.11.2035–8.12.2035)\n"
        "    Payday: the evening of civil servants' payday (1.12.2035, 18:00–22:00)\n"
        f"    Data: holidays {HOLIDAYS} and the bundled peak windows\n"
        + NOT_CHECKED
        + "\n1 of 2 checks found something.\n"
        + NOT_RUN
    )


def test_verbose_names_a_holiday_that_is_not_a_peak_day(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-05-31T10:00:00+07:00")
    run = cli("check", "-v", "--lang", "id")
    assert run.code == 0
    assert run.out.splitlines()[:4] == [
        "✓ Masa sibuk: Sekarang pukul 10.00 WIB, 31.5.2026, Hari Raya Waisak: bukan masa sibuk "
        "(bukan hari promo besar, musim Lebaran, malam gajian, atau hari libur besar).",
        "    Waktu: 2026-05-31 10:00 WIB (Asia/Jakarta), ditetapkan oleh GOPAY_DOCTOR_NOW",
        "    Hari libur: Hari Raya Waisak, bukan hari sibuk",
        f"    Data: holidays {HOLIDAYS} dan aturan masa sibuk bawaan",
    ]


@pytest.mark.parametrize(
    ("lang", "out"),
    [
        (
            "id",
            "! Masa sibuk: Sekarang pukul 19.40 WIB, 11.11.2026: 11.11, hari promo belanja online "
            "besar.\n"
            "- Jaringan: Tidak diperiksa: tambahkan --check-network untuk menguji koneksi Anda.\n\n"
            "1 dari 2 pemeriksaan menemukan sesuatu.\nTidak dijalankan: Jaringan.\n"
            "Untuk menjalankan pemeriksaan jaringan juga:\n  gopay-doctor check --check-network\n",
        ),
        (
            "zh",
            "! 高峰时段：现在是雅加达时间 2026年11月11日 19:40：11.11 网购大促日。\n"
            "- 网络：未检查：加上 --check-network 以测试网络连接。\n\n"
            "2 项检查中有 1 项发现问题。\n未运行：网络。\n"
            "要同时运行网络检查，请运行：\n  gopay-doctor check --check-network\n",
        ),
    ],
)
def test_languages(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str, out: str) -> None:
    at(monkeypatch, PEAK)
    assert cli("check", "--lang", lang).out == out


def test_json(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, PEAK)
    run = cli("check", "--format", "json")
    assert run.code == 1
    doc = json.loads(run.out)
    assert (doc["schema_version"], doc["lang"], doc["ok"]) == (1, "en", False)
    clock, network = doc["checks"]
    assert clock == {
        "name": "clock.peak",
        "title": "Peak period",
        "status": "warn",
        "answer": "yes",
        "reason": "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day.",
        "details": [
            "Time: 2026-11-11 19:40 WIB (Asia/Jakarta), fixed by GOPAY_DOCTOR_NOW",
            "Big sale: 11.11, a big online sale day (11.11.2026)",
            f"Data: holidays {HOLIDAYS} and the bundled peak windows",
        ],
        "data": {
            "time": "2026-11-11T19:40:00+07:00",
            "time_zone": "Asia/Jakarta",
            "fixed": True,
            "known": True,
            "peaks": [
                {
                    "kind": "sale",
                    "name": "11.11, a big online sale day",
                    "from": "2026-11-11",
                    "to": "2026-11-11",
                    "hours": None,
                    "expected": False,
                },
            ],
            "holidays": [],
            "holidays_version": HOLIDAYS,
            "file": None,
        },
    }
    at(monkeypatch, "2027-03-10T19:00:00+07:00")
    lebaran = json.loads(cli("check", "--format", "json", "--lang", "zh").out)["checks"][0]
    assert lebaran["data"]["peaks"][1] == {
        "kind": "festive",
        "name": "开斋节返乡季",
        "from": "2027-03-03",
        "to": "2027-03-17",
        "hours": None,
        "expected": True,
    }
    assert lebaran["data"]["holidays"] == [
        {"name": "开斋节", "peak": True, "expected": True},
    ]
    at(monkeypatch, "2026-07-25T19:00:00+07:00")
    payday = json.loads(cli("check", "--format", "json").out)["checks"][0]
    assert payday["data"]["peaks"][0]["hours"] == {"from": "18:00", "to": "22:00"}
    assert (network["name"], network["status"], network["answer"]) == (
        "network.reachable",
        "skipped",
        None,
    )
    at(monkeypatch, QUIET)
    quiet = cli("check", "-f", "json")
    assert (quiet.code, json.loads(quiet.out)["ok"]) == (0, True)


def test_ascii_symbols_with_term_dumb(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, QUIET)
    monkeypatch.setenv("TERM", "dumb")
    assert cli("check").out.startswith("v Peak period: It is 10:05 WIB")


def test_ascii_symbols_where_the_terminal_cannot_show_them() -> None:
    run = run_process(
        "check",
        env={"GOPAY_DOCTOR_NOW": QUIET, "PYTHONIOENCODING": "ascii", "TERM": "xterm"},
        cwd=ROOT,
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == (
        "v Peak period: It is 10:05 WIB on 7.7.2026: not a peak period (no big sale, Lebaran "
        "season, payday evening or major holiday)."
    )


def test_help_has_examples(cli: CliRunner) -> None:
    run = cli("check", "--help")
    assert run.code == 0
    for text in ("gopay-doctor check --check-network -v", "--format", "GOPAY_DOCTOR_NOW"):
        assert text in run.out
    assert "--check-network" in cli("diagnose", "--help").out
    assert "--auto" in cli("diagnose", "--help").out


# --- with --check-network, against loopback only -------------------------------------------------


def flows_dir(tmp_path: Path, hosts: list[tuple[str, int, bool, str]]) -> str:
    network_file(tmp_path / "flows", hosts)
    return str(tmp_path / "flows")


def test_network_that_works(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    at(monkeypatch, QUIET)
    folder = flows_dir(
        tmp_path,
        [
            ("127.0.0.1", servers.accepting, False, "reference"),
            ("127.0.0.1", servers.silent, False, "service"),
        ],
    )
    run = cli("check", "--check-network", "--flows-dir", folder)
    assert run.code == 0, run.out
    lines = run.out.splitlines()
    assert re.fullmatch(
        r"✓ Network: Your connection works: all 2 sites answered \(slowest \d+ ms\)\.", lines[1]
    )
    assert lines[-1] == "All checks passed."


def test_their_service_down_but_the_internet_fine(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    at(monkeypatch, QUIET)
    folder = flows_dir(
        tmp_path,
        [
            ("127.0.0.1", servers.accepting, False, "reference"),
            ("127.0.0.1", servers.closed, False, "service"),
        ],
    )
    run = cli("check", "--check-network", "--flows-dir", folder, "-f", "json")
    assert run.code == 1
    network = json.loads(run.out)["checks"][1]
    assert (network["status"], network["answer"]) == ("warn", "yes")
    assert network["reason"] == (
        "Other sites answer, but GoPay's servers did not (127.0.0.1: refused): "
        "the trouble is probably on their side."
    )
    hosts = network["data"]["hosts"]
    assert [(h["role"], h["ok"], h["failure"], h["phase"]) for h in hosts] == [
        ("reference", True, None, "done"),
        ("service", False, "refused", "tcp"),
    ]


def test_some_sites_fail_is_unstable(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    at(monkeypatch, QUIET)
    folder = flows_dir(
        tmp_path,
        [
            ("127.0.0.1", servers.accepting, False, "reference"),
            ("127.0.0.1", servers.silent, True, "reference"),
        ],
    )
    run = cli("check", "--check-network", "--flows-dir", folder)
    assert run.code == 1
    assert run.out.splitlines()[1] == (
        "! Network: Only 1 of 2 sites answered (timed out): your connection looks unstable."
    )


def test_nothing_answers(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, servers: Servers
) -> None:
    at(monkeypatch, QUIET)
    folder = flows_dir(
        tmp_path,
        [
            ("127.0.0.1", servers.closed, False, "reference"),
            ("nothing.invalid", 443, True, "reference"),
            ("127.0.0.1", servers.plain, True, "service"),
        ],
    )
    run = cli("check", "--check-network", "--flows-dir", folder, "-v")
    assert run.code == 1
    lines = run.out.splitlines()
    port = servers.closed
    assert lines[3:9] == [
        "✗ Network: No site could be reached (refused, no DNS): check mobile data or Wi-Fi.",
        f"    127.0.0.1 (127.0.0.1:{port}, reference): refused at TCP after "
        + lines[4].split(" after ")[1],
        "    nothing.invalid (nothing.invalid:443, reference): no DNS after "
        + lines[5].split(" after ")[1],
        f"    127.0.0.1 (127.0.0.1:{servers.plain}, GoPay service): TLS error after "
        + lines[6].split(" after ")[1],
        "    Sent: connection attempts and TLS handshakes only, no data.",
        f"    Data: {tmp_path}/flows/checks/network.yaml",
    ]
    assert lines[4].endswith(" ms: Connection refused")
    assert lines[5].endswith(" ms: names under .invalid never resolve (RFC 6761)")
    assert lines[-1] == "1 of 2 checks found something."


def test_a_broken_network_file(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    network_file(tmp_path / "flows", [("127.0.0.1", 70000, False, "reference")])
    run = cli("check", "--check-network", "--flows-dir", "flows")
    assert (run.code, run.out) == (2, "")
    assert (
        run.err
        == "flows/checks/network.yaml:4:29: error: must be at most 65535, got 70000 [schema]\n"
    )


def test_without_the_flag_no_connection_is_attempted(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network check ran without --check-network")

    monkeypatch.setattr("gopay_doctor.checks.network.probe_all", forbidden)
    at(monkeypatch, QUIET)
    assert cli("check").code == 0
    assert cli("check", "-v", "-f", "json").code == 0


# --- the verdict from what the probes found -----------------------------------------------------


def probe(role: str, failure: Failure | None = None, ms: int = 20) -> Probe:
    return Probe(
        Target(f"{role}.example", 443, True, role),
        failure,
        "done" if failure is None else "tcp",
        ms,
    )


@pytest.mark.parametrize(
    ("probes", "status", "value", "reason"),
    [
        (
            [probe("reference"), probe("service", ms=80)],
            "ok",
            "yes",
            "Your connection works: all 2 sites answered (slowest 80 ms).",
        ),
        (
            [probe("reference", ms=2000), probe("reference")],
            "warn",
            "unstable",
            "Sites answered, but slowly (up to 2000 ms): your connection looks unstable.",
        ),
        (
            [probe("reference", "timeout"), probe("reference", "dns"), probe("service", "tls")],
            "fail",
            "no",
            "No site could be reached (timed out, no DNS): check mobile data or Wi-Fi.",
        ),
        (
            [probe("service", "refused"), probe("service")],  # no reference hosts: all count
            "warn",
            "unstable",
            "Only 1 of 2 sites answered (refused): your connection looks unstable.",
        ),
    ],
)
def test_the_verdict(probes: list[Probe], status: str, value: str, reason: str) -> None:
    result = summarize(probes, slow_ms=1500)
    assert (result.status, result.value, result.reason) == (status, value, reason)


def test_colour_marks_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from gopay_doctor.checks import CheckResult
    from gopay_doctor.commands.check import summary
    from gopay_doctor.output import Output

    class Terminal(io.StringIO):
        encoding = "utf-8"

        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("TERM", raising=False)
    results = [
        CheckResult("clock.peak", "ok", "no", "quiet"),
        CheckResult("network.reachable", "fail", "no", "down"),
    ]
    shown = Output(stdout=Terminal(), environ={})
    assert summary(results, "en", False, shown).splitlines()[:2] == [
        "\x1b[32m✓\x1b[0m Peak period: quiet",
        "\x1b[31m✗\x1b[0m Network: down",
    ]
    plain = Output(stdout=Terminal(), no_color=True, environ={})
    assert summary(results, "en", False, plain).splitlines()[0] == ("✓ Peak period: quiet")
