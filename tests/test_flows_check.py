"""``gopay-doctor flows check``: one broken fixture per rule, each problem at its exact place."""

from __future__ import annotations

import json
import re
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from gopay_doctor.contract.rules import Rule
from tests.conftest import FIXTURES, ROOT, CliRunner, run_process

BROKEN = "tests/fixtures/broken"
SECRET = (
    "gopay-doctor must never ask for a PIN, OTP, password, CVV or card number; warn instead, "
    "as in 'never share your PIN' [asks-for-secret]"
)

HOLIDAYS = version("holidays")
HYPHENS = "must be letters, digits and hyphens, and may not start or end with a hyphen [check-data]"

CASES: dict[str, tuple[str, list[str], int]] = {
    # rule: (path under tests/fixtures/broken, every line printed, exit status)
    "yaml": (
        "yaml.yaml",
        [
            "yaml.yaml:9:9: error: YAML syntax error: while parsing a flow sequence; "
            "did not find expected ',' or ']' [yaml]"
        ],
        1,
    ),
    "schema": (
        "schema.yaml",
        ["schema.yaml:2:10: error: expected a whole number, got 'one' [schema]"],
        1,
    ),
    "id-mismatch": (
        "id-mismatch.yaml",
        [
            "id-mismatch.yaml:1:5: error: flow id 'mismatch' does not match its file name "
            "'id-mismatch.yaml' [id-mismatch]"
        ],
        1,
    ),
    "unknown-id": (
        "unknown-id.yaml",
        [
            "unknown-id.yaml:19:15: error: next 'fnie' is not a known question or outcome "
            "(did you mean 'fine'?) [unknown-id]"
        ],
        1,
    ),
    "unreachable": (
        "unreachable.yaml",
        [
            "unreachable.yaml:18:3: error: outcome 'lost' can never be reached from start 'slow' [unreachable]"
        ],
        1,
    ),
    "loop": ("loop.yaml", ["loop.yaml:7:3: error: the flow loops: slow -> slow [loop]"], 1),
    "bad-exclusive": (
        "bad-exclusive.yaml",
        [
            "bad-exclusive.yaml:16:20: error: choice 'no': only choices of checkbox questions "
            "can be exclusive [bad-exclusive]"
        ],
        1,
    ),
    "date-question": (
        "date-question.yaml",
        [
            "date-question.yaml:10:5: error: date question 'slow' takes no default: a date is "
            "always asked, never assumed [date-question]"
        ],
        1,
    ),
    "bad-deadline": (
        "bad-deadline.yaml",
        [
            "bad-deadline.yaml:14:7: error: a deadline counts either working_days (Indonesian "
            "working days) or days (calendar days), not both [bad-deadline]"
        ],
        1,
    ),
    "bad-placeholder": (
        "bad-placeholder.yaml",
        [
            "bad-placeholder.yaml:15:19: error: unknown placeholder {when}: use {date} (the "
            "answer) or {due} (the due date) [bad-placeholder]"
        ],
        1,
    ),
    "dead-end": (
        "dead-end.yaml",
        [
            "dead-end.yaml:17:9: error: choice 'maybe' of question 'slow' has no way forward: "
            "give it a next, or give the question one [dead-end]"
        ],
        1,
    ),
    "duplicate-value": (
        "duplicate-value.yaml",
        [
            "duplicate-value.yaml:14:16: error: choice value 'yes' appears twice in question "
            "'slow' [duplicate-value]"
        ],
        1,
    ),
    "bad-default": (
        "bad-default.yaml",
        [
            "bad-default.yaml:10:14: error: default 'maybe' is not a choice; valid values: yes, no "
            "[bad-default]"
        ],
        1,
    ),
    "confirm-choices": (
        "confirm-choices.yaml",
        [
            "confirm-choices.yaml:11:7: error: confirm question 'slow' must have exactly the "
            "choices 'yes' and 'no' [confirm-choices]"
        ],
        1,
    ),
    "missing-label": (
        "missing-label.yaml",
        ["missing-label.yaml:14:9: error: choice 'no' needs a label [missing-label]"],
        1,
    ),
    "duplicate-id": (
        "duplicate-id.yaml",
        ["duplicate-id.yaml:18:3: error: 'slow' is both a question and an outcome [duplicate-id]"],
        1,
    ),
    "unknown-check": (
        "unknown-check.yaml",
        [
            "unknown-check.yaml:9:11: error: check 'clock.peek' is not a known check "
            "(did you mean 'clock.peak'?) [unknown-check]"
        ],
        1,
    ),
    "check-values": (
        "check-values.yaml",
        [
            "check-values.yaml:9:11: error: check 'network.reachable' may propose yes, no, "
            "unstable; question 'slow' has no choice 'unstable' [check-values]"
        ],
        1,
    ),
    "duplicate-id (catalog)": (
        "duplicate-entry",
        [
            "duplicate-entry/catalog/b.yaml:2:3: error: notice 'keep-safe' is already defined in "
            f"{BROKEN}/duplicate-entry/catalog/a.yaml [duplicate-id]"
        ],
        1,
    ),
    "asks-for-secret": (
        "asks-for-secret.yaml",
        [
            f"asks-for-secret.yaml:11:11: error: this text asks for a secret ('tell us your OTP'): {SECRET}",
            f"asks-for-secret.yaml:12:11: error: this text asks for a secret ('kirimkan kode OTP'): {SECRET}",
            f"asks-for-secret.yaml:13:11: error: this text asks for a secret ('告诉我们验证码'): {SECRET}",
        ],
        1,
    ),
    "asks-for-secret (catalog)": (
        "catalog-rules/catalog/asks-for-secret.yaml",
        [
            "catalog-rules/catalog/asks-for-secret.yaml:4:11: error: this text asks for a secret "
            f"('give them your OTP'): {SECRET}"
        ],
        1,
    ),
    "unofficial-source": (
        "unofficial-source.yaml",
        [
            "unofficial-source.yaml:21:21: error: source "
            "'https://gojek.com.help-center.example/gopay' is not an official page: a source "
            "must be on GoPay's or Gojek's own sites (gojek.com, gopay.co.id or a subdomain), "
            "because it is shown as the official page behind the text [unofficial-source]"
        ],
        1,
    ),
    "unofficial-link": (
        "unofficial-link/catalog/channels.yaml",
        [
            "unofficial-link/catalog/channels.yaml:7:10: error: link "
            "'https://gojek.com.help-centre.example/gopay/' is not an official page: a "
            "channel's url must be on GoPay's or Gojek's own sites (gojek.com, gopay.co.id or "
            "a subdomain), because it is shown as a way to reach help [unofficial-link]"
        ],
        1,
    ),
    "missing-translation": (
        "missing-translation.yaml",
        [
            "missing-translation.yaml:9:11: warning: no zh translation; English is shown instead "
            "[missing-translation]"
        ],
        0,
    ),
    "contact-detail": (
        "contact-detail.yaml",
        [
            "contact-detail.yaml:20:19: error: this text holds what looks like a phone number "
            "('021 555 0199'): contacts change and fake ones are a common scam; say where the "
            "official contacts are (the app's Help, the official website) instead, or name the "
            "official page that lists it under the entry's sources (gojek.com or gopay.co.id) "
            "[contact-detail]"
        ],
        1,
    ),
    "unsourced-claim": (
        "unsourced-claim.yaml",
        [
            "unsourced-claim.yaml:20:19: warning: outcome 'busy' says what GoPay or Gojek does "
            "or offers ('Contact Us') but has no sources: add the official page that says so "
            "(sources: url and verified_on), or leave the claim out [unsourced-claim]"
        ],
        0,
    ),
    "stale-channel": (
        "catalog-rules/catalog/stale-channel.yaml",
        [
            "catalog-rules/catalog/stale-channel.yaml:6:18: warning: channel 'old-page' was last "
            "verified on 2025-01-02, 692 days ago (more than 180): check its details are still "
            "official and current, then update verified_on [stale-channel]"
        ],
        0,
    ),
    "stale-source": (
        "stale-source.yaml",
        [
            "stale-source.yaml:21:77: warning: source 'https://www.gojek.com/en-id/help/gopay/' "
            "was last verified on 2025-01-02, 692 days ago (more than 180): read the page "
            "again and check that it still says so, then update verified_on [stale-source]"
        ],
        0,
    ),
    "unverified-url": (
        "catalog-rules/catalog/unverified-url.yaml",
        [
            "catalog-rules/catalog/unverified-url.yaml:5:10: warning: channel 'new-page' has an "
            "address but no verified_on date: check the address is official, then add the date "
            "you checked it [unverified-url]"
        ],
        0,
    ),
    "unused-entry": (
        "catalog-rules/catalog/unused-entry.yaml",
        [
            "catalog-rules/catalog/unused-entry.yaml:2:3: warning: step 'wait' is defined but no "
            "flow uses it [unused-entry]"
        ],
        0,
    ),
    "bad-answer": (
        "bad-answer.scenarios.yaml",
        [
            "bad-answer.scenarios.yaml:3:21: error: scenario 'an answer that is not a choice': "
            "invalid answer 'maybe' for question 'slow'; valid values: yes, no [bad-answer]"
        ],
        1,
    ),
    "scenario schema": (
        "scenario-schema.scenarios.yaml",
        [
            "scenario-schema.scenarios.yaml:4:13: error: missing required key 'outcome' [schema]",
            "scenario-schema.scenarios.yaml:4:14: error: unknown key 'outcom' (did you mean "
            "'outcome'?) [schema]",
        ],
        1,
    ),
    "scenarios without a flow": (
        "orphan.scenarios.yaml",
        [
            "orphan.scenarios.yaml:1:1: error: no flow file orphan.yaml beside this scenarios "
            "file; it tests the flow with the same name in the same folder [unknown-id]"
        ],
        1,
    ),
    "check-data": (
        "check-data",
        [
            "check-data/checks/network.yaml:3:12: error: 'gopay..example' is not a host name: "
            "it has an empty part (a dot first, or two dots in a row) [check-data]",
            "check-data/checks/network.yaml:4:12: error: '-gopay.example' is not a host name: "
            f"part '-gopay' {HYPHENS}",
            "check-data/checks/network.yaml:5:12: error: 'gopay-.example' is not a host name: "
            f"part 'gopay-' {HYPHENS}",
            "check-data/checks/network.yaml:6:12: error: '.example' is not a host name: "
            "it has an empty part (a dot first, or two dots in a row) [check-data]",
            f"check-data/checks/network.yaml:7:12: error: '{'a' * 60}…' (73 bytes) is not a "
            "host name: part 'aaaaaaaa'... has 65 characters (at most 63) [check-data]",
            "check-data/checks/network.yaml:8:12: error: 'gopay_example.com' is not a host "
            f"name: part 'gopay_example' {HYPHENS}",
            "check-data/checks/peak-periods.yaml:3:41: error: '25:00' is not a time of day; "
            "write HH:MM [check-data]",
            "check-data/checks/peak-periods.yaml:4:12: error: '30.2' is not a day of the year; "
            "write D.M, such as 11.11 [check-data]",
            "check-data/checks/peak-periods.yaml:7:30: error: 'to' (2026-03-20) is before "
            "'from' (2026-03-24) [check-data]",
        ],
        1,
    ),
    "check-data (schema)": (
        "check-data-schema",
        [
            "check-data-schema/checks/network.yaml:3:29: error: must be at most 65535, got "
            "70000 [check-data]",
            "check-data-schema/checks/peak-periods.yaml:2:1: error: unknown key 'covers-until'; "
            "expected one of: holidays, windows, overrides [check-data]",
            "check-data-schema/checks/peak-periods.yaml:4:11: error: must be at most 31, got 32 "
            "[check-data]",
        ],
        1,
    ),
    "stale-calendar": (
        "stale-calendar",
        [
            f"stale-calendar/checks/peak-periods.yaml:3:1: warning: holidays {HOLIDAYS} gives a "
            "holiday 'Vesak Day' (2026-05-31) that has no names here; add it under holidays with "
            "its name in every language [stale-calendar]",
        ],
        0,
    ),
}


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T12:00:00+07:00")


