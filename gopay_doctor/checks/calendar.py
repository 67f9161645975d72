"""Peak periods in Indonesia: the data file, the public holidays, and the windows a time is in.

Public holidays come from the ``holidays`` package (:func:`library`), which computes
Indonesia's moving Islamic, Hindu, Buddhist and Chinese holidays for any year and marks
dates that no decree has fixed yet as estimated. The data file
``checks/peak-periods.yaml`` holds what no library has: a name in every language for
those holidays and which of them are peak days, the windows of our own (sale days,
payday evenings, the Lebaran season around Eid al-Fitr, ...), and overrides for one
year. :class:`Calendar` joins the two; it is pure, so tests need no clock and can give
it any holidays they like.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Annotated, Literal, NamedTuple

import msgspec

from gopay_doctor.contract.folder import PEAK_PERIODS_FILE
from gopay_doctor.contract.model import DataPath, Record, Text
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.errors import FileProblems, Problem
from gopay_doctor.plaintext import quoted

FILE = PEAK_PERIODS_FILE
Kind = Literal["holiday", "festive", "sale", "payday", "busy-hour"]
KINDS = ("holiday", "festive", "sale", "payday", "busy-hour")
"""Every kind of window, in the order a reason lists them: the strongest first."""

DayOfMonth = Annotated[int, msgspec.Meta(ge=1, le=31)]
Offset = Annotated[int, msgspec.Meta(ge=-90, le=90)]
"""Days before (negative) or after a holiday: within 90, so a window around a holiday
never reaches further than the year before or after it."""
Year = Annotated[int, msgspec.Meta(ge=1970, le=9000)]
DAY = 24 * 60
_TIME = re.compile(r"^(?:([01][0-9]|2[0-3]):([0-5][0-9])|(24):(00))$")
_DATE = re.compile(r"^([1-9]|[12][0-9]|3[01])\.([1-9]|1[0-2])$")


class Hours(Record, frozen=True, kw_only=True):
    """Part of a day: from ``from`` up to, not including, ``to`` (``24:00`` for midnight)."""

    start: str = msgspec.field(name="from")
    end: str = msgspec.field(name="to")


class Holiday(Record, frozen=True, kw_only=True):
    """A holiday of the ``holidays`` package: its names here, and whether it is a peak day."""

    key: str = msgspec.field(name="holiday")
    """The package's English name for it, such as ``Eid al-Fitr``."""
    name: Text
    peak: bool = False


class Window(Record, frozen=True, kw_only=True):
    """A window of our own: on one ``date`` (``D.M``) every year, one ``day`` every month,
    or from ``from-day`` to ``to-day`` days ``around`` each date of a holiday."""

    date: str | None = None
    day: DayOfMonth | None = None
    around: str | None = None
    from_day: Offset = msgspec.field(default=0, name="from-day")
    to_day: Offset = msgspec.field(default=0, name="to-day")
    hours: Hours | None = None
    kind: Kind
    name: Text


class HolidayDates(Record, frozen=True, kw_only=True):
    """Decreed dates of a holiday in one year, replacing the package's dates."""

    holiday: str
    year: Year
    dates: list[dt.date]


class DatedWindow(Record, frozen=True, kw_only=True):
    """A window on dates of one year: ``from`` to ``to``, inclusive."""

    start: dt.date = msgspec.field(name="from")
    end: dt.date | None = msgspec.field(default=None, name="to")
    hours: Hours | None = None
    kind: Kind
    name: Text


class Overrides(Record, frozen=True, kw_only=True):
    """Corrections for one year each, when a decree differs from the package."""

    holidays: list[HolidayDates] = msgspec.field(default_factory=list)
    windows: list[DatedWindow] = msgspec.field(default_factory=list)


class PeakPeriods(Record, frozen=True, kw_only=True):
    """The whole data file."""

    holidays: list[Holiday] = msgspec.field(default_factory=list)
    windows: list[Window] = msgspec.field(default_factory=list)
    overrides: Overrides = msgspec.field(default_factory=Overrides)

    def check_values(self, doc: Document) -> None:
        problems = value_problems(self, doc)
        if problems:
            raise FileProblems(problems)

    def dated_problems(self, doc: Document, today: dt.date) -> list[Problem]:
        """Whether the calendar answers for this year and the next (see :func:`coverage`)."""
        return coverage(self, doc, today)


# --- the holidays package ------------------------------------------------------------------


class Day(NamedTuple):
    """A public holiday on a date, as the ``holidays`` package gives it."""

    key: str
    """Its English name, such as ``Eid al-Fitr``."""
    estimated: bool
    """Computed by the package rather than fixed by a decree."""


