"""Peak periods in Indonesia: the data file's records, and which windows a local time is in.

The file is ``checks/peak-periods.yaml`` (bundled: ``flows/checks/peak-periods.yaml``).
Every window is in Jakarta time; matching is pure, so it needs no clock and no zone data.
"""

import datetime as dt
import re
from typing import Annotated, Literal, NamedTuple

import msgspec

from gopay_doctor.contract.folder import PEAK_PERIODS_FILE
from gopay_doctor.contract.model import Record, Text
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.yamlsafe import DataPath, Document
from gopay_doctor.errors import FileProblems, Problem

FILE = PEAK_PERIODS_FILE
Kind = Literal["sale", "payday", "holiday", "festive"]
KINDS = ("holiday", "festive", "sale", "payday", "busy-hour")
"""Every kind of window, in the order a reason lists them: the strongest first."""

Month = Annotated[int, msgspec.Meta(ge=1, le=12)]
DayOfMonth = Annotated[int, msgspec.Meta(ge=1, le=31)]
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class BusyHours(Record, frozen=True, kw_only=True):
    """Every day, from ``from`` up to (not including) ``to``; may wrap past midnight."""

    start: str = msgspec.field(name="from")
    end: str = msgspec.field(name="to")
    name: Text


class Yearly(Record, frozen=True, kw_only=True):
    """The same day(s) every year: ``days`` days from ``month``/``day``."""

    month: Month
    day: DayOfMonth
    days: Annotated[int, msgspec.Meta(ge=1, le=366)] = 1
    kind: Kind
    name: Text


class Monthly(Record, frozen=True, kw_only=True):
    """The same days every month, ``from-day`` to ``to-day``; may wrap past the 1st."""

    from_day: DayOfMonth = msgspec.field(name="from-day")
    to_day: DayOfMonth = msgspec.field(name="to-day")
    kind: Kind
    name: Text


class Dated(Record, frozen=True, kw_only=True):
    """One-off dates, ``from`` to ``to`` inclusive (``to`` defaults to ``from``)."""

    start: dt.date = msgspec.field(name="from")
    end: dt.date | None = msgspec.field(default=None, name="to")
    kind: Kind
    name: Text


class PeakPeriods(Record, frozen=True, kw_only=True):
    """The whole data file."""

    covers_until: dt.date | None = msgspec.field(default=None, name="covers-until")
    """The last date the dated list is complete for; later, the check says to update it."""
    busy_hours: list[BusyHours] = msgspec.field(default_factory=list, name="busy-hours")
    yearly: list[Yearly] = msgspec.field(default_factory=list)
    monthly: list[Monthly] = msgspec.field(default_factory=list)
    dated: list[Dated] = msgspec.field(default_factory=list)

    def check_values(self, doc: Document) -> None:
        check_values(self, doc)


class Hit(NamedTuple):
    """A window a time falls in."""

    kind: str
    name: Text
    start: str
    """Where the window starts, as shown: ``19:00``, ``11.11``, ``2026-03-20``."""
    end: str


def check_values(periods: PeakPeriods, doc: Document) -> None:
    """What the records cannot say: times are HH:MM, dates exist, ranges run forward."""
    problems: list[Problem] = []

    def add(path: DataPath, message: str) -> None:
        problems.append(doc.problem(path, message, rule=Rule.SCHEMA))

    for i, hours in enumerate(periods.busy_hours):
        for key, value in (("from", hours.start), ("to", hours.end)):
            if not _TIME.match(value):
                add(("busy-hours", i, key), f"{value!r} is not a time of day; write HH:MM")
    for i, yearly in enumerate(periods.yearly):
        if not _exists(2024, yearly.month, yearly.day):  # a leap year: 29 February exists
            add(("yearly", i, "day"), f"month {yearly.month} has no day {yearly.day}")
    for i, dated in enumerate(periods.dated):
        if dated.end is not None and dated.end < dated.start:
            add(("dated", i, "to"), f"'to' ({dated.end}) is before 'from' ({dated.start})")
    if problems:
        raise FileProblems(problems)


def matches(periods: PeakPeriods, local: dt.datetime) -> list[Hit]:
    """Every window that ``local`` (a Jakarta time) is in, in the order of :data:`KINDS`."""
    day = local.date()
    minute = local.hour * 60 + local.minute
    hits = [
        Hit("busy-hour", h.name, h.start, h.end)
        for h in periods.busy_hours
        if _in_ring(minute, _minutes(h.start), _minutes(h.end), exclusive_end=True)
    ]
    for yearly in periods.yearly:
        first = _yearly_start(yearly, day)
        if first is not None:
            last = first + dt.timedelta(days=yearly.days - 1)
            hits.append(Hit(yearly.kind, yearly.name, _day_month(first), _day_month(last)))
    hits += [
        Hit(m.kind, m.name, str(m.from_day), str(m.to_day))
        for m in periods.monthly
        if _in_ring(day.day, m.from_day, m.to_day, exclusive_end=False)
    ]
    for dated in periods.dated:
        end = dated.end or dated.start
        if dated.start <= day <= end:
            hits.append(Hit(dated.kind, dated.name, dated.start.isoformat(), end.isoformat()))
    return sorted(hits, key=lambda h: KINDS.index(h.kind))


def _in_ring(value: int, start: int, end: int, *, exclusive_end: bool) -> bool:
    """Whether ``value`` is in ``start``..``end`` on a ring (a range may wrap around)."""
    inside_end = value < end if exclusive_end else value <= end
    if start <= end:
        return start <= value and inside_end
    return start <= value or inside_end


def _yearly_start(yearly: Yearly, day: dt.date) -> dt.date | None:
    """The first day of the yearly window that holds ``day``, if one does."""
    for year in (day.year, day.year - 1):
        if _exists(year, yearly.month, yearly.day):
            first = dt.date(year, yearly.month, yearly.day)
            if first <= day < first + dt.timedelta(days=yearly.days):
                return first
    return None


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _day_month(day: dt.date) -> str:
    return f"{day.day}.{day.month}"