@pytest.mark.parametrize("rule", list(CASES))
def test_each_rule_at_its_exact_place(cli: CliRunner, rule: str) -> None:
    path, lines, code = CASES[rule]
    run = cli("flows", "check", f"{BROKEN}/{path}")
    assert run.out.splitlines() == [f"{BROKEN}/{line}" for line in lines]
    assert run.code == code
    errors = sum(": error: " in line for line in lines)
    warnings = len(lines) - errors
    assert run.err.endswith(
        f": {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n"
    )


def test_every_rule_has_a_fixture_and_every_fixture_a_rule() -> None:
    """Each rule in the registry is shown above, at its level, and no other (scenario-failed
    is reported by ``flows test``: tests/test_flows_scenarios.py)."""
    shown = {
        (line.rsplit(" [", 1)[1].rstrip("]"), "warning" if ": warning: " in line else "error")
        for _, lines, _ in CASES.values()
        for line in lines
    }
    assert shown == {(r.value, r.level) for r in Rule if r is not Rule.SCENARIO_FAILED}


def test_the_docs_list_every_rule_at_its_level() -> None:
    page = (ROOT / "docs" / "testing-flows.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \| ", page, re.MULTILINE)
    assert table == [(r.value, r.level) for r in Rule]


def test_the_valid_fixture_and_its_scenarios_have_no_problem(cli: CliRunner) -> None:
    run = cli("flows", "check", f"{BROKEN}/valid.yaml")
    assert (run.code, run.out) == (0, "")
    assert run.err == (
        "gopay-doctor: checked 1 flow, 0 catalog files, 1 scenarios file: no problems\n"
    )


