"""``clock.peak``: is it a peak period in Indonesia right now?

Judged in Jakarta time (WIB) against ``checks/peak-periods.yaml``: busy hours of the
day, twin-date sales, paydays, holidays and festive seasons. Inside any window the
check proposes ``yes`` (status warn: support is likely overloaded), else ``no``.
"""

from __future__ import annotations

import datetime as dt
import os

from gopay_doctor.checks import CheckContext, CheckResult

NAME = "clock.peak"


def check(context: CheckContext) -> CheckResult:
    from gopay_doctor import clock
    from gopay_doctor.checks import data
    from gopay_doctor.checks.calendar import FILE, PeakPeriods, matches
    from gopay_doctor.i18n import label, pick

    lang = context.lang
    local = (context.now or clock.now()).astimezone(clock.jakarta())
    periods, doc = data.load(FILE, PeakPeriods, context.dirs)
    hits = matches(periods, local)
    shown = {"time": _time(local, lang), "date": _date(local, lang)}
    if hits:
        joiner = "；" if lang == "zh" else "; "
        what = joiner.join(pick(hit.name, lang) for hit in hits)
        reason = label("clock_peak", lang).format(what=what, **shown)
    else:
        reason = label("clock_quiet", lang).format(**shown)

    fixed = context.now is not None or bool(os.environ.get(clock.ENV, "").strip())
    when = f"{local:%Y-%m-%d %H:%M} WIB ({clock.JAKARTA})"
    if fixed:
        when = label("clock_fixed", lang).format(time=when, env=clock.ENV)
    details = [label("clock_time", lang).format(time=when)]
    details += [
        label("check_line", lang).format(
            title=label("peak_" + hit.kind, lang),
            text=f"{pick(hit.name, lang)} ({_span(hit.start, hit.end)})",
        )
        for hit in hits
    ]
    outdated = periods.covers_until is not None and local.date() > periods.covers_until
    if outdated:
        stale = label("clock_outdated", lang).format(date=periods.covers_until, file=doc.name)
        details.append(stale)
        if not hits:  # "no holiday" cannot be said of days the list does not cover
            reason += ("" if lang == "zh" else " ") + stale
    details.append(label("check_data", lang).format(file=doc.name))
    return CheckResult(
        NAME,
        "warn" if hits else "ok",
        "yes" if hits else "no",
        reason,
        tuple(details),
        {
            "time": local.isoformat(),
            "time_zone": clock.JAKARTA,
            "fixed": fixed,
            "peaks": [
                {"kind": h.kind, "name": pick(h.name, lang), "from": h.start, "to": h.end}
                for h in hits
            ],
            "covers_until": periods.covers_until.isoformat() if periods.covers_until else None,
            "outdated": outdated,
            "file": doc.name,
        },
    )


def _time(local: dt.datetime, lang: str) -> str:
    """19:40; Indonesian writes 19.40."""
    separator = "." if lang == "id" else ":"
    return f"{local.hour:02d}{separator}{local.minute:02d}"


def _date(local: dt.datetime, lang: str) -> str:
    """11.11.2026; Chinese writes 2026年11月11日."""
    if lang == "zh":
        return f"{local.year}年{local.month}月{local.day}日"
    return f"{local.day}.{local.month}.{local.year}"


def _span(start: str, end: str) -> str:
    return start if start == end else f"{start}–{end}"
