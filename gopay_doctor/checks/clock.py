"""``clock.peak``: is it a peak period in Indonesia right now?

Judged in Jakarta time (WIB) by :class:`~gopay_doctor.checks.calendar.Calendar`: the
public holidays of the ``holidays`` package and the windows of ``checks/peak-periods.yaml``
(sale days, the Lebaran season, payday evenings, major holidays). Inside a window the
check proposes ``yes`` (status warn: support is likely overloaded), outside every window
``no``. When the calendar has no dates for the time it says it does not know (status
skipped) and proposes nothing, so the question is simply asked.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from gopay_doctor import clock
from gopay_doctor.checks import CheckContext, CheckResult, Status, data
from gopay_doctor.checks.calendar import (
    FILE,
    Hit,
    Named,
    PeakPeriods,
    calendar_of,
    library,
    years_around,
)
from gopay_doctor.contract.model import Text
from gopay_doctor.i18n import label, pick

NAME = "clock.peak"


def check(context: CheckContext) -> CheckResult:
    lang = context.lang
    local = (context.now or clock.now()).astimezone(clock.jakarta())
    day = local.date()
    path = data.find(FILE, context.dirs)
    periods, doc = data.read_once(path, PeakPeriods)
    calendar = calendar_of(periods, library(years_around(day.year)))
    known = calendar.knows(day)
    hits = calendar.matches(local) if known else []
    others = [h for h in calendar.holidays_on(day) if not h.peak]
    shown = {"time": _clock(local.hour * 60 + local.minute, lang), "date": _date(day, lang)}

    status: Status
    if not known:
        status, value = "skipped", None
        reason = label("clock_unknown", lang).format(year=day.year, **shown)
    elif hits:
        status, value = "warn", "yes"
        what = ("；" if lang == "zh" else "; ").join(_name(h.name, h.expected, lang) for h in hits)
        reason = label("clock_peak", lang).format(what=what, **shown)
    else:
        status, value = "ok", "no"
        if others:
            names = label("list_separator", lang).join(
                _name(h.name, h.expected, lang) for h in others
            )
            reason = label("clock_quiet_day", lang).format(day=names, **shown)
        else:
            reason = label("clock_quiet", lang).format(**shown)

    fixed = context.now is not None or bool(os.environ.get(clock.ENV, "").strip())
    zone = f"（{clock.JAKARTA}）" if lang == "zh" else f" ({clock.JAKARTA})"
    when = f"{local.isoformat(' ', 'minutes')[:16]} WIB{zone}"  # strftime costs 5 times more
    if fixed:
        when = label("clock_fixed", lang).format(time=when, env=clock.ENV)
    details = [label("clock_time", lang).format(time=when)]
    details += [_line(label("peak_" + hit.kind, lang), hit, lang) for hit in hits]
    details += [
        label("check_line", lang).format(
            title=label("peak_holiday", lang),
            text=label("clock_not_peak", lang).format(name=_name(h.name, h.expected, lang)),
        )
        for h in others
    ]
    version = calendar.library.version
    bundled = data.is_bundled(path)
    if not version:
        details.append(label("clock_no_library", lang))
    elif bundled:
        details.append(label("clock_data_bundled", lang).format(version=version))
    else:
        details.append(label("clock_data_file", lang).format(version=version, file=doc.name))
    return CheckResult(
        NAME,
        status,
        value,
        reason,
        tuple(details),
        {
            "time": local.isoformat(),
            "time_zone": clock.JAKARTA,
            "fixed": fixed,
            "known": known,
            "peaks": [_peak(hit, lang) for hit in hits],
            "holidays": [_holiday(h, lang) for h in calendar.holidays_on(day)],
            "holidays_version": version or None,
            "file": None if bundled else doc.name,
        },
    )


def _name(name: Text, expected: bool, lang: str) -> str:
    """A window's name in ``lang``, marked when its dates are an estimate."""
    shown = pick(name, lang)
    return label("clock_expected", lang).format(name=shown) if expected else shown


def _line(title: str, hit: Hit, lang: str) -> str:
    """``Big sale: 11.11, a big online sale day (11.11.2026)``; ``(expected: ...)`` for
    dates that follow from an estimate."""
    span = _date(hit.first, lang)
    if hit.last != hit.first:
        span += "–" + _date(hit.last, lang)
    if hit.hours is not None:
        span += ("，" if lang == "zh" else ", ") + "–".join(_clock(m, lang) for m in hit.hours)
    if hit.expected:
        span = label("clock_expected_span", lang).format(span=span)
    where = f"（{span}）" if lang == "zh" else f" ({span})"
    return label("check_line", lang).format(title=title, text=pick(hit.name, lang) + where)


def _peak(hit: Hit, lang: str) -> dict[str, Any]:
    hours = None
    if hit.hours is not None:
        hours = {"from": _clock(hit.hours[0], "en"), "to": _clock(hit.hours[1], "en")}
    return {
        "kind": hit.kind,
        "name": pick(hit.name, lang),
        "from": hit.first.isoformat(),
        "to": hit.last.isoformat(),
        "hours": hours,
        "expected": hit.expected,
    }


def _holiday(holiday: Named, lang: str) -> dict[str, Any]:
    return {"name": pick(holiday.name, lang), "peak": holiday.peak, "expected": holiday.expected}


def _clock(minutes: int, lang: str) -> str:
    """19:40; Indonesian writes 19.40."""
    separator = "." if lang == "id" else ":"
    return f"{minutes // 60:02d}{separator}{minutes % 60:02d}"


def _date(day: dt.date, lang: str) -> str:
    """11.11.2026; Chinese writes 2026年11月11日."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day}.{day.month}.{day.year}"