def test_a_folder_is_checked_whole_and_sorted(cli: CliRunner) -> None:
    run = cli("flows", "check", f"{BROKEN}/catalog-rules")
    rules = [line.rsplit("[", 1)[1] for line in run.out.splitlines()]
    assert rules == ["asks-for-secret]", "stale-channel]", "unused-entry]", "unverified-url]"]
    assert run.code == 1
    assert run.err == (
        "gopay-doctor: checked 1 flow, 5 catalog files, 0 scenarios files: 1 error, 3 warnings\n"
    )


def test_a_catalog_folder_is_checked_as_catalogs(cli: CliRunner) -> None:
    """``flows check flows/catalog`` reads its files as catalogs, not as flows without
    ``start`` (65 false errors once), with the flows of the folder around it."""
    run = cli("flows", "check", "flows/catalog")
    assert (run.code, run.out) == (0, "")
    assert (
        run.err
        == "gopay-doctor: checked 0 flows, 4 catalog files, 0 scenarios files: no problems\n"
    )
    whole = cli("flows", "check", f"{BROKEN}/catalog-rules")
    alone = cli("flows", "check", f"{BROKEN}/catalog-rules/catalog")
    assert (alone.code, alone.out) == (whole.code, whole.out)
    assert alone.err == (
        "gopay-doctor: checked 0 flows, 5 catalog files, 0 scenarios files: 1 error, 3 warnings\n"
    )


