"""The ``clock.peak`` check: every kind of peak window, time zone edges, bad times and files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gopay_doctor.checks import CheckContext, CheckResult
from gopay_doctor.checks.clock import check
from gopay_doctor.errors import FileProblems, GopayDoctorError
from tests.conftest import ROOT, CliRunner

WIB = dt.timezone(dt.timedelta(hours=7))


def at(when: str, lang: str = "en", dirs: list[Path] | None = None) -> CheckResult:
    return check(CheckContext(lang=lang, now=dt.datetime.fromisoformat(when), dirs=dirs))


def kinds(result: CheckResult) -> list[str]:
    return [peak["kind"] for peak in result.data["peaks"]]


# --- every kind of window in the bundled calendar, inside and just outside ---------------------


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # busy hours: 11:30-13:30 and 19:00-22:00, the end excluded
        ("2026-07-07T19:40:00+07:00", ["busy-hour"]),
        ("2026-07-07T19:00:00+07:00", ["busy-hour"]),
        ("2026-07-07T21:59:00+07:00", ["busy-hour"]),
        ("2026-07-07T22:00:00+07:00", []),
        ("2026-07-07T18:59:00+07:00", []),
        ("2026-07-07T11:30:00+07:00", ["busy-hour"]),
        ("2026-07-07T11:29:00+07:00", []),
        ("2026-07-07T10:00:00+07:00", []),
        # twin-date sales
        ("2026-09-09T09:00:00+07:00", ["sale"]),
        ("2026-10-10T09:00:00+07:00", ["sale"]),
        ("2026-11-11T09:00:00+07:00", ["sale"]),
        ("2026-12-12T09:00:00+07:00", ["sale"]),
        ("2026-11-12T09:00:00+07:00", []),
        ("2026-07-07T09:00:00+07:00", []),  # 7.7 is not on the list
        # payday: the 25th to the 1st, across the month's end
        ("2026-07-25T09:00:00+07:00", ["payday"]),
        ("2026-07-31T09:00:00+07:00", ["payday"]),
        ("2026-08-01T09:00:00+07:00", ["payday"]),
        ("2026-07-24T09:00:00+07:00", []),
        ("2026-07-02T09:00:00+07:00", []),
        # holidays: on a fixed date every year, and dated ones from the 2026 decree
        ("2026-08-17T09:00:00+07:00", ["holiday"]),
        ("2027-08-17T09:00:00+07:00", ["holiday"]),
        ("2026-08-18T09:00:00+07:00", []),
        ("2026-01-16T09:00:00+07:00", ["holiday"]),  # Isra Mi'raj
        ("2026-01-17T09:00:00+07:00", []),
        ("2026-06-16T09:00:00+07:00", ["holiday"]),  # Islamic New Year
        ("2026-06-15T09:00:00+07:00", []),
        ("2026-05-27T09:00:00+07:00", ["holiday", "payday"]),  # Idul Adha in payday week
        ("2026-03-21T09:00:00+07:00", ["holiday"]),  # Idul Fitri
        ("2026-03-24T09:00:00+07:00", ["holiday"]),  # its last collective-leave day
        ("2026-03-25T09:00:00+07:00", ["payday"]),
        ("2026-03-19T09:00:00+07:00", ["holiday", "festive"]),  # Nyepi, the last of Ramadan
        # festive periods: Ramadan (dated) and Christmas to New Year (yearly, across years)
        ("2026-03-05T09:00:00+07:00", ["festive"]),
        ("2026-02-18T09:00:00+07:00", ["festive"]),
        ("2026-02-15T09:00:00+07:00", []),
        ("2026-12-24T09:00:00+07:00", ["holiday", "festive"]),
        ("2026-12-30T09:00:00+07:00", ["festive", "payday"]),
        ("2027-01-01T09:00:00+07:00", ["holiday", "festive", "payday"]),
        ("2027-01-02T09:00:00+07:00", []),
        ("2026-12-23T09:00:00+07:00", []),
        # several at once, the strongest first
        ("2026-12-25T20:00:00+07:00", ["holiday", "festive", "payday", "busy-hour"]),
    ],
)
def test_windows(when: str, expected: list[str]) -> None:
    result = at(when)
    assert kinds(result) == expected
    assert (result.status, result.value) == (("warn", "yes") if expected else ("ok", "no"))


def test_reason_names_the_time_and_every_window() -> None:
    assert at("2026-11-11T19:40:00+07:00").reason == (
        "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day; evening busy hours."
    )
    assert at("2026-07-07T10:05:00+07:00").reason == (
        "It is 10:05 WIB on 7.7.2026: no holiday, big sale, payday or busy hours."
    )


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("id", "Sekarang pukul 19.40 WIB, 11.11.2026: 11.11, hari promo belanja online besar; "
         "jam sibuk malam."),
        ("zh", "现在是雅加达时间 2026年11月11日 19:40：11.11 网购大促日；晚间高峰。"),
    ],
)  # fmt: skip
def test_reason_in_other_languages(lang: str, reason: str) -> None:
    assert at("2026-11-11T19:40:00+07:00", lang).reason == reason


# --- time zones ------------------------------------------------------------------------------


def test_a_utc_time_that_is_already_the_next_day_in_jakarta() -> None:
    result = at("2026-11-10T17:30:00+00:00")  # 11.11 00:30 WIB
    assert kinds(result) == ["sale"]
    assert result.reason.startswith("It is 00:30 WIB on 11.11.2026: ")
    assert result.data["time"] == "2026-11-11T00:30:00+07:00"


def test_one_minute_earlier_is_still_the_day_before() -> None:
    result = at("2026-11-10T16:59:00+00:00")  # 10.11 23:59 WIB
    assert (kinds(result), result.value) == ([], "no")
    assert result.reason.startswith("It is 23:59 WIB on 10.11.2026: ")


def test_a_time_in_another_zone_is_converted() -> None:
    # 08:30 in New York (UTC-5 in November) is 20:30 in Jakarta: evening busy hours
    assert kinds(at("2026-11-16T08:30:00-05:00")) == ["busy-hour"]


@pytest.mark.parametrize(
    ("value", "time"),
    [
        ("2026-11-10T17:30:00Z", "2026-11-11T00:30:00+07:00"),
        ("2026-11-10T17:30:00z", "2026-11-11T00:30:00+07:00"),
        ("2026-11-11T00:30", "2026-11-11T00:30:00+07:00"),  # no offset: Jakarta time
        ("2026-11-11", "2026-11-11T00:00:00+07:00"),  # a date alone: midnight in Jakarta
        ("2026-11-11T08:00:00+09:00", "2026-11-11T06:00:00+07:00"),
    ],
)
def test_gopay_doctor_now(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, value: str, time: str
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", value)
    run = cli("check", "--format", "json")
    data = json.loads(run.out)["checks"][0]["data"]
    assert (data["time"], data["fixed"]) == (time, True)


@pytest.mark.parametrize(
    "value", ["tomorrow", "2026-13-01T10:00", "11.11.2026 19:40", "2026-11-11T25:00"]
)
def test_a_bad_gopay_doctor_now_is_a_usage_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", value)
    run = cli("check")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"gopay-doctor: error: GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: {value!r} "
        "(for example 2026-11-11T19:40:00+07:00)\n"
    )


def test_without_gopay_doctor_now_the_real_time_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOPAY_DOCTOR_NOW", raising=False)
    before = dt.datetime.now(dt.timezone.utc)
    result = check(CheckContext())
    after = dt.datetime.now(dt.timezone.utc)
    seen = dt.datetime.fromisoformat(result.data["time"])
    assert before <= seen <= after
    assert seen.utcoffset() == dt.timedelta(hours=7)
    assert result.data["fixed"] is False


def test_missing_zone_data_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import zoneinfo

    def no_zone(key: str) -> zoneinfo.ZoneInfo:
        raise zoneinfo.ZoneInfoNotFoundError(key)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", no_zone)
    with pytest.raises(GopayDoctorError) as info:
        at("2026-11-11T10:00:00+07:00")
    assert str(info.value) == "no time zone data for Asia/Jakarta; install the 'tzdata' package"


# --- the data file -----------------------------------------------------------------------------


def peak_file(tmp_path: Path, text: str) -> list[Path]:
    folder = tmp_path / "flows"
    (folder / "checks").mkdir(parents=True)
    (folder / "checks" / "peak-periods.yaml").write_text(text, encoding="utf-8")
    return [folder]


def test_a_folder_s_own_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    dirs = peak_file(
        tmp_path,
        "busy-hours:\n  - {from: '22:00', to: '02:00', name: night owls}\n"
        "yearly:\n  - {month: 2, day: 29, kind: festive, name: leap day}\n",
    )
    assert kinds(at("2026-11-11T23:30:00+07:00", dirs=dirs)) == ["busy-hour"]  # 11.11 not listed
    assert kinds(at("2026-11-12T01:59:00+07:00", dirs=dirs)) == ["busy-hour"]  # wraps midnight
    assert kinds(at("2026-11-12T02:00:00+07:00", dirs=dirs)) == []
    assert kinds(at("2028-02-29T12:00:00+07:00", dirs=dirs)) == ["festive"]
    assert kinds(at("2026-03-01T12:00:00+07:00", dirs=dirs)) == []  # no 29.2 in 2026
    assert at("2026-11-11T23:30:00+07:00", dirs=dirs).reason == (
        "It is 23:30 WIB on 11.11.2026: night owls."
    )


def test_the_check_says_when_the_holiday_list_has_run_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled list is complete for 2026 only: 2027's moving holidays are not decreed."""
    monkeypatch.chdir(ROOT)
    stale = (
        "The holiday list covers dates up to 2026-12-31 only; "
        "update flows/checks/peak-periods.yaml."
    )
    result = at("2027-01-07T10:05:00+07:00")
    assert (result.status, result.value, result.data["outdated"]) == ("ok", "no", True)
    assert stale in result.details
    assert result.reason == (
        "It is 10:05 WIB on 7.1.2027: no holiday, big sale, payday or busy hours. " + stale
    )
    last = at("2026-12-31T10:05:00+07:00")
    assert (last.data["covers_until"], last.data["outdated"]) == ("2026-12-31", False)
    assert not any("covers dates" in line for line in [last.reason, *last.details])
    busy = at("2027-01-07T19:40:00+07:00")  # a window found: the answer stands as it is
    assert busy.reason == "It is 19:40 WIB on 7.1.2027: evening busy hours."
    assert stale in busy.details


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "busy-hours:\n  - {from: '19:00', to: '22:00'\n",
            ["flows/checks/peak-periods.yaml:3:1: YAML syntax error: while parsing a flow mapping; "
             "did not find expected ',' or '}'"],
        ),
        (
            "yearly:\n  - {month: 13, day: 1, kind: sale, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:13: must be at most 12, got 13 [schema]"],
        ),
        (
            "yearly:\n  - {month: 2, day: 30, kind: sale, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:21: month 2 has no day 30 [schema]"],
        ),
        (
            "monthly:\n  - {from-day: 25, to-day: 1, kind: paydya, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:37: 'paydya' is not one of: festive, holiday, "
             "payday, sale [schema]"],
        ),
        (
            "busy-hours:\n  - {from: '25:00', to: '7pm', name: x}\n",
            ["flows/checks/peak-periods.yaml:2:12: '25:00' is not a time of day; write HH:MM [schema]",
             "flows/checks/peak-periods.yaml:2:25: '7pm' is not a time of day; write HH:MM [schema]"],
        ),
        (
            "dated:\n  - {from: 2026-03-24, to: 2026-03-20, kind: holiday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:28: 'to' (2026-03-20) is before 'from' (2026-03-24) "
             "[schema]"],
        ),
        (
            "dated:\n  - {from: 2026-02-30, kind: holiday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:12: '2026-02-30' is not a date; write YYYY-MM-DD "
             "[schema]"],
        ),
        (
            "holidays: []\n",
            ["flows/checks/peak-periods.yaml:1:1: unknown key 'holidays'; expected one of: "
             "covers-until, busy-hours, yearly, monthly, dated [schema]"],
        ),
    ],
)  # fmt: skip
def test_a_broken_peak_period_file_names_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, problems: list[str]
) -> None:
    dirs = peak_file(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileProblems) as info:
        at("2026-11-11T10:00:00+07:00", dirs=dirs)
    assert info.value.lines() == problems


