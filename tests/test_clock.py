"""The one clock: ``GOPAY_DOCTOR_NOW`` fixes "now" for every part of the program."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from gopay_doctor.clock import now, parse
from gopay_doctor.errors import GopayDoctorError
from tests.conftest import ROOT, CliRunner

JAKARTA = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-11T19:40:00+07:00", datetime(2026, 11, 11, 19, 40, tzinfo=JAKARTA)),
        ("2026-11-11T12:40:00Z", datetime(2026, 11, 11, 12, 40, tzinfo=timezone.utc)),
        (" 2026-11-11T12:40:00z ", datetime(2026, 11, 11, 12, 40, tzinfo=timezone.utc)),
        ("2026-11-11 19:40+07:00", datetime(2026, 11, 11, 19, 40, tzinfo=JAKARTA)),
    ],
)
def test_fixed_times_are_aware(text: str, expected: datetime) -> None:
    moment = now({"GOPAY_DOCTOR_NOW": text})
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


def test_a_time_without_offset_is_jakarta_time() -> None:
    """The same value is the same moment on every machine, whatever its own time zone."""
    moment = parse("2026-11-11T19:40:00")
    assert moment == datetime(2026, 11, 11, 19, 40, tzinfo=JAKARTA)
    assert moment.utcoffset() == timedelta(hours=7)
    assert parse("2026-11-11") == datetime(2026, 11, 11, tzinfo=JAKARTA)  # a date: midnight


def test_without_the_variable_it_is_the_system_clock() -> None:
    before = datetime.now(timezone.utc)
    moment = now({})
    assert moment.tzinfo is not None
    assert before - timedelta(seconds=1) <= moment <= datetime.now(timezone.utc)


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01T00:00:00", "11.11.2026 19:40"])
def test_a_bad_value_is_one_clear_error(text: str) -> None:
    with pytest.raises(GopayDoctorError) as info:
        now({"GOPAY_DOCTOR_NOW": text})
    assert str(info.value) == (
        f"GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: {text!r} "
        "(for example 2026-11-11T19:40:00+07:00)"
    )


FAR = [
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01",
    "9999-12-31",
    "1969-12-31T23:59:59Z",
    "9001-01-01T00:00:00+07:00",
]


@pytest.mark.parametrize("text", FAR)
@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("check", "--format", "json"),
        ("diagnose", "-a", "risk=none", "--defaults", "--format", "json"),
        ("diagnose", "--auto", "-a", "risk=none", "--defaults", "--format", "json"),
        ("flows", "check"),
    ],
)
def test_a_year_out_of_range_is_one_clear_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, text: str, command: tuple[str, ...]
) -> None:
    """Years near Python's limits once overflowed when converted to Jakarta time (exit 3)."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", text)
    run = cli(*command)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"gopay-doctor: error: GOPAY_DOCTOR_NOW: the year must be from 1970 to 9000: {text!r} "
        "(for example 2026-11-11T19:40:00+07:00)\n"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "1970-01-01T00:00:00+14:00",
            "✓ Peak period: It is 17:00 WIB on 31.12.1969: not a peak period (no big sale, "
            "Lebaran season, payday evening or major holiday).",
        ),
        (
            "9000-12-31T23:59:59-12:00",
            "- Peak period: It is 18:59 WIB on 1.1.9001: whether this is a peak period is not "
            "known (no holiday dates for 9001).",
        ),
    ],
)
def test_the_first_and_last_years_work(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, text: str, line: str
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", text)
    monkeypatch.chdir(ROOT)
    run = cli("check")
    assert run.err == ""
    assert (run.code, run.out.splitlines()[0]) == (0, line)


def test_a_saved_result_of_any_year_still_exports(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bound is for the clock only: a result's own created_at is shown as it is."""
    import json

    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T09:30:00+07:00")
    made = cli("diagnose", "-a", "risk=none", "--defaults", "--format", "json")
    saved = tmp_path / "result.json"
    saved.write_text(
        json.dumps({**json.loads(made.out), "created_at": "9999-12-31T23:59:59-12:00"}),
        encoding="utf-8",
    )
    run = cli("export", str(saved), "-o", "-", "--output-format", "txt")
    assert (run.code, run.err) == (0, "")
    assert "Made: 9999-12-31 23:59 UTC-12:00" in run.out.splitlines()