def test_a_broken_catalog_file_in_a_catalog_folder_is_a_catalog(
    cli: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "broken" / "valid.yaml", tmp_path / "valid.yaml")
    shutil.copytree(FIXTURES / "broken" / "catalog", tmp_path / "catalog")
    (tmp_path / "catalog" / "more.yaml").write_text("steps: [\n", encoding="utf-8")
    run = cli("flows", "check", str(tmp_path / "catalog"))
    assert run.out.splitlines() == [
        f"{tmp_path}/catalog/more.yaml:2:1: error: YAML syntax error: while parsing a flow "
        "node; did not find expected node content [yaml]"
    ]
    assert run.err.startswith("gopay-doctor: checked 0 flows, 2 catalog files, 0 scenarios files")


def test_several_paths_at_once_report_every_problem(cli: CliRunner) -> None:
    run = cli("flows", "check", f"{BROKEN}/loop.yaml", f"{BROKEN}/schema.yaml")
    assert [line.split(": ")[0] for line in run.out.splitlines()] == [
        f"{BROKEN}/loop.yaml:7:3",
        f"{BROKEN}/schema.yaml:2:10",
    ]
    assert run.code == 1


def test_json_lists_problem_objects(cli: CliRunner) -> None:
    run = cli("flows", "check", f"{BROKEN}/missing-translation.yaml", "--format", "json")
    assert run.code == 0
    assert json.loads(run.out) == [
        {
            "file": f"{BROKEN}/missing-translation.yaml",
            "line": 9,
            "column": 11,
            "severity": "warning",
            "rule": "missing-translation",
            "message": "no zh translation; English is shown instead",
        }
    ]


