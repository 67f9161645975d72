"""The rules of date questions and deadlines (issue #19): each malformed shape refused at
its exact place, through the one rule registry. One fixture per rule lies in
``tests/fixtures/broken/`` (``tests/test_flows_check.py``); here are the other shapes each
rule refuses, made from the same small flow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, CliRunner

BASE = (FIXTURES / "broken" / "date-question.yaml").read_text(encoding="utf-8")
VALID = BASE.replace('    default: "2026-11-20"\n', "").replace("id: date-question", "id: dated")
DEADLINE = """    deadline:
      working_days: 2
      before: {en: "Wait until {due}.", id: "Tunggu sampai {due}.", zh: "请等到{due}。"}
      after: {en: "It is past {due}.", id: "Sudah lewat {due}.", zh: "已过{due}。"}
      sources: [{url: "https://www.gojek.com/en-id/help/gopay/isi-saldo-gopay-belum-masuk/", verified_on: 2026-11-01}]
"""


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T12:00:00+07:00")


def check(cli: CliRunner, tmp_path: Path, *edits: tuple[str, str]) -> list[str]:
    """``flows check`` on the valid date flow with ``edits`` (old, new) made: each line
    printed, without the folder."""
    text = VALID
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (tmp_path / "dated.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURES / "broken" / "catalog", tmp_path / "catalog")
    run = cli("flows", "check", str(tmp_path / "dated.yaml"))
    return [line.removeprefix(f"{tmp_path}/") for line in run.out.splitlines()]


def test_the_valid_date_flow_has_no_problem(cli: CliRunner, tmp_path: Path) -> None:
    assert check(cli, tmp_path) == []


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [("    next: busy\n", '    next: busy\n    choices: [{value: "a", label: A}]\n')],
            [
                "dated.yaml:11:5: error: date question 'slow' takes no choices: its answer is a "
                "date (YYYY-MM-DD), not a choice [date-question]"
            ],
            id="choices",
        ),
        pytest.param(
            [("    next: busy\n", "    next: busy\n    auto: clock.peak\n")],
            [
                "dated.yaml:11:5: error: date question 'slow' takes no auto: no automatic check "
                "proposes a date [date-question]"
            ],
            id="auto",
        ),
        pytest.param(
            [("    next_overdue: fine\n", "")],
            [
                "dated.yaml:11:5: error: question 'slow' has a deadline but no next_overdue: say "
                "where the answer leads once the due date has passed [bad-deadline]",
                "dated.yaml:22:3: error: outcome 'fine' can never be reached from start 'slow' "
                "[unreachable]",
            ],
            id="no-next-overdue",
        ),
        pytest.param(
            [("      working_days: 2\n", "")],
            [
                "dated.yaml:12:5: error: a deadline counts either working_days (Indonesian "
                "working days) or days (calendar days): give one of them [bad-deadline]"
            ],
            id="neither-count",
        ),
        pytest.param(
            [(DEADLINE, "")],
            [
                "dated.yaml:11:5: error: question 'slow' has next_overdue but no deadline: add "
                "the deadline that decides when the answer is overdue, or leave next_overdue out "
                "[bad-deadline]"
            ],
            id="next-overdue-without-deadline",
        ),
        pytest.param(
            [("      sources: [{url", "      s: [{url")],
            [
                "dated.yaml:13:7: error: missing required key 'sources' [schema]",
                "dated.yaml:16:7: error: unknown key 's'; expected one of: working_days, days, "
                "before, after, sources [schema]",
            ],
            id="deadline-without-sources",
        ),
        pytest.param(
            [("      sources: [{url", "      sources: []\n      x: [{url")],
            [
                "dated.yaml:16:16: error: needs at least 1 item [schema]",
                "dated.yaml:17:7: error: unknown key 'x'; expected one of: working_days, days, "
                "before, after, sources [schema]",
            ],
            id="deadline-with-no-source",
        ),
        pytest.param(
            [
                (
                    "    next: busy\n",
                    "    next: busy\n    says: {en: 'From {date} to {due}.', id: 'Dari {date} "
                    "sampai {due}.', zh: '从{date}到{due}。'}\n",
                )
            ],
            [],
            id="date-and-due-with-a-deadline",
        ),
        pytest.param(
            [
                (DEADLINE, ""),
                ("    next_overdue: fine\n", "    says: {en: 'Since {due}.'}\n"),
                ("    next: busy\n", "    next: busy\n"),
            ],
            [
                "dated.yaml:11:16: error: {due} needs a deadline: without one there is no due "
                "date [bad-placeholder]",
                "dated.yaml:18:3: error: outcome 'fine' can never be reached from start 'slow' "
                "[unreachable]",
            ],
            id="due-without-a-deadline",
        ),
        pytest.param(
            [("summary: {en: Try later.,", 'summary: {en: "Try after {due}.",')],
            [
                "dated.yaml:20:19: error: {due} is shown as it is here: placeholders are filled "
                "in only in a date question's says and its deadline's before and after "
                "[bad-placeholder]"
            ],
            id="placeholder-elsewhere",
        ),
        pytest.param(
            [("    next: busy\n", "")],
            [
                "dated.yaml:7:3: error: date question 'slow' needs a next: where its answer leads "
                "[dead-end]",
                "dated.yaml:17:3: error: outcome 'busy' can never be reached from start 'slow' "
                "[unreachable]",
            ],
            id="no-next",
        ),
        pytest.param(
            [("    next_overdue: fine\n", "    next_overdue: fien\n")],
            [
                "dated.yaml:11:19: error: next_overdue 'fien' is not a known question or outcome "
                "(did you mean 'fine'?) [unknown-id]",
                "dated.yaml:23:3: error: outcome 'fine' can never be reached from start 'slow' "
                "[unreachable]",
            ],
            id="unknown-next-overdue",
        ),
    ],
)
def test_each_shape_is_refused_at_its_place(
    cli: CliRunner, tmp_path: Path, edits: list[tuple[str, str]], expected: list[str]
) -> None:
    assert check(cli, tmp_path, *edits) == expected


SOURCE = "https://www.gojek.com/en-id/help/gopay/isi-saldo-gopay-belum-masuk/"


SELECT = (FIXTURES / "broken" / "valid.yaml").read_text(encoding="utf-8")
"""The valid flow of the broken fixtures: one select question."""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    choices:\n",
            "    says: {en: 'It was slow.'}\n    choices:\n",
            [
                "valid.yaml:10:5: error: question 'slow' is a select question: its answers' own "
                "words go under each choice's says; only a date question has says of its own "
                "[date-question]"
            ],
        ),
        (
            "    choices:\n",
            "    next_overdue: fine\n    choices:\n",
            [
                "valid.yaml:10:5: error: question 'slow' is a select question: only a date "
                "question can have next_overdue [date-question]"
            ],
        ),
        (
            SELECT[SELECT.index("    choices:") : SELECT.index("outcomes:")],
            "",
            [
                "valid.yaml:8:5: error: missing required key 'choices' [schema]",
                "valid.yaml:11:3: error: outcome 'busy' can never be reached from start 'slow' "
                "[unreachable]",
                "valid.yaml:16:3: error: outcome 'fine' can never be reached from start 'slow' "
                "[unreachable]",
            ],
        ),
    ],
    ids=["says", "next-overdue", "no-choices"],
)
def test_date_keys_on_another_kind_of_question(
    cli: CliRunner, tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    assert old in SELECT
    (tmp_path / "valid.yaml").write_text(SELECT.replace(old, new, 1), encoding="utf-8")
    shutil.copytree(FIXTURES / "broken" / "catalog", tmp_path / "catalog")
    run = cli("flows", "check", str(tmp_path / "valid.yaml"))
    assert [line.removeprefix(f"{tmp_path}/") for line in run.out.splitlines()] == expected


def test_a_deadline_source_must_be_official(cli: CliRunner, tmp_path: Path) -> None:
    lines = check(cli, tmp_path, (SOURCE, "https://gojek.example/help"))
    assert lines == [
        "dated.yaml:16:23: error: source 'https://gojek.example/help' is not an official page: "
        "a source must be on GoPay's or Gojek's own sites (gojek.com, gopay.co.id or a "
        "subdomain), because it is shown as the official page behind the text "
        "[unofficial-source]"
    ]


def test_a_deadline_source_goes_stale(cli: CliRunner, tmp_path: Path) -> None:
    lines = check(cli, tmp_path, ("verified_on: 2026-11-01", "verified_on: 2025-01-02"))
    assert lines == [
        f"dated.yaml:16:107: warning: source '{SOURCE}' was last verified on 2025-01-02, 692 "
        "days ago (more than 180): read the page again and check that it still says so, then "
        "update verified_on [stale-source]"
    ]


def test_deadline_texts_and_says_are_held_to_the_safety_rules(
    cli: CliRunner, tmp_path: Path
) -> None:
    lines = check(
        cli,
        tmp_path,
        ('{en: "Wait until {due}."', '{en: "Wait until {due}, then send us your OTP."'),
        (
            "    next: busy\n",
            "    next: busy\n    says: 'I paid on {date}; call me on 0812 3456 7890.'\n",
        ),
    )
    assert [line.rsplit("[", 1)[1] for line in lines] == ["contact-detail]", "asks-for-secret]"]
    assert lines[0].startswith("dated.yaml:11:11: error: this text holds what looks like a phone")
    assert lines[1].startswith("dated.yaml:15:20: error: this text asks for a secret")


def test_a_contact_in_a_deadline_text_is_allowed_by_its_official_source(
    cli: CliRunner, tmp_path: Path
) -> None:
    lines = check(
        cli, tmp_path, ('{en: "Wait until {due}."', '{en: "Wait until {due}: www.gojek.com."')
    )
    assert lines == []


def test_the_date_fixture_matches_the_published_schema(cli: CliRunner) -> None:
    import json

    import jsonschema

    from gopay_doctor.contract.yamlsafe import load_yaml

    schema = json.loads(cli("flows", "schema", "--kind", "flow").out)
    assert "Deadline" in schema["$defs"]
    assert sorted(schema["$defs"]["Question"]["properties"]["kind"]["enum"]) == [
        "checkbox",
        "confirm",
        "date",
        "select",
    ]
    path = FIXTURES / "deadline" / "deadline.yaml"
    data = load_yaml(path.read_bytes(), str(path)).data
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    broken = load_yaml(
        VALID.replace("      working_days: 2\n", "      working_days: 0\n").encode(), "x"
    ).data
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)