class Library(NamedTuple):
    """Indonesia's public holidays in some years, from the ``holidays`` package."""

    version: str
    """The package's version; empty when it is not installed."""
    years: frozenset[int]
    days: Mapping[dt.date, tuple[Day, ...]]
    decreed: frozenset[int] = frozenset()
    """The years for which the package has the joint decree on collective leave."""


@lru_cache(maxsize=16)
def library(years: tuple[int, ...]) -> Library:
    """Indonesia's public holidays in ``years``, from the ``holidays`` package."""
    try:
        import holidays  # here, not at the top: ~0.3 s (every country), paid only when asked
        from holidays.version import __version__
    except ImportError:
        return Library("", frozenset(years), {})
    public = holidays.country_holidays(
        "ID", years=years, language="en_US", categories=("public",), observed=False
    )
    leave = holidays.country_holidays(
        "ID", years=years, language="en_US", categories=("government",), observed=False
    )
    estimated = public.tr(public.estimated_label)  # "%s (estimated)"
    return Library(
        __version__,
        frozenset(years),
        {day: _days(name, estimated) for day, name in sorted(public.items())},
        frozenset(day.year for day in leave),
    )


def _days(names: str, estimated: str) -> tuple[Day, ...]:
    """``Ascension Day; Eid al-Fitr (estimated)`` as two days, one of them estimated."""
    prefix, _, suffix = estimated.partition("%s")
    found = []
    for name in names.split("; "):
        guess = name.startswith(prefix) and name.endswith(suffix) and len(name) > len(estimated)
        key = name[len(prefix) : len(name) - len(suffix)] if guess else name
        found.append(Day(key, guess))
    return tuple(found)


def years_around(year: int) -> tuple[int, ...]:
    """The years a date's windows can reach into: the year before, its own, the year after."""
    return (year - 1, year, year + 1)


# --- the calendar ----------------------------------------------------------------------------


class Hit(NamedTuple):
    """A window a day (or a time) is in."""

    kind: str
    name: Text
    first: dt.date
    last: dt.date
    hours: tuple[int, int] | None
    """Minutes after midnight, the end excluded; None: all day."""
    expected: bool
    """Its dates follow from an estimated holiday date."""


class Gap(NamedTuple):
    """Why the calendar cannot answer for a year."""

    why: str
    holiday: str | None = None
    """The holiday whose date is missing, when that is the reason."""


class Named(NamedTuple):
    """A public holiday on a day, with its name from the data file (else the package's)."""

    key: str
    name: Text
    peak: bool
    expected: bool