def test_json_is_an_empty_list_when_clean(cli: CliRunner) -> None:
    run = cli("flows", "check", "--format", "json")
    assert (run.code, json.loads(run.out)) == (0, [])


def test_ignore_hides_a_warning_rule(cli: CliRunner) -> None:
    run = cli("flows", "check", f"{BROKEN}/catalog-rules", "--ignore", "unused-entry")
    assert "[unused-entry]" not in run.out
    assert "[stale-channel]" in run.out


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("asks-for-secret", "is an error and cannot be ignored"),
        ("loop", "is an error and cannot be ignored"),
        ("check-data", "is an error and cannot be ignored"),
        ("unsued-entry", "is not a rule"),
    ],
)
def test_ignore_refuses_errors_and_unknown_rules(cli: CliRunner, rule: str, why: str) -> None:
    run = cli("flows", "check", "--ignore", rule)
    assert run.code == 2
    assert run.err == (
        f"gopay-doctor: error: --ignore {rule}: {why}; warnings that can be ignored: "
        "missing-translation, stale-calendar, stale-channel, stale-source, unsourced-claim, "
        "unused-entry, unverified-url\n"
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no/such/place", "no/such/place: no such file, folder or flow"),
        (
            "support-unreachabel",
            "support-unreachabel: no such file, folder or flow (did you mean 'support-unreachable'?)",
        ),
        ("README.md", "README.md: not a flow, catalog or scenarios file (.yaml or .yml)"),
        ("gopay_doctor", "gopay_doctor: no flows, catalogs or scenarios in this folder"),
    ],
)
def test_a_bad_path_is_a_usage_error(cli: CliRunner, path: str, message: str) -> None:
    run = cli("flows", "check", path)
    assert (run.code, run.out) == (2, "")
    assert run.err == f"gopay-doctor: error: {message}\n"


def test_the_bundled_flows_have_no_problem_at_all(cli: CliRunner) -> None:
    run = cli("flows", "check")
    assert (run.code, run.out) == (0, "")
    assert run.err.endswith(": no problems\n")
    assert "checked 1 flow, 4 catalog files, 1 scenarios file" in run.err


