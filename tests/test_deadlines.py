"""Date questions and computed deadlines (issue #19), through every layer: the pure engine
(working days over Indonesia's public holidays), the one answer validation path, the result
and its message to support, ``step``, the wizard's seam, scenarios and start-up.

The flow is the fixture ``tests/fixtures/deadline/deadline.yaml`` (a top-up counted in
working days, a claim counted in calendar days, a date only recorded); the renderers'
goldens of it are in ``tests/golden/deadline*`` (``tests/test_export.py``), the wizard on a
real terminal in ``tests/test_dates_terminal.py``.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gopay_doctor import checks, diagnose, load_flow, step
from gopay_doctor.answers import AnswerError, Dates, Given, validate
from gopay_doctor.contract.model import Deadline, Flow, Source, Text
from gopay_doctor.engine import due_date, walk
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.i18n import pick
from gopay_doctor.prompts import BACK
from gopay_doctor.prompts.scripted import ACCEPT
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.render.tree import outline
from tests.conftest import FIXTURES, ROOT, CliRunner
from tests.test_wizard import play

FLOW = FIXTURES / "deadline" / "deadline.yaml"
NOW = "2026-12-28T10:00:00+07:00"  # Monday 28 December 2026
SOURCE = "https://www.gojek.com/en-id/help/gopay/isi-saldo-gopay-belum-masuk/"


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", NOW)


@pytest.fixture(scope="module")
def flow() -> Flow:
    return load_flow(str(FLOW))


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def holidays(flow: Flow, today: str = "2026-12-28") -> Dates:
    """Today and the real public holidays (the ``holidays`` package, as the peak check sees them)."""
    return checks.dates(flow, now=datetime.datetime.fromisoformat(f"{today}T10:00:00+07:00"))


def two_working_days() -> Deadline:
    return Deadline(
        working_days=2,
        before="by {due}",
        after="since {due}",
        sources=[Source(url=SOURCE, verified_on=day("2026-12-06"))],
    )


# --- the due date: Indonesian working days --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due", "skipped"),
    [
        # the example: 25 December is Christmas Day, then a weekend
        ("2026-12-24", "2026-12-29", [("2026-12-25", "Christmas Day", False)]),
        # the official page's example: a Friday top-up arrives by Tuesday at the latest
        ("2026-12-04", "2026-12-08", []),
        ("2026-12-02", "2026-12-04", []),  # a Wednesday: by Friday
        # across the year: New Year's Day, then a weekend
        ("2026-12-30", "2027-01-04", [("2027-01-01", "New Year's Day", False)]),
        # a holiday on the day itself does not count: counting starts the day after
        ("2026-12-25", "2026-12-29", []),
        # Lebaran 2026: Nyepi on Thursday, the two days of Idul Fitri on the weekend
        ("2026-03-18", "2026-03-23", [("2026-03-19", "Nyepi", False)]),
        # collective leave (cuti bersama: 18, 20, 23 and 24 March 2026) is no public holiday:
        # the official page skips "Saturday, Sunday and public holidays" only
        ("2026-03-17", "2026-03-20", [("2026-03-19", "Nyepi", False)]),
    ],
)
def test_working_days_skip_weekends_and_public_holidays(
    flow: Flow, start: str, due: str, skipped: list[tuple[str, str, bool]]
) -> None:
    found = due_date(two_working_days(), day(start), holidays(flow).holidays_on)
    assert found.day == day(due)
    assert [(d.isoformat(), pick(h.name, "en"), h.expected) for d, h in found.skipped] == skipped


def test_a_long_lebaran_stretch_with_dates_the_package_only_expects(flow: Flow) -> None:
    """Lebaran 2027: Monday is Nyepi, the Day of Silence, Wednesday and Thursday Idul Fitri;
    a Friday top-up is due a week later. Names come from ``checks/peak-periods.yaml``, as
    the peak check shows them; a date is "expected" exactly where the installed holidays
    package calls it estimated (0.109 does for Idul Fitri 2027; a later release may not)."""
    import holidays as package

    estimated = package.country_holidays("ID", years=2027, language="en_US")
    found = due_date(
        two_working_days(), day("2027-03-05"), holidays(flow, "2027-03-08").holidays_on
    )
    assert found.day == day("2027-03-12")
    assert [(d.isoformat(), pick(h.name, "en")) for d, h in found.skipped] == [
        ("2027-03-08", "Nyepi"),
        ("2027-03-10", "Idul Fitri"),
        ("2027-03-11", "the second day of Idul Fitri"),
    ]
    for when, holiday in found.skipped:
        assert holiday.expected == ("estimated" in estimated[when].lower()), when


def test_calendar_days_count_every_day() -> None:
    deadline = Deadline(
        days=60, before="", after="", sources=[Source(url=SOURCE, verified_on=day("2026-12-06"))]
    )
    found = due_date(deadline, day("2026-11-30"), lambda _: pytest.fail("no holiday is asked"))
    assert found == (day("2027-01-29"), ())


# --- where a date question leads ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "outcome"),
    [("2026-12-29", "topup-waiting"), ("2026-12-30", "topup-overdue")],
)
def test_overdue_once_today_is_after_the_due_date(flow: Flow, today: str, outcome: str) -> None:
    result = diagnose(
        flow, {"what": "topup", "topup-date": "2026-12-24"}, dates=holidays(flow, today)
    )
    assert result.outcome.id == outcome
    assert result.deadline is not None
    assert result.deadline.overdue is (outcome == "topup-overdue")


def test_the_engine_is_told_the_date_and_never_reads_a_clock(flow: Flow) -> None:
    """Without dates, a walk past a date question with a deadline is a programming error,
    not a guess; with them, the clock (``GOPAY_DOCTOR_NOW``) plays no part."""
    answers = {"what": "topup", "topup-date": "2026-12-24"}
    checked = {q: validate(flow, q, Given(v, "")) for q, v in answers.items()}
    with pytest.raises(ValueError, match="pass dates"):
        walk(flow, checked)
    fixed = Dates(day("2027-06-01"))  # no holidays at all: due Monday 28 December
    assert walk(flow, checked, dates=fixed).outcome == "topup-overdue"
    assert walk(flow, checked, dates=Dates(day("2026-12-28"))).outcome == "topup-waiting"


def test_the_deadline_in_the_json_result(cli: CliRunner) -> None:
    run = cli(
        "diagnose",
        "--flow",
        str(FLOW),
        "-a",
        "what=topup",
        "-a",
        "topup-date=2026-12-24",
        "-f",
        "json",
    )
    assert run.code == 0, run.err
    document = json.loads(run.out)
    assert list(document)[:6] == [
        "schema_version",
        "created_at",
        "flow",
        "lang",
        "outcome",
        "deadline",
    ]
    assert document["deadline"] == {
        "question": "topup-date",
        "date": "2026-12-24",
        "due": "2026-12-29",
        "working_days": 2,
        "days": None,
        "overdue": False,
        "text": "The money should arrive by Tuesday 29 December 2026.",
        "holidays": [{"date": "2026-12-25", "name": "Christmas Day", "expected": False}],
        "sources": [{"url": SOURCE, "verified_on": "2026-12-06"}],
    }
    assert document["transcript"][1] == {
        "question": "topup-date",
        "text": "On what date did the bank take the money?",
        "answer": "2026-12-24",
        "label": "Thursday 24 December 2026",
        "says": ["The bank took the money on Thursday 24 December 2026."],
        "source": "given",
        "reason": None,
        "proposed": None,
    }
    assert document["support_message"]["body"].splitlines()[3:6] == [
        "What happened? My top-up has not arrived",
        "The bank took the money on Thursday 24 December 2026.",
        "The money should arrive by Tuesday 29 December 2026.",
    ]


def test_without_a_date_question_the_result_has_no_deadline(cli: CliRunner) -> None:
    run = cli(
        "diagnose", "--flow", str(FLOW), "-a", "what=other", "-a", "since=2026-12-01", "-f", "json"
    )
    document = json.loads(run.out)
    assert document["deadline"] is None
    assert document["transcript"][1]["says"] == ["It has happened since Tuesday 1 December 2026."]


@pytest.mark.parametrize(
    ("lang", "text", "holiday"),
    [
        ("id", "Uang seharusnya masuk paling lambat Selasa, 29 Desember 2026.", "Hari Raya Natal"),
        ("zh", "这笔钱最迟应在2026年12月29日（星期二）到账。", "圣诞节"),
    ],
)
def test_dates_are_written_out_in_the_result_s_language(
    flow: Flow, lang: str, text: str, holiday: str
) -> None:
    result = diagnose(
        flow, {"what": "topup", "topup-date": "2026-12-24"}, lang, dates=holidays(flow)
    )
    assert result.deadline is not None
    assert (result.deadline.text, result.deadline.holidays[0].name) == (text, holiday)


class Estimated(NamedTuple):
    """A public holiday whose date the holidays package only estimates."""

    name: Text
    expected: bool = True


def expected_holiday(when: datetime.date) -> Sequence[Estimated]:
    idul_fitri = Estimated({"en": "Idul Fitri", "id": "Hari Raya Idulfitri", "zh": "开斋节"})
    return [idul_fitri] if when == day("2026-12-25") else []


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Public holidays not counted: Idul Fitri (expected) (Friday 25 December)"),
        (
            "id",
            "Hari libur nasional yang tidak dihitung: Hari Raya Idulfitri (perkiraan) (Jumat, 25 Desember)",
        ),
        ("zh", "未计入的公众假期：12月25日（星期五）开斋节（预计）"),
    ],
)
def test_an_estimated_holiday_is_shown_as_expected(flow: Flow, lang: str, line: str) -> None:
    dates = Dates(day("2026-12-28"), expected_holiday)
    result = diagnose(flow, {"what": "topup", "topup-date": "2026-12-24"}, lang, dates=dates)
    assert result.deadline is not None
    assert result.deadline.holidays[0].expected is True
    text = render(result, "text").splitlines()
    assert text[5] == line  # right under the due date, under the verdict


def test_a_saved_result_with_a_deadline_exports_to_the_same_files(
    cli: CliRunner, tmp_path: Path
) -> None:
    saved = tmp_path / "result.json"
    args = ("--flow", str(FLOW), "-a", "what=topup", "-a", "topup-date=2026-12-24")
    assert cli("diagnose", *args, "-o", str(saved)).code == 0
    for fmt in ("md", "txt", "html", "json"):
        again = tmp_path / f"again.{fmt}"
        first = tmp_path / f"first.{fmt}"
        assert cli("diagnose", *args, "-o", str(first)).code == 0
        assert cli("export", str(saved), "-o", str(again)).code == 0
        assert again.read_bytes() == first.read_bytes(), fmt


# --- the answer: YYYY-MM-DD, from a year ago to today -------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "24-12-2026",
            "invalid answer '24-12-2026' for question 'topup-date' (from --answer "
            "topup-date=24-12-2026); give it as YYYY-MM-DD, such as 2026-12-28",
        ),
        (
            "today",
            "invalid answer 'today' for question 'topup-date' (from --answer topup-date=today); "
            "give it as YYYY-MM-DD, such as 2026-12-28",
        ),
        (
            "2026-02-30",
            "invalid answer '2026-02-30' for question 'topup-date' (from --answer "
            "topup-date=2026-02-30): there is no such date; give it as YYYY-MM-DD, such as "
            "2026-12-28",
        ),
        (
            "2026-12-29",
            "invalid answer '2026-12-29' for question 'topup-date' (from --answer "
            "topup-date=2026-12-29): that day has not come yet; give a date from 2025-12-28 to "
            "2026-12-28",
        ),
        (
            "2025-12-27",
            "invalid answer '2025-12-27' for question 'topup-date' (from --answer "
            "topup-date=2025-12-27): more than 365 days ago; give a date from 2025-12-28 to "
            "2026-12-28",
        ),
    ],
)
def test_a_date_that_is_not_one_is_refused_in_one_line(
    cli: CliRunner, value: str, message: str
) -> None:
    run = cli("diagnose", "--flow", str(FLOW), "-a", "what=topup", "-a", f"topup-date={value}")
    assert (run.code, run.out, run.err) == (2, "", f"gopay-doctor: error: {message}\n")


@pytest.mark.parametrize("value", ["2025-12-28", "2026-12-28"])
def test_the_first_and_the_last_accepted_dates(cli: CliRunner, value: str) -> None:
    run = cli(
        "diagnose",
        "--flow",
        str(FLOW),
        "-a",
        "what=topup",
        "-a",
        f"topup-date={value}",
        "-f",
        "json",
    )
    assert (run.code, json.loads(run.out)["answers"]["topup-date"]) == (0, value)


def test_today_is_the_date_in_jakarta(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 23:30 UTC on 27 December it is already 28 December in Jakarta."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-12-27T23:30:00Z")
    run = cli(
        "diagnose",
        "--flow",
        str(FLOW),
        "-a",
        "what=topup",
        "-a",
        "topup-date=2026-12-28",
        "-f",
        "json",
    )
    assert run.code == 0, run.err


def test_dates_from_an_answers_file_and_standard_input(cli: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("what: topup\ntopup-date: 2026-12-24\n", encoding="utf-8")
    run = cli("diagnose", "--flow", str(FLOW), "--answers", str(answers), "-f", "json")
    assert json.loads(run.out)["deadline"]["due"] == "2026-12-29"
    answers.write_text("what: topup\ntopup-date: [2026-12-24]\n", encoding="utf-8")
    run = cli("diagnose", "--flow", str(FLOW), "--answers", str(answers))
    assert run.err == (
        f"gopay-doctor: error: answer to question 'topup-date' (from {answers}:2:13) must be one "
        "date, got a list; give it as YYYY-MM-DD, such as 2026-12-28\n"
    )


def test_a_missing_date_names_the_question_and_the_form(cli: CliRunner) -> None:
    run = cli("diagnose", "--flow", str(FLOW), "-a", "what=topup", "--defaults", "--no-input")
    assert (run.code, run.err) == (
        2,
        "gopay-doctor: error: question 'topup-date' has no answer and no default (nothing is "
        "asked: --no-input was given); the answer is a date: give it as YYYY-MM-DD, from "
        "2025-12-28 to 2026-12-28. Pass --answer topup-date=YYYY-MM-DD or --answers FILE\n",
    )


TODAY = day("2026-12-28")


@given(text=st.text(max_size=30))
@example(text="2026-12-24")
@example(text="２０２６-１２-２４")  # full-width digits are no date here
@example(text="2026-12-24\n")
@example(text="+2026-12-24")
@example(text="20261224")
def test_any_text_is_a_date_or_refused_in_one_line(flow: Flow, text: str) -> None:
    refused = ""
    try:
        answer = validate(flow, "topup-date", Given(text, "--answer"), today=TODAY)
    except AnswerError as exc:
        refused = str(exc)
    if refused:
        assert "question 'topup-date'" in refused
        assert "YYYY-MM-DD" in refused
        assert "\n" not in refused  # the text is quoted with repr(): one line
    else:
        assert answer.value == text
        assert TODAY - datetime.timedelta(days=365) <= day(text) <= TODAY


@given(offset=st.integers(min_value=-800, max_value=800))
def test_a_date_is_taken_exactly_from_a_year_ago_to_today(flow: Flow, offset: int) -> None:
    value = (TODAY + datetime.timedelta(days=offset)).isoformat()
    accepted = -365 <= offset <= 0
    try:
        validate(flow, "topup-date", Given(value, ""), today=TODAY)
    except AnswerError:
        assert not accepted
    else:
        assert accepted


# --- step: one question at a time ------------------------------------------------------------


def test_step_offers_the_last_seven_days_and_the_range(cli: CliRunner) -> None:
    run = cli("step", "--flow", str(FLOW), "-a", "what=topup")
    question = json.loads(run.out)["question"]
    assert question == {
        "id": "topup-date",
        "kind": "date",
        "text": "On what date did the bank take the money?",
        "help": "The date on your bank receipt.",
        "choices": [
            {"value": "2026-12-28", "label": "Today, Monday 28 December"},
            {"value": "2026-12-27", "label": "Yesterday, Sunday 27 December"},
            {"value": "2026-12-26", "label": "Saturday 26 December"},
            {"value": "2026-12-25", "label": "Friday 25 December"},
            {"value": "2026-12-24", "label": "Thursday 24 December"},
            {"value": "2026-12-23", "label": "Wednesday 23 December"},
            {"value": "2026-12-22", "label": "Tuesday 22 December"},
        ],
        "default": None,
        "proposal": None,
        "earliest": "2025-12-28",
        "latest": "2026-12-28",
    }
    zh = json.loads(cli("step", "--flow", str(FLOW), "-a", "what=topup", "--lang", "zh").out)
    assert zh["question"]["choices"][0] == {
        "value": "2026-12-28",
        "label": "今天，12月28日（星期一）",
    }


def test_step_takes_any_date_in_the_range_and_gives_the_deadline(flow: Flow) -> None:
    done = step(flow, {"what": "topup", "topup-date": "2026-03-17"}, "id")
    assert done.status == "result"
    assert done.result.deadline is not None
    assert (
        done.result.deadline.text
        == "Uang seharusnya sudah masuk paling lambat Jumat, 20 Maret 2026."
    )


def test_the_step_document_matches_its_schema(cli: CliRunner) -> None:
    import jsonschema

    schema = json.loads(cli("flows", "schema", "--kind", "step").out)
    for answers in (["-a", "what=topup"], ["-a", "what=topup", "-a", "topup-date=2026-12-24"]):
        document = json.loads(cli("step", "--flow", str(FLOW), *answers).out)
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    result = json.loads(cli("flows", "schema", "--kind", "result").out)
    assert "deadline" in result["$defs"]["ResultDocument"]["required"]


# --- the wizard's seam -----------------------------------------------------------------------


def test_the_wizard_asks_with_quick_picks_and_takes_a_typed_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(
        monkeypatch,
        ["topup", "2026-12-29", "2026-12-24", "done"],
        flow=str(FLOW),
    )
    assert played.code == 0, played.err
    asked = played.asked[1]
    assert (asked.kind, asked.earliest, asked.latest, asked.default) == (
        "date",
        "2025-12-28",
        "2026-12-28",
        None,
    )
    assert [c.label for c in asked.choices][:2] == [
        "Today, Monday 28 December",
        "Yesterday, Sunday 27 December",
    ]
    assert asked.accepts is not None
    assert (asked.accepts("2026-12-24"), asked.accepts("2026-12-29"), asked.accepts("soon")) == (
        True,
        False,
        False,
    )
    assert played.told == [  # what a prompt without inline checking is told, then asked again
        "invalid answer '2026-12-29' for question 'topup-date' (from prompt): that day has not "
        "come yet; give a date from 2025-12-28 to 2026-12-28"
    ]
    assert "The money should arrive by Tuesday 29 December 2026." in played.out


def test_back_from_a_date_remembers_it(monkeypatch: pytest.MonkeyPatch) -> None:
    played = play(monkeypatch, ["topup", "2026-12-01", BACK, ACCEPT, "done"], flow=str(FLOW))
    assert played.code == 0, played.err
    assert [q.qid for q in played.asked] == [
        "what",
        "topup-date",
        "_result",
        "topup-date",
        "_result",
    ]
    assert played.asked[3].default == "2026-12-01"  # the answer Back stepped over
    assert "The money should have arrived by Thursday 3 December 2026." in played.out


def test_a_saved_date_answer_is_resumed(monkeypatch: pytest.MonkeyPatch) -> None:
    first = play(monkeypatch, ["topup", "2026-12-24", KeyboardInterrupt], flow=str(FLOW))
    assert first.code == 130
    resumed = play(monkeypatch, ["done"], resume=True)
    assert resumed.code == 0, resumed.err
    assert "The money should arrive by Tuesday 29 December 2026." in resumed.out


# --- scenarios --------------------------------------------------------------------------------


def test_the_fixture_s_scenarios_cover_every_way(cli: CliRunner) -> None:
    run = cli("flows", "test", str(FLOW), "--min-coverage", "100")
    assert (run.code, run.out.splitlines()[1]) == (0, "  choices:  8 of 8 chosen (100%)")


def scenarios(cli: CliRunner, tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "deadline.yaml").write_bytes(FLOW.read_bytes())
    (folder / "catalog").mkdir()
    (folder / "catalog" / "catalog.yaml").write_bytes(
        (FLOW.parent / "catalog" / "catalog.yaml").read_bytes()
    )
    (folder / "deadline.scenarios.yaml").write_text(text, encoding="utf-8")
    run = cli("flows", "test", str(folder / "deadline.yaml"))
    return [line.replace(f"{folder}/", "") for line in run.out.splitlines()]


def test_a_scenario_that_answers_a_date_must_say_when_it_runs(
    cli: CliRunner, tmp_path: Path
) -> None:
    lines = scenarios(
        cli,
        tmp_path,
        "scenarios:\n  - name: no now\n    answers: {what: topup, topup-date: 2026-12-24}\n"
        "    expect: {outcome: topup-waiting}\n",
    )
    assert lines[:2] == [
        "deadline.scenarios.yaml:3:40: error: scenario 'no now': question 'topup-date' takes a "
        "date: set now (such as now: 2026-12-28T10:00:00+07:00), so the scenario does not "
        "depend on the day it runs [bad-answer]",
        "deadline: 1 scenario, 0 passed, 1 failed (deadline.scenarios.yaml)",
    ]


def test_a_scenario_s_now_must_be_a_time(cli: CliRunner, tmp_path: Path) -> None:
    lines = scenarios(
        cli,
        tmp_path,
        "scenarios:\n  - name: bad now\n    now: next week\n    answers: {what: topup}\n"
        "    expect: {outcome: topup-waiting}\n",
    )
    assert lines[0] == (
        "deadline.scenarios.yaml:3:10: error: scenario 'bad now': now: not an ISO 8601 date and "
        "time: 'next week' (for example 2026-12-28T10:00:00+07:00) [schema]"
    )


def test_a_scenario_that_leaves_a_date_unanswered(cli: CliRunner, tmp_path: Path) -> None:
    lines = scenarios(
        cli,
        tmp_path,
        "scenarios:\n  - name: unanswered\n    answers: {what: topup}\n    expect: {outcome: topup-waiting}\n",
    )
    assert lines[0] == (
        "deadline.scenarios.yaml:3:14: error: scenario 'unanswered': question 'topup-date' is on "
        "the path but has no answer; answer it (a date, YYYY-MM-DD, and set now) "
        "[scenario-failed]"
    )
    assert lines[2] == (
        "  choices:  0 of 8 chosen (0%); never chosen: what=topup, what=claim, what=other, "
        "topup-date=next, topup-date=next_overdue, claim-date=next, claim-date=next_overdue, "
        "since=next"
    )


# --- start-up: holidays only when a deadline is counted ------------------------------------


def imported(*args: str) -> set[str]:
    """The modules a scripted ``diagnose`` run imports (in a fresh interpreter)."""
    code = (
        "import sys; from gopay_doctor.cli import main; code = main(sys.argv[1:]); "
        "print(' '.join(sorted(sys.modules)), file=sys.stderr); sys.exit(code)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    return set(run.stderr.split("\n")[-2].split())


def test_holidays_load_only_for_a_deadline_counted_in_working_days() -> None:
    plain = imported("diagnose", "-a", "risk=none", "--defaults", "--no-input", "-f", "json")
    assert not {"holidays", "yaml", "questionary"} & plain
    counted = imported(
        "diagnose",
        "--flow",
        str(FLOW),
        "-a",
        "what=topup",
        "-a",
        "topup-date=2026-12-24",
        "-f",
        "json",
    )
    assert "holidays" in counted
    calendar_days = imported(
        "diagnose",
        "--flow",
        str(FLOW),
        "-a",
        "what=claim",
        "-a",
        "claim-date=2026-12-24",
        "-f",
        "json",
    )
    assert "holidays" not in calendar_days


def test_a_bad_clock_is_one_line_for_a_date_flow(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "soon")
    run = cli("diagnose", "--flow", str(FLOW), "-a", "what=topup", "-a", "topup-date=2026-12-24")
    assert (run.code, run.err) == (
        2,
        "gopay-doctor: error: GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: 'soon' (for "
        "example 2026-11-11T19:40:00+07:00)\n",
    )
    with pytest.raises(GopayDoctorError):
        checks.dates(load_flow(str(FLOW)))


# --- flows show, flows graph, the terminal screen ---------------------------------------------


def test_flows_show_draws_a_date_question_s_ways_forward(cli: CliRunner) -> None:
    run = cli("flows", "show", str(FLOW), "--no-color")
    assert run.out.splitlines()[3:8] == [
        "    │   └── ? topup-date [date] On what date did the bank take the money?",
        "    │       ├── (until due)",
        "    │       │   └── = topup-waiting: Wait a little longer",
        "    │       └── (overdue)",
        "    │           └── = topup-overdue: Report it now",
    ]
    data = json.loads(cli("flows", "show", str(FLOW), "--format", "json").out)
    since = data["questions"][3]
    assert (since["kind"], since["next"], since["next_overdue"], since["deadline"]) == (
        "date",
        "noted",
        None,
        None,
    )
    assert data["questions"][2]["deadline"] == {
        "working_days": None,
        "days": 60,
        "before": "You can claim until {due}.",
        "after": "The time to claim ended on {due}.",
        "sources": ["https://www.gojek.com/id-id/help/gopay/jaminan-saldo-gopay-kembali/"],
    }


def test_flows_graph_labels_the_edges_of_a_date_question(cli: CliRunner) -> None:
    mermaid = cli("flows", "graph", str(FLOW), "--lang", "id").out.splitlines()
    assert '    q_topup_date -->|"(sebelum jatuh tempo)"| r_topup_waiting' in mermaid
    assert '    q_topup_date -->|"(lewat jatuh tempo)"| r_topup_overdue' in mermaid
    assert '    q_since -->|"(tanggal apa pun)"| r_noted' in mermaid


def test_the_terminal_shows_the_due_date_in_the_verdict_even_on_a_small_screen(flow: Flow) -> None:
    result = diagnose(flow, {"what": "topup", "topup-date": "2026-12-24"}, dates=holidays(flow))
    whole = render(result, "rich", RenderOptions(width=70))
    assert "│ The money should arrive by Tuesday 29 December 2026." in whole
    first = render(result, "rich", RenderOptions(width=70, rows=8))
    assert first.splitlines()[1:4] == [
        "│ Wait a little longer" + " " * 47 + "│",
        "│" + " " * 68 + "│",
        "│ The money should arrive by Tuesday 29 December 2026." + " " * 15 + "│",
    ]


def test_a_very_deep_flow_s_outline_lists_the_ways_forward_too(flow: Flow) -> None:
    lines = [line.text for line in outline(flow, "en")]
    assert lines[5:8] == [
        "? topup-date [date] On what date did the bank take the money?",
        "(until due) -> topup-waiting",
        "(overdue) -> topup-overdue",
    ]


def test_the_library_takes_today_from_the_clock_when_not_told(flow: Flow) -> None:
    result = diagnose(flow, {"what": "topup", "topup-date": "2026-12-24"}, "en")  # 28 December
    assert result.deadline is not None
    assert (result.outcome.id, result.deadline.overdue) == ("topup-waiting", False)