class Calendar:
    """The data file's windows on the dates of a :class:`Library`, after the overrides."""

    def __init__(self, periods: PeakPeriods, found: Library) -> None:
        self.periods = periods
        self.library = found
        self.holidays = {h.key: h for h in periods.holidays}
        dates: dict[str, dict[dt.date, bool]] = {}
        for day, entries in found.days.items():
            for entry in entries:
                dates.setdefault(entry.key, {})[day] = entry.estimated
        for fixed in periods.overrides.holidays:
            known = dates.setdefault(fixed.holiday, {})
            for day in [d for d in known if d.year == fixed.year]:
                del known[day]
            known.update(dict.fromkeys(fixed.dates, False))
        self.dates = dates
        self._on: dict[dt.date, list[Named]] = {}
        for key, days in dates.items():
            holiday = self.holidays.get(key)
            for day, guess in days.items():
                named = Named(
                    key, holiday.name if holiday else key, bool(holiday and holiday.peak), guess
                )
                self._on.setdefault(day, []).append(named)
        self._public_years = {day.year for day in found.days}
        self._known: dict[dt.date, bool] = {}
        self._windows: dict[dt.date, list[Hit]] = {}
        """Days already judged: a long-running caller asks about the same day all day."""

    def holidays_on(self, day: dt.date) -> list[Named]:
        """The public holidays on ``day``."""
        return self._on.get(day, [])

    def gap(self, year: int) -> Gap | None:
        """Why the calendar cannot answer for dates in ``year``, or None when it can."""
        version = self.library.version
        if not version:
            return Gap("the holidays package is not installed")
        if year not in self.library.years or year not in self._public_years:
            return Gap(f"holidays {version} gives no public holidays for {year}")
        for key in self.anchors():
            if not any(day.year == year for day in self.dates.get(key, {})):
                return Gap(f"holidays {version} gives no date for {key!r} in {year}", key)
        return None

    def anchors(self) -> list[str]:
        """The holidays that windows are placed around."""
        return list(dict.fromkeys(w.around for w in self.periods.windows if w.around))

    def knows(self, day: dt.date) -> bool:
        """Whether every date that could put ``day`` in a window is known."""
        if day not in self._known:
            self._known[day] = self._knows(day)
        return self._known[day]

    def _knows(self, day: dt.date) -> bool:
        years = {day.year}
        for window in self.periods.windows:
            if window.around:
                years |= {
                    (day - dt.timedelta(days=d)).year for d in (window.from_day, window.to_day)
                }
        return all(self.gap(year) is None for year in years)

    def windows_on(self, day: dt.date) -> list[Hit]:
        """Every peak window on ``day``, at any hour, in the order of :data:`KINDS`."""
        if day not in self._windows:
            self._windows[day] = self._windows_on(day)
        return list(self._windows[day])

    def _windows_on(self, day: dt.date) -> list[Hit]:
        hits = [
            Hit("holiday", h.name, day, day, None, h.expected)
            for h in self.holidays_on(day)
            if h.peak
        ]
        for window in self.periods.windows:
            hits += self._window(window, day)
        for dated in self.periods.overrides.windows:
            last = dated.end or dated.start
            if dated.start <= day <= last:
                hits.append(
                    Hit(dated.kind, dated.name, dated.start, last, _span(dated.hours), False)
                )
        return sorted(hits, key=lambda h: (KINDS.index(h.kind), h.first))

    def matches(self, local: dt.datetime) -> list[Hit]:
        """Every window that ``local``, a Jakarta time, is in."""
        minute = local.hour * 60 + local.minute
        return [
            hit
            for hit in self.windows_on(local.date())
            if hit.hours is None or hit.hours[0] <= minute < hit.hours[1]
        ]

    def busy_minutes(self, day: dt.date, between: tuple[int, int] = (0, DAY)) -> int:
        """How many minutes of ``day`` (within ``between``) lie in some window."""
        spans = sorted(hit.hours or (0, DAY) for hit in self.windows_on(day))
        busy, reached = 0, between[0]
        for start, end in spans:
            start, end = max(start, reached), min(end, between[1])
            if end > start:
                busy += end - start
                reached = end
        return busy

    def _window(self, window: Window, day: dt.date) -> list[Hit]:
        hours = _span(window.hours)
        if window.date is not None:
            if _day_month(window.date) == (day.day, day.month):
                return [Hit(window.kind, window.name, day, day, hours, False)]
            return []
        if window.day is not None:
            if window.day == day.day:
                return [Hit(window.kind, window.name, day, day, hours, False)]
            return []
        hits = []
        for anchor, guess in sorted(self.dates.get(window.around or "", {}).items()):
            first = anchor + dt.timedelta(days=window.from_day)
            last = anchor + dt.timedelta(days=window.to_day)
            if first <= day <= last:
                hits.append(Hit(window.kind, window.name, first, last, hours, guess))
        return hits


_BUILT: dict[tuple[int, int], tuple[PeakPeriods, Library, Calendar]] = {}


def calendar_of(periods: PeakPeriods, found: Library) -> Calendar:
    """``Calendar(periods, found)``, built once for the same two records: a long-running
    caller (``serve``, a bot) gets the same data file's record (``data.read_once``) and the
    same holidays (:func:`library`) for every question."""
    key = (id(periods), id(found))
    kept = _BUILT.get(key)
    if kept is not None and kept[0] is periods and kept[1] is found:
        return kept[2]
    if len(_BUILT) >= 8:  # a file changed, or a new year: the old ones are not asked again
        _BUILT.clear()
    made = Calendar(periods, found)
    _BUILT[key] = (periods, found, made)
    return made


def busy_share(
    calendar: Calendar, years: Iterable[int], between: tuple[int, int] = (0, DAY)
) -> float:
    """The share of the minutes of ``years`` (within ``between`` each day) in some window.

    ``ValueError`` when the calendar cannot answer for a day of those years.
    """
    busy = total = 0
    for year in years:
        day = dt.date(year, 1, 1)
        while day.year == year:
            if not calendar.knows(day):
                raise ValueError(f"the calendar has no dates for {day}")
            busy += calendar.busy_minutes(day, between)
            total += between[1] - between[0]
            day += dt.timedelta(days=1)
    return busy / total


# --- the file's values, and whether it answers for this year -------------------------------------