def test_the_bundled_flows_pass_with_todays_clock_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the date, the bundled content has no error (a stale channel, calendar or
    source only warns)."""
    monkeypatch.delenv("GOPAY_DOCTOR_NOW")
    run = run_process(
        "flows",
        "check",
        *("--ignore", "stale-channel", "--ignore", "stale-calendar", "--ignore", "stale-source"),
        cwd=ROOT,
    )
    assert (run.code, run.out) == (0, "")


@pytest.mark.parametrize(("today", "days"), [("2025-07-01", 180), ("2025-07-02T00:30+07:00", 181)])
def test_a_channel_becomes_stale_after_180_days(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, today: str, days: int
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", today)  # the fixture was verified on 2025-01-02
    run = cli("flows", "check", f"{BROKEN}/catalog-rules/catalog/stale-channel.yaml")
    assert run.code == 0
    if days <= 180:
        assert run.out == ""
    else:
        assert f"2025-01-02, {days} days ago (more than 180)" in run.out


def test_a_bad_clock_setting_is_a_usage_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "tomorrow")
    run = cli("flows", "check")
    assert run.code == 2
    assert run.err.startswith("gopay-doctor: error: GOPAY_DOCTOR_NOW: ")


def test_a_broken_user_flow_is_found_by_default(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(FIXTURES / "broken" / "loop.yaml", folder / "loop.yaml")
    shutil.copytree(FIXTURES / "broken" / "catalog", folder / "catalog")
    monkeypatch.chdir(tmp_path)
    run = cli("flows", "check", "--flows-dir", "mine")
    assert run.out == "mine/loop.yaml:7:3: error: the flow loops: slow -> slow [loop]\n"
    assert run.code == 1
    assert run.err == (
        "gopay-doctor: checked 2 flows, 5 catalog files, 1 scenarios file, 2 check data files: "
        "1 error, 0 warnings\n"
    )


def test_control_characters_in_messages_are_shown_inert(cli: CliRunner, tmp_path: Path) -> None:
    flow = (FIXTURES / "broken" / "valid.yaml").read_text(encoding="utf-8")
    (tmp_path / "valid.yaml").write_text(
        flow.replace("next: fine", 'next: "fi\\u001b[2Jne"'), encoding="utf-8"
    )
    shutil.copytree(FIXTURES / "broken" / "catalog", tmp_path / "catalog")
    run = cli("flows", "check", str(tmp_path / "valid.yaml"))
    assert "\x1b" not in run.out
    assert "\\x1b[2Jne" in run.out


def test_through_a_real_process() -> None:
    run = run_process("flows", "check", f"{BROKEN}/loop.yaml", cwd=ROOT)
    assert run.code == 1
    assert run.out == f"{BROKEN}/loop.yaml:7:3: error: the flow loops: slow -> slow [loop]\n"


def test_the_checks_data_of_a_flows_dir_are_checked_with_everything(cli: CliRunner) -> None:
    """Without paths, ``flows check`` reads the data files of every flows folder too."""
    run = cli("flows", "check", "--flows-dir", f"{BROKEN}/check-data-schema")
    assert run.out.splitlines() == [f"{BROKEN}/{line}" for line in CASES["check-data (schema)"][1]]
    assert run.code == 1
    assert run.err == (
        "gopay-doctor: checked 1 flow, 4 catalog files, 1 scenarios file, 4 check data files: "
        "3 errors, 0 warnings\n"
    )


@pytest.mark.parametrize("path", ["flows/checks", "flows/checks/network.yaml", "flows"])
def test_the_bundled_checks_data_are_clean(cli: CliRunner, path: str) -> None:
    run = cli("flows", "check", path)
    assert (run.code, run.out) == (0, "")
    assert run.err.endswith(" check data files: no problems\n") or run.err.endswith(
        " 1 check data file: no problems\n"
    )


def test_check_finds_the_same_problems_in_a_data_file(cli: CliRunner) -> None:
    """``check`` and ``flows check`` read a data file the same way: the same lines."""
    run = cli("check", "--flows-dir", f"{BROKEN}/check-data")
    assert run.code == 2
    expected = [line for line in CASES["check-data"][1] if "peak-periods" in line]
    assert run.err.splitlines() == [
        f"{BROKEN}/{line}".replace("[check-data]", "[schema]") for line in expected
    ]


@pytest.mark.unmeasured  # hundreds of the same problems: no line more
def test_hundreds_of_problems_are_all_reported(cli: CliRunner, tmp_path: Path) -> None:
    """300 questions, each with a duplicate choice value and an unknown next (#5): every
    problem is positioned and gets its suggestion among the 301 ids."""
    count = 300
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "catalog.yaml").write_text(
        "notices:\n  careful: {text: Never share codes}\n", encoding="utf-8"
    )
    lines = ["id: many", "version: 1", "title: Many", "start: q0", "notices: [careful]"]
    lines.append("questions:")
    for i in range(count):
        after = f"q{i + 1}" if i + 1 < count else "done"
        lines.append(
            f"  q{i}: {{kind: select, text: Q, choices: [{{value: a, label: A, next: {after}}}, "
            f"{{value: a, label: B, next: gone{i}}}]}}"
        )
    lines.append("outcomes: {done: {title: Done, summary: Done}}")
    (tmp_path / "many.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("flows", "check", str(tmp_path / "many.yaml"))
    out = run.out.splitlines()
    assert len(out) == 2 * count
    assert out[0] == (
        f"{tmp_path}/many.yaml:7:81: error: choice value 'a' appears twice in question 'q0' "
        "[duplicate-value]"
    )
    assert out[1] == (
        f"{tmp_path}/many.yaml:7:100: error: next 'gone0' is not a known question or outcome "
        "(did you mean 'done'?) [unknown-id]"
    )
    assert out[-1] == (
        f"{tmp_path}/many.yaml:306:104: error: next 'gone299' is not a known question or "
        "outcome [unknown-id]"
    )
    assert run.code == 1
    assert run.err == (
        "gopay-doctor: checked 1 flow, 0 catalog files, 0 scenarios files: 600 errors, 0 warnings\n"
    )


# --- the peak-period calendar: can it answer this year and the next, and is it current? -------

CALENDAR = """\
holidays:
  - {holiday: Eid al-Fitr, peak: true, name: Idul Fitri}
  - {holiday: Christmas Day, name: Christmas Day}
windows:
  - {around: Eid al-Fitr, from-day: -7, to-day: 7, kind: festive, name: Lebaran}
overrides:
  holidays: []
"""


def calendar_dir(tmp_path: Path, text: str = CALENDAR) -> str:
    (tmp_path / "checks").mkdir(parents=True, exist_ok=True)
    (tmp_path / "checks" / "peak-periods.yaml").write_text(text, encoding="utf-8")
    return str(tmp_path / "checks" / "peak-periods.yaml")


def with_library(
    monkeypatch: pytest.MonkeyPatch, days: dict[str, list[str]], decreed: set[int]
) -> None:
    """The holidays package replaced by one that knows only ``days`` (key -> ISO dates)."""
    import datetime as dt

    from gopay_doctor.checks import calendar

    def library(years: tuple[int, ...]) -> calendar.Library:
        found: dict[dt.date, tuple[calendar.Day, ...]] = {}
        for key, dates in days.items():
            for text in dates:
                day = dt.date.fromisoformat(text)
                found[day] = (*found.get(day, ()), calendar.Day(key, False))
        return calendar.Library("9.99", frozenset(years), found, frozenset(decreed))

    monkeypatch.setattr(calendar, "library", library)


def test_a_year_the_calendar_cannot_answer_is_an_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Users would be told 'not known' all next year: the flow author hears it first."""
    path = calendar_dir(tmp_path)
    with_library(
        monkeypatch,
        {"Christmas Day": ["2026-12-25", "2027-12-25"], "Eid al-Fitr": ["2026-03-21"]},
        {2026},
    )
    run = cli("flows", "check", path)
    assert run.out == (
        f"{path}:5:14: error: the peak-period check cannot answer for 2027: holidays 9.99 gives "
        "no date for 'Eid al-Fitr' in 2027; upgrade the holidays package, or add that year's "
        "dates under overrides [check-data]\n"
    )
    assert run.code == 1
    with_library(monkeypatch, {"Eid al-Fitr": ["2026-03-21"]}, {2026})
    assert cli("flows", "check", path).out == (
        f"{path}:6:1: error: the peak-period check cannot answer for 2027: holidays 9.99 gives "
        "no public holidays for 2027; upgrade the holidays package, or add that year's dates "
        "under overrides [check-data]\n"
    )


def test_an_override_gives_the_missing_date(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = calendar_dir(
        tmp_path,
        CALENDAR.replace(
            "  holidays: []",
            "  holidays:\n    - {holiday: Eid al-Fitr, year: 2027, dates: [2027-03-10]}",
        ),
    )
    with_library(
        monkeypatch,
        {"Christmas Day": ["2026-12-25", "2027-12-25"], "Eid al-Fitr": ["2026-03-21"]},
        {2026},
    )
    run = cli("flows", "check", path)
    assert (run.code, run.out) == (0, "")


def test_a_package_without_this_year_s_decree_is_a_warning(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Its dates for the year are estimates: users see 'expected'; the author should upgrade."""
    path = calendar_dir(tmp_path)
    everything = {
        "Christmas Day": ["2026-12-25", "2027-12-25"],
        "Eid al-Fitr": ["2026-03-21", "2027-03-10"],
    }
    with_library(monkeypatch, everything, {2025})
    run = cli("flows", "check", path)
    assert run.out == (
        f"{path}:6:1: warning: holidays 9.99 has no joint decree on holidays and collective "
        "leave for 2026: its dates for 2026 are computed, so the check calls them expected; "
        "upgrade holidays once a release has the decree, or add the decreed dates under "
        "overrides [stale-calendar]\n"
    )
    assert run.code == 0
    assert cli("flows", "check", path, "--ignore", "stale-calendar").out == ""
    with_library(monkeypatch, everything, {2026})
    assert cli("flows", "check", path).out == ""
