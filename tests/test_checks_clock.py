"""The ``clock.peak`` check: every kind of peak window, dates from the holidays package in
any year, estimates, overrides, a calendar that cannot answer, time zones and bad files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gopay_doctor import clock
from gopay_doctor.checks import CheckContext, CheckResult, calendar
from gopay_doctor.checks import clock as peak
from gopay_doctor.checks.calendar import Calendar, Day, Library, PeakPeriods, busy_share
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
        # twin-date sales, all day
        ("2026-09-09T00:00:00+07:00", ["sale"]),
        ("2027-10-10T09:00:00+07:00", ["sale"]),
        ("2026-11-11T23:59:00+07:00", ["sale"]),
        ("2030-12-12T14:00:00+07:00", ["sale"]),
        ("2026-11-12T00:00:00+07:00", []),
        ("2026-07-07T09:00:00+07:00", []),  # 7.7 is not one of them
        # payday evenings: the 25th and the 1st, 18:00 up to 22:00
        ("2026-07-25T18:00:00+07:00", ["payday"]),
        ("2026-07-25T21:59:00+07:00", ["payday"]),
        ("2026-07-25T22:00:00+07:00", []),
        ("2026-07-25T17:59:00+07:00", []),
        ("2026-07-25T09:00:00+07:00", []),  # payday, but not its evening
        ("2026-08-01T19:00:00+07:00", ["payday"]),
        ("2026-07-31T19:00:00+07:00", []),  # no longer a whole payday week
        # ordinary evenings and lunchtimes are no longer busy
        ("2026-07-07T19:40:00+07:00", []),
        ("2026-07-07T12:00:00+07:00", []),
        # Lebaran 2026: Idul Fitri on 21 March, the season from H-7 to H+7
        ("2026-03-13T23:59:00+07:00", []),
        ("2026-03-14T00:00:00+07:00", ["festive"]),
        ("2026-03-21T09:00:00+07:00", ["holiday", "festive"]),
        ("2026-03-22T09:00:00+07:00", ["holiday", "festive"]),  # its second day
        ("2026-03-28T23:59:00+07:00", ["festive"]),
        ("2026-03-29T00:00:00+07:00", []),
        # the rush before breaking the fast: the 29 days before Idul Fitri, 17:00-19:00
        ("2026-02-20T17:00:00+07:00", ["busy-hour"]),
        ("2026-03-02T18:59:00+07:00", ["busy-hour"]),
        ("2026-03-02T19:00:00+07:00", []),
        ("2026-03-02T12:00:00+07:00", []),  # the rest of the fasting month is not busy
        ("2026-02-19T17:30:00+07:00", []),
        ("2026-03-15T17:30:00+07:00", ["festive", "busy-hour"]),
        # major holidays, all day
        ("2027-01-01T09:00:00+07:00", ["holiday"]),
        ("2027-01-01T19:00:00+07:00", ["holiday", "payday"]),
        ("2027-02-06T09:00:00+07:00", ["holiday"]),  # Chinese New Year
        ("2026-05-27T09:00:00+07:00", ["holiday"]),  # Idul Adha
        ("2026-12-25T03:00:00+07:00", ["holiday"]),
        ("2026-12-24T09:00:00+07:00", []),  # collective leave, not a peak day
        # other public holidays are days off, not peak days
        ("2026-08-17T09:00:00+07:00", []),
        ("2030-03-05T09:00:00+07:00", []),  # Nyepi
        ("2026-05-31T09:00:00+07:00", []),  # Vesak
        # several at once, the strongest first
        ("2033-12-25T19:00:00+07:00", ["holiday", "festive", "payday"]),
    ],
)
def test_windows(when: str, expected: list[str]) -> None:
    result = at(when)
    assert kinds(result) == expected
    assert (result.status, result.value) == (("warn", "yes") if expected else ("ok", "no"))


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        (
            "2027-03-08T10:00:00+07:00",
            "It is 10:00 WIB on 8.3.2027: the Lebaran homecoming season (expected).",
        ),
        (
            "2027-03-10T19:00:00+07:00",
            "It is 19:00 WIB on 10.3.2027: Idul Fitri (expected); the Lebaran homecoming "
            "season (expected).",
        ),
        (
            "2030-02-04T09:00:00+07:00",
            "It is 09:00 WIB on 4.2.2030: Idul Fitri (expected); the Lebaran homecoming "
            "season (expected).",
        ),
        (
            "2030-02-03T09:00:00+07:00",
            "It is 09:00 WIB on 3.2.2030: Chinese New Year (expected); the Lebaran homecoming "
            "season (expected).",
        ),
        ("2027-02-06T09:00:00+07:00", "It is 09:00 WIB on 6.2.2027: Chinese New Year."),
        ("2026-03-21T09:00:00+07:00", "It is 09:00 WIB on 21.3.2026: Idul Fitri; the Lebaran "
         "homecoming season."),
        ("2021-05-13T09:00:00+07:00", "It is 09:00 WIB on 13.5.2021: Idul Fitri; the Lebaran "
         "homecoming season."),  # the same day as Ascension Day
        ("2035-12-12T20:00:00+07:00",
            "It is 20:00 WIB on 12.12.2035: 12.12 (Harbolnas), the national online shopping day.",
        ),
        (
            "2035-12-01T20:00:00+07:00",
            "It is 20:00 WIB on 1.12.2035: Idul Fitri (expected); the Lebaran homecoming season "
            "(expected); the evening of civil servants' payday.",
        ),
        ("2028-11-25T19:30:00+07:00", "It is 19:30 WIB on 25.11.2028: the evening of payday."),
        (
            "2030-03-05T09:00:00+07:00",
            "It is 09:00 WIB on 5.3.2030, Nyepi: not a peak period (no big sale, Lebaran "
            "season, payday evening or major holiday).",
        ),
        (
            "2026-07-07T10:05:00+07:00",
            "It is 10:05 WIB on 7.7.2026: not a peak period (no big sale, Lebaran season, "
            "payday evening or major holiday).",
        ),
    ],
)  # fmt: skip
def test_the_reason_names_every_window_and_marks_estimates(when: str, reason: str) -> None:
    """Dates the holidays package computed rather than took from a decree are 'expected'."""
    assert at(when).reason == reason


@pytest.mark.parametrize(
    ("lang", "when", "reason"),
    [
        ("id", "2026-11-11T19:40:00+07:00",
         "Sekarang pukul 19.40 WIB, 11.11.2026: 11.11, hari promo belanja online besar."),
        ("zh", "2026-11-11T19:40:00+07:00", "现在是雅加达时间 2026年11月11日 19:40：11.11 网购大促日。"),
        ("id", "2027-03-10T19:00:00+07:00",
         "Sekarang pukul 19.00 WIB, 10.3.2027: Hari Raya Idulfitri (perkiraan); musim mudik "
         "Lebaran (perkiraan)."),
        ("zh", "2027-03-10T19:00:00+07:00",
         "现在是雅加达时间 2027年3月10日 19:00：开斋节（预计）；开斋节返乡季（预计）。"),
        ("zh", "2026-12-12T10:00:00+07:00",
         "现在是雅加达时间 2026年12月12日 10:00：12.12（印尼全国网购日）大促日。"),
        ("zh", "2030-03-05T09:00:00+07:00",
         "现在是雅加达时间 2030年3月5日（巴厘岛安宁日）09:00：不是高峰时段（非大促日、开斋节返乡季、"
         "发薪日晚间或重大节日）。"),
        ("id", "2030-03-05T09:00:00+07:00",
         "Sekarang pukul 09.00 WIB, 5.3.2030, Hari Suci Nyepi: bukan masa sibuk (bukan hari "
         "promo besar, musim Lebaran, malam gajian, atau hari libur besar)."),
    ],
)  # fmt: skip
def test_reason_in_other_languages(lang: str, when: str, reason: str) -> None:
    assert at(when, lang).reason == reason


def test_details_give_each_window_its_dates_and_hours() -> None:
    result = at("2027-03-10T19:00:00+07:00")
    assert result.details == (
        "Time: 2027-03-10 19:00 WIB (Asia/Jakarta), fixed by GOPAY_DOCTOR_NOW",
        "Holiday: Idul Fitri (expected: 10.3.2027)",
        "Holiday season: the Lebaran homecoming season (expected: 3.3.2027–17.3.2027)",
        f"Data: holidays {result.data['holidays_version']} and the bundled peak windows",
    )
    zh = at("2026-07-25T19:00:00+07:00", "zh")
    assert zh.details[1] == "发薪日：发薪日晚间（2026年7月25日，18:00–22:00）"
    assert zh.details[0] == "时间：2026-07-25 19:00 WIB（Asia/Jakarta），由 GOPAY_DOCTOR_NOW 指定"


def test_every_library_holiday_of_2020_to_2035_has_names_in_every_language() -> None:
    from gopay_doctor.checks import data

    periods, _ = data.load(calendar.FILE, PeakPeriods, None)
    found = Calendar(periods, calendar.library(tuple(range(2019, 2037))))
    keys = {d.key for days in found.library.days.values() for d in days}
    assert keys <= set(found.holidays), keys - set(found.holidays)
    for holiday in periods.holidays:
        assert isinstance(holiday.name, dict)
        assert set(holiday.name) == {"en", "id", "zh"}
    for window in periods.windows:
        assert isinstance(window.name, dict)
        assert set(window.name) == {"en", "id", "zh"}


# --- any year: no list to run out, and a plain "not known" where the dates end -----------------


@given(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2035, 12, 31, 23, 59)))
def test_every_time_from_2020_to_2035_gets_a_yes_or_a_no(moment: dt.datetime) -> None:
    result = check(CheckContext(now=moment.replace(tzinfo=WIB)))
    assert (result.status, result.value) in {("warn", "yes"), ("ok", "no")}
    assert result.data["known"] is True
    assert bool(result.data["peaks"]) is (result.value == "yes")


@given(
    st.datetimes(dt.datetime(1970, 1, 2), dt.datetime(9000, 12, 30)),
    st.sampled_from(["en", "id", "zh"]),
)
def test_any_time_the_clock_allows_gets_an_answer_or_a_plain_dont_know(
    moment: dt.datetime, lang: str
) -> None:
    result = check(CheckContext(lang=lang, now=moment.replace(tzinfo=WIB)))
    assert (result.status, result.value) in {("warn", "yes"), ("ok", "no"), ("skipped", None)}
    assert (result.value is None) is (result.data["known"] is False)
    assert "peak-periods.yaml" not in result.reason + "".join(result.details)


def test_where_the_dates_end_the_check_says_it_does_not_know() -> None:
    result = at("2101-03-01T10:00:00+07:00")
    assert (result.status, result.value, result.data["known"]) == ("skipped", None, False)
    assert result.reason == (
        "It is 10:00 WIB on 1.3.2101: whether this is a peak period is not known "
        "(no holiday dates for 2101)."
    )
    assert at("2101-03-01T10:00:00+07:00", "id").reason == (
        "Sekarang pukul 10.00 WIB, 1.3.2101: tidak diketahui apakah ini masa sibuk "
        "(belum ada tanggal hari libur untuk tahun 2101)."
    )
    assert at("2101-03-01T10:00:00+07:00", "zh").reason == (
        "现在是雅加达时间 2101年3月1日 10:00：无法判断是否为高峰时段（没有 2101 年的节假日日期）。"
    )


def fake(
    days: dict[str, list[str]], years: range = range(2025, 2029), decreed: bool = True
) -> Library:
    """A holidays package that knows only ``days``: key -> ISO dates (``~`` for estimated)."""
    found: dict[dt.date, list[Day]] = {}
    for key, dates in days.items():
        for text in dates:
            day = dt.date.fromisoformat(text.lstrip("~"))
            found.setdefault(day, []).append(Day(key, text.startswith("~")))
    return Library(
        "9.99",
        frozenset(years),
        {d: tuple(v) for d, v in found.items()},
        frozenset(years) if decreed else frozenset(),
    )


def test_a_year_without_the_date_a_window_is_placed_around_is_not_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without Idul Fitri's date the Lebaran season cannot be placed: don't guess."""
    lib = fake({"Christmas Day": ["2026-12-25", "2027-12-25"], "Eid al-Fitr": ["2026-03-21"]})
    monkeypatch.setattr(peak, "library", lambda years: lib)
    assert at("2026-07-07T10:00:00+07:00").value == "no"
    assert at("2027-07-07T10:00:00+07:00").value is None  # no Idul Fitri in 2027
    assert at("2026-12-20T10:00:00+07:00").value is None  # a window may reach from 2027
    assert at("2026-11-11T10:00:00+07:00").value == "yes"


