"""What time it is: the system clock, or ``GOPAY_DOCTOR_NOW`` for tests and reproducible runs.

``GOPAY_DOCTOR_NOW`` is an ISO 8601 date and time such as ``2026-11-11T19:40:00+07:00``
(``Z`` for UTC works too). A value without an offset is Jakarta time (WIB), so the same
value means the same moment on every machine; a date alone is midnight in Jakarta.
Its year must lie between :data:`MIN_YEAR` and :data:`MAX_YEAR`: far from the limits of
Python's dates, so converting it to another time zone, or looking a year back or ahead
in the peak-period calendar, cannot overflow.
Every part of the program that needs "now" asks :func:`now`, so one variable fixes
them all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gopay_doctor.errors import GopayDoctorError

ENV = "GOPAY_DOCTOR_NOW"
JAKARTA = "Asia/Jakarta"
MIN_YEAR = 1970
MAX_YEAR = 9000


def from_iso(text: str) -> datetime:
    """An ISO 8601 date and time, naive when it has no offset; ``ValueError`` if it is none."""
    value = text.strip()
    if value[-1:] in ("Z", "z"):  # Python 3.10's fromisoformat does not know Z
        value = value[:-1] + "+00:00"
    return datetime.fromisoformat(value)


def parse(text: str) -> datetime:
    """An ISO 8601 date and time as an aware datetime (Jakarta time when it has no offset).

    ``ValueError`` says what is wrong: not ISO 8601, or a year out of range.
    """
    try:
        moment = from_iso(text)
    except ValueError:
        raise ValueError("not an ISO 8601 date and time") from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"the year must be from {MIN_YEAR} to {MAX_YEAR}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=jakarta())


def now(environ: Mapping[str, str] | None = None) -> datetime:
    """The current time, aware: ``GOPAY_DOCTOR_NOW`` when set, else the system clock in local time."""
    fixed = (os.environ if environ is None else environ).get(ENV)
    if not fixed:
        return datetime.now().astimezone()
    try:
        return parse(fixed)
    except ValueError as exc:
        raise GopayDoctorError(
            f"{ENV}: {exc}: {fixed!r} (for example 2026-11-11T19:40:00+07:00)"
        ) from None


def today(environ: Mapping[str, str] | None = None) -> date:
    """Today's date in Jakarta (WIB), from :func:`now`: what date answers and deadlines are
    judged by, wherever the program runs."""
    return now(environ).astimezone(jakarta()).date()


def jakarta() -> tzinfo:
    """The Asia/Jakarta time zone (WIB), from the system's zone data or the tzdata package."""
    try:
        return ZoneInfo(JAKARTA)
    except ZoneInfoNotFoundError:
        raise GopayDoctorError(
            f"no time zone data for {JAKARTA}; install the 'tzdata' package"
        ) from None