def test_a_broken_peak_period_file_through_the_cli(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    peak_file(tmp_path, "yearly:\n  - {month: 13, day: 1, kind: sale, name: x}\n")
    monkeypatch.chdir(tmp_path)
    run = cli("check", "--flows-dir", "flows")
    assert (run.code, run.out) == (2, "")
    assert run.err == "flows/checks/peak-periods.yaml:2:13: must be at most 12, got 13 [schema]\n"


def test_the_bundled_calendar_is_valid_and_complete_in_every_language() -> None:
    from gopay_doctor.checks import data
    from gopay_doctor.checks.calendar import FILE, PeakPeriods, check_values

    periods, doc = data.load(FILE, PeakPeriods, None)
    check_values(periods, doc)  # raises on a problem
    names = [
        *(e.name for e in periods.busy_hours),
        *(e.name for e in periods.yearly),
        *(e.name for e in periods.monthly),
        *(e.name for e in periods.dated),
    ]
    assert len(periods.dated) >= 15
    for name in names:
        assert isinstance(name, dict), name
        assert set(name) == {"en", "id", "zh"}, name
    years = {d.start.year for d in periods.dated}
    assert years == {2026, 2027}
    assert periods.covers_until == dt.date(2026, 12, 31)  # 2027's moving holidays are not known
