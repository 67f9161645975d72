"""The one clock: ``GOPAY_DOCTOR_NOW`` fixes "now" for every part of the program."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from gopay_doctor.clock import now, parse
from gopay_doctor.errors import GopayDoctorError

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