def test_without_the_holidays_package_the_check_does_not_know(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(peak, "library", lambda years: Library("", frozenset(years), {}))
    result = at("2026-11-11T19:40:00+07:00")
    assert (result.status, result.value) == ("skipped", None)
    assert result.details[-1] == "Data: no holiday dates (the holidays package is missing)"


def test_the_holidays_package_is_asked_once_per_years() -> None:
    calendar.library.cache_clear()
    at("2026-11-11T19:40:00+07:00")
    at("2026-12-11T19:40:00+07:00")
    assert calendar.library.cache_info().misses == 1


def test_names_joined_by_the_package_and_estimates_are_read_apart() -> None:
    assert calendar._days("Ascension Day; Eid al-Fitr (estimated)", "%s (estimated)") == (
        Day("Ascension Day", False),
        Day("Eid al-Fitr", True),
    )


# --- the data file: overrides, a folder's own file -------------------------------------------------


def peak_file(tmp_path: Path, text: str) -> list[Path]:
    folder = tmp_path / "flows"
    (folder / "checks").mkdir(parents=True, exist_ok=True)
    (folder / "checks" / "peak-periods.yaml").write_text(text, encoding="utf-8")
    return [folder]


LEBARAN = """\
holidays:
  - {holiday: Eid al-Fitr, peak: true, name: Idul Fitri}
windows:
  - {around: Eid al-Fitr, from-day: -1, to-day: 1, kind: festive, name: Lebaran}
"""


def test_a_decreed_date_overrides_the_package_and_moves_its_windows(tmp_path: Path) -> None:
    dirs = peak_file(
        tmp_path,
        LEBARAN + "overrides:\n  holidays:\n"
        "    - {holiday: Eid al-Fitr, year: 2027, dates: [2027-03-11]}\n",
    )
    moved = at("2027-03-12T10:00:00+07:00", dirs=dirs)
    assert moved.reason == "It is 10:00 WIB on 12.3.2027: Lebaran."  # decreed: no "expected"
    assert at("2027-03-11T10:00:00+07:00", dirs=dirs).reason == (
        "It is 10:00 WIB on 11.3.2027: Idul Fitri; Lebaran."
    )
    assert at("2027-03-09T10:00:00+07:00", dirs=dirs).value == "no"  # the package said 10.3
    assert moved.details[-1].startswith("Data: holidays ")
    assert moved.details[-1].endswith(f" and {dirs[0] / 'checks' / 'peak-periods.yaml'}")


def test_an_override_can_remove_a_date_and_add_a_window(tmp_path: Path) -> None:
    dirs = peak_file(
        tmp_path,
        LEBARAN + "overrides:\n"
        "  holidays:\n    - {holiday: Eid al-Fitr, year: 2027, dates: []}\n"
        "  windows:\n"
        "    - {from: 2027-03-01, to: 2027-03-02, hours: {from: '08:00', to: '24:00'},"
        " kind: festive, name: {en: mudik, id: mudik, zh: 返乡}}\n",
    )
    assert at("2027-03-10T10:00:00+07:00", dirs=dirs).value is None  # no Idul Fitri in 2027
    assert at("2026-03-21T10:00:00+07:00", dirs=dirs).value == "yes"
    # without Idul Fitri in 2027 a day of it cannot be judged either: not known
    assert at("2027-03-02T23:59:00+07:00", "zh", dirs).value is None


def test_a_dated_window_of_an_override(tmp_path: Path) -> None:
    dirs = peak_file(
        tmp_path,
        "overrides:\n  windows:\n"
        "    - {from: 2027-03-01, to: 2027-03-02, hours: {from: '08:00', to: '24:00'},"
        " kind: festive, name: {en: mudik, id: mudik, zh: 返乡}}\n",
    )
    assert kinds(at("2027-03-02T23:59:00+07:00", dirs=dirs)) == ["festive"]
    assert kinds(at("2027-03-01T07:59:00+07:00", dirs=dirs)) == []
    assert at("2027-03-02T12:00:00+07:00", "zh", dirs).details[1] == (
        "节庆假期：返乡（2027年3月1日–2027年3月2日，08:00–24:00）"
    )


def test_a_folder_s_own_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    dirs = peak_file(
        tmp_path,
        "windows:\n"
        "  - {date: '29.2', kind: festive, name: leap day}\n"
        "  - {day: 31, hours: {from: '22:00', to: '23:00'}, kind: payday, name: late payday}\n",
    )
    assert kinds(at("2026-11-11T23:30:00+07:00", dirs=dirs)) == []  # 11.11 not listed
    assert kinds(at("2028-02-29T12:00:00+07:00", dirs=dirs)) == ["festive"]
    assert kinds(at("2026-03-01T12:00:00+07:00", dirs=dirs)) == []  # no 29.2 in 2026
    assert kinds(at("2026-12-31T22:30:00+07:00", dirs=dirs)) == ["payday"]
    assert at("2026-12-25T10:00:00+07:00", dirs=dirs).reason == (
        "It is 10:00 WIB on 25.12.2026, Christmas Day: not a peak period (no big sale, "
        "Lebaran season, payday evening or major holiday)."
    )  # the package's own name, and not a peak day unless the file says so


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "windows:\n  - {date: '9.9', kind: sale, name: x\n",
            ["flows/checks/peak-periods.yaml:3:1: error: YAML syntax error: while parsing a flow mapping; "
             "did not find expected ',' or '}'"],
        ),
        (
            "windows:\n  - {day: 32, kind: payday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:11: error: must be at most 31, got 32 [schema]"],
        ),
        (
            "windows:\n  - {date: '30.2', kind: sale, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:12: error: '30.2' is not a day of the year; write D.M, "
             "such as 11.11 [schema]"],
        ),
        (
            "windows:\n  - {date: 9.9, kind: sale, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:12: error: expected a string or nothing (null), got 9.9 "
             "[schema]"],
        ),
        (
            "windows:\n  - {day: 25, kind: paydya, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:21: error: 'paydya' is not one of: busy-hour, festive, "
             "holiday, payday, sale [schema]"],
        ),
        (
            "windows:\n  - {day: 1, date: '1.1', kind: payday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:5: error: a window needs exactly one of date (D.M), day "
             "(of the month) or around (a holiday) [schema]"],
        ),
        (
            "windows:\n  - {around: Eid al-Fitr, kind: festive, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:14: error: 'Eid al-Fitr' is not a holiday named under "
             "holidays [schema]"],
        ),
        (
            "windows:\n  - {day: 1, hours: {from: '25:00', to: '7pm'}, kind: payday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:28: error: '25:00' is not a time of day; write HH:MM "
             "[schema]",
             "flows/checks/peak-periods.yaml:2:41: error: '7pm' is not a time of day; write HH:MM "
             "[schema]"],
        ),
        (
            "windows:\n  - {day: 1, hours: {from: '22:00', to: '18:00'}, kind: payday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:41: error: 'to' (18:00) is not after 'from' (22:00) "
             "[schema]"],
        ),
        (
            "holidays:\n  - {holiday: X, name: x}\n"
            "windows:\n  - {around: X, from-day: 3, to-day: -3, kind: festive, name: x}\n",
            ["flows/checks/peak-periods.yaml:4:38: error: to-day (-3) is before from-day (3) [schema]"],
        ),
        (
            "windows:\n  - {day: 1, from-day: -3, kind: payday, name: x}\n",
            ["flows/checks/peak-periods.yaml:2:24: error: from-day and to-day count days around a "
             "holiday: add around [schema]"],
        ),
        (
            "holidays:\n  - {holiday: X, name: x}\n  - {holiday: X, name: y}\n",
            ["flows/checks/peak-periods.yaml:3:15: error: holiday 'X' is named twice (also entry 1) "
             "[schema]"],
        ),
        (
            "overrides:\n  windows:\n    - {from: 2026-03-24, to: 2026-03-20, kind: holiday, "
            "name: x}\n",
            ["flows/checks/peak-periods.yaml:3:30: error: 'to' (2026-03-20) is before 'from' "
             "(2026-03-24) [schema]"],
        ),
        (
            "overrides:\n  windows:\n    - {from: 2026-02-30, kind: holiday, name: x}\n",
            ["flows/checks/peak-periods.yaml:3:14: error: '2026-02-30' is not a date; write YYYY-MM-DD "
             "[schema]"],
        ),
        (
            "overrides:\n  holidays:\n    - {holiday: Y, year: 2027, dates: [2026-03-10]}\n",
            ["flows/checks/peak-periods.yaml:3:17: error: 'Y' is not a holiday named under holidays "
             "[schema]",
             "flows/checks/peak-periods.yaml:3:40: error: 2026-03-10 is not in 2027 [schema]"],
        ),
        (
            "covers-until: 2026-12-31\n",
            ["flows/checks/peak-periods.yaml:1:1: error: unknown key 'covers-until'; expected one of: "
             "holidays, windows, overrides [schema]"],
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
    peak_file(tmp_path, "windows:\n  - {day: 32, kind: payday, name: x}\n")
    monkeypatch.chdir(tmp_path)
    run = cli("check", "--flows-dir", "flows")
    assert (run.code, run.out) == (2, "")
    assert (
        run.err
        == "flows/checks/peak-periods.yaml:2:11: error: must be at most 31, got 32 [schema]\n"
    )


# --- the share of hours the check calls busy ---------------------------------------------------------


def share_of(text: str, lib: Library, years: range, between: tuple[int, int] = (0, 1440)) -> float:
    import msgspec

    from gopay_doctor.contract import yamlsafe

    doc = yamlsafe.load_yaml(text.encode(), "peak-periods.yaml")
    periods = msgspec.convert(doc.data, PeakPeriods, strict=True)
    return busy_share(Calendar(periods, lib), years, between)


def test_busy_share_counts_every_minute_once() -> None:
    lib = fake({"Christmas Day": ["2025-12-25", "2026-12-25", "2027-12-25"]})
    one_day = "windows:\n  - {date: '11.11', kind: sale, name: x}\n"
    assert share_of(one_day, lib, range(2026, 2027)) == 1 / 365
    evenings = (
        "windows:\n  - {day: 25, hours: {from: '18:00', to: '22:00'}, kind: payday, name: x}\n"
        "  - {day: 25, hours: {from: '21:00', to: '23:00'}, kind: payday, name: y}\n"
    )
    assert share_of(evenings, lib, range(2026, 2027)) == 12 * 5 * 60 / (365 * 1440)
    both = one_day + "  - {day: 11, hours: {from: '18:00', to: '22:00'}, kind: payday, name: y}\n"
    assert share_of(both, lib, range(2026, 2027)) == (24 * 60 + 11 * 4 * 60) / (365 * 1440)
    daytime = share_of(evenings, lib, range(2026, 2027), (8 * 60, 22 * 60))
    assert daytime == 12 * 4 * 60 / (365 * 14 * 60)
    peak = "holidays:\n  - {holiday: Christmas Day, peak: true, name: x}\n"
    assert share_of(peak, lib, range(2025, 2028)) == 3 / (365 * 3)


def test_busy_share_refuses_days_it_cannot_judge() -> None:
    lib = fake({"Christmas Day": ["2026-12-25"]})
    with pytest.raises(ValueError, match="the calendar has no dates for 2027-01-01"):
        share_of("windows: []\n", lib, range(2026, 2028))


@pytest.mark.unmeasured  # ten years of hours: the tests above measure every line it reaches
def test_the_bundled_calendar_calls_few_hours_busy() -> None:
    """Far from the half of all hours the old calendar called busy."""
    from gopay_doctor.checks import data

    periods, _ = data.load(calendar.FILE, PeakPeriods, None)
    found = Calendar(periods, calendar.library(tuple(range(2019, 2037))))
    for year in range(2020, 2036):
        assert 0.05 < busy_share(found, [year]) < 0.12, year


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
    # 06:30 in New York (UTC-5 in November) is 18:30 in Jakarta: the evening of payday
    assert kinds(at("2026-11-25T06:30:00-05:00")) == ["payday"]


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

    monkeypatch.setattr(clock, "ZoneInfo", no_zone)
    with pytest.raises(GopayDoctorError) as info:
        at("2026-11-11T10:00:00+07:00")
    assert str(info.value) == "no time zone data for Asia/Jakarta; install the 'tzdata' package"


def test_the_bundled_file_has_no_holiday_list_and_shows_no_path() -> None:
    """Dates come from the package; the file holds names, windows and overrides only."""
    from gopay_doctor.checks import data

    periods, _ = data.load(calendar.FILE, PeakPeriods, None)
    assert periods.overrides.holidays == []
    assert periods.overrides.windows == []
    assert all(w.date is not None or w.day is not None or w.around for w in periods.windows)
    result = at("2026-11-11T19:40:00+07:00")
    assert result.data["file"] is None
    assert not any("/" in line for line in result.details[1:])
    text = (ROOT / "flows" / "checks" / calendar.FILE).read_text(encoding="utf-8")
    assert "covers-until" not in text
    assert "dated:" not in text


@pytest.mark.unmeasured  # a year of hours through the calendar: no line more
def test_the_docs_give_the_busy_share_computed_from_the_data() -> None:
    """The figure cannot drift: it is the share the bundled data gives, to 0.1%."""
    import re

    from gopay_doctor.checks import data
    from scripts import readme

    _, block = readme.block("busy-share")
    found = re.search(
        r"From (\d{4}) through (\d{4}) the check calls (\d+\.\d)% of all hours a peak period "
        r"\((\d+\.\d)% of the hours from 08:00 to 22:00\)",
        block,
    )
    assert found is not None
    first, last = int(found.group(1)), int(found.group(2))
    periods, _ = data.load(calendar.FILE, PeakPeriods, None)
    known = Calendar(periods, calendar.library(tuple(range(first - 1, last + 2))))
    years = range(first, last + 1)
    assert found.group(3) == f"{busy_share(known, years) * 100:.1f}"
    assert found.group(4) == f"{busy_share(known, years, (8 * 60, 22 * 60)) * 100:.1f}"
    assert float(found.group(3)) < 12  # "busy" is the exception, not half of the week