def value_problems(periods: PeakPeriods, doc: Document) -> list[Problem]:
    """What the records cannot say: times and dates exist, ranges run forward, names are known."""
    problems: list[Problem] = []

    def add(path: DataPath, message: str) -> None:
        problems.append(doc.problem(path, message, rule=Rule.SCHEMA))

    keys: dict[str, int] = {}
    for i, holiday in enumerate(periods.holidays):
        if holiday.key in keys:
            add(
                ("holidays", i, "holiday"),
                f"holiday {quoted(holiday.key)} is named twice (also entry {keys[holiday.key] + 1})",
            )
        keys.setdefault(holiday.key, i)
    for i, window in enumerate(periods.windows):
        where: DataPath = ("windows", i)
        rules = [k for k in ("date", "day", "around") if getattr(window, k) is not None]
        if len(rules) != 1:
            add(
                where,
                "a window needs exactly one of date (D.M), day (of the month) or around (a holiday)",
            )
        if window.date is not None and _day_month(window.date) is None:
            add(
                (*where, "date"),
                f"{quoted(window.date)} is not a day of the year; write D.M, such as 11.11",
            )
        if window.around is not None and window.around not in keys:
            add(
                (*where, "around"), f"{quoted(window.around)} is not a holiday named under holidays"
            )
        if window.around is None and (window.from_day or window.to_day):
            add((*where, "from-day"), "from-day and to-day count days around a holiday: add around")
        if window.to_day < window.from_day:
            add(
                (*where, "to-day"),
                f"to-day ({window.to_day}) is before from-day ({window.from_day})",
            )
        _hours(window.hours, (*where, "hours"), add)
    for i, fixed in enumerate(periods.overrides.holidays):
        where = ("overrides", "holidays", i)
        if fixed.holiday not in keys:
            add(
                (*where, "holiday"),
                f"{quoted(fixed.holiday)} is not a holiday named under holidays",
            )
        for j, day in enumerate(fixed.dates):
            if day.year != fixed.year:
                add((*where, "dates", j), f"{day} is not in {fixed.year}")
    for i, dated in enumerate(periods.overrides.windows):
        where = ("overrides", "windows", i)
        if dated.end is not None and dated.end < dated.start:
            add((*where, "to"), f"'to' ({dated.end}) is before 'from' ({dated.start})")
        _hours(dated.hours, (*where, "hours"), add)
    return problems


def coverage(periods: PeakPeriods, doc: Document, today: dt.date) -> list[Problem]:
    """For the flow author: this year and the next must be answerable (rule ``check-data``),
    and the calendar should be current (rule ``stale-calendar``, a warning): the installed
    package has this year's decree, and every holiday it gives has names here."""
    years = (today.year, today.year + 1)
    calendar = Calendar(
        periods, library(tuple(sorted({*years_around(years[0]), *years_around(years[1])})))
    )
    version = calendar.library.version
    problems = []
    for year in years:
        gap = calendar.gap(year)
        if gap is not None:
            around = [
                i for i, w in enumerate(periods.windows) if gap.holiday and w.around == gap.holiday
            ]
            problems.append(
                doc.problem(
                    ("windows", around[0], "around") if around else ("overrides",),
                    f"the peak-period check cannot answer for {year}: {gap.why}; upgrade the "
                    "holidays package, or add that year's dates under overrides",
                    key=not around,
                    rule=Rule.CHECK_DATA,
                )
            )
    if problems:
        return problems
    fixed = {o.year for o in periods.overrides.holidays}
    if today.year not in calendar.library.decreed and today.year not in fixed:
        problems.append(
            doc.problem(
                ("overrides",),
                f"holidays {version} has no joint decree on holidays and collective leave for "
                f"{today.year}: its dates for {today.year} are computed, so the check calls them "
                "expected; upgrade holidays once a release has the decree, or add the decreed "
                "dates under overrides",
                key=True,
                rule=Rule.STALE_CALENDAR,
            )
        )
    unnamed: dict[str, dt.date] = {}
    for day, entries in sorted(calendar.library.days.items()):
        for entry in entries:
            if day.year in years and entry.key not in calendar.holidays:
                unnamed.setdefault(entry.key, day)
    problems += [
        doc.problem(
            ("holidays",),
            f"holidays {version} gives a holiday {key!r} ({day}) that has no names here; add "
            "it under holidays with its name in every language",
            key=True,
            rule=Rule.STALE_CALENDAR,
        )
        for key, day in unnamed.items()
    ]
    return problems


def _hours(hours: Hours | None, where: DataPath, add: Callable[[DataPath, str], None]) -> None:
    if hours is None:
        return
    bad = False
    for key, value in (("from", hours.start), ("to", hours.end)):
        if not _TIME.match(value) or (key == "from" and value == "24:00"):
            add((*where, key), f"{quoted(value)} is not a time of day; write HH:MM")
            bad = True
    if not bad and _minutes(hours.end) <= _minutes(hours.start):
        add((*where, "to"), f"'to' ({hours.end}) is not after 'from' ({hours.start})")


def _span(hours: Hours | None) -> tuple[int, int] | None:
    return None if hours is None else (_minutes(hours.start), _minutes(hours.end))


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _day_month(text: str) -> tuple[int, int] | None:
    """``11.11`` as (11, 11); None when it is no day of a leap year."""
    found = _DATE.match(text)
    if found is None:
        return None
    day, month = int(found.group(1)), int(found.group(2))
    try:
        dt.date(2024, month, day)  # a leap year: 29.2 exists
    except ValueError:
        return None
    return day, month
