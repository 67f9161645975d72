"""Exports: ``diagnose --output`` and ``gopay-doctor export``, every format, byte for byte.

The golden files in ``tests/golden/`` are the exact exports. After a deliberate change,
regenerate them and review the diff::

    UPDATE_GOLDEN=1 python -m pytest tests/test_export.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.export import Target, export_until_written, plan
from gopay_doctor.output import Output
from gopay_doctor.prompts.scripted import ACCEPT, Step
from gopay_doctor.result import Result
from tests.conftest import FIXTURES, MINI, ROOT, CliRunner, run_process
from tests.test_wizard import play

GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE = FIXTURES / "hostile" / "hostile.yaml"
NOW = "2026-11-25T14:32:05+07:00"
PEAK = "2026-11-11T19:40:00+07:00"
"""A time the peak-period check calls busy: 11.11, a big online sale day."""
FORMATS = ("md", "txt", "json", "html")
LANGS = ("en", "id", "zh")

DEADLINE = FIXTURES / "deadline" / "deadline.yaml"
TOPUP = ("--flow", str(DEADLINE), "-a", "what=topup", "-a", "topup-date=2026-12-24")
"""A top-up on Thursday 24 December 2026: due Tuesday 29 December (25 December is a holiday)."""
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (flow and answers, languages)
    "mini": (("--flow", str(MINI), "-a", "signs=theft,locked"), LANGS),
    "hostile": (("--flow", str(HOSTILE), "--defaults"), ("en",)),
    "deadline": (TOPUP, LANGS),  # asked on Monday 28 December: not due yet
    "deadline-overdue": (TOPUP, ("en",)),  # asked on Wednesday 30 December: overdue
}
WIZARD: dict[str, tuple[tuple[str, ...], list[Step], tuple[str, ...]]] = {}
"""name: (flow and answers, the person's replies in the wizard, languages)"""
CLOCK: dict[str, str] = {
    "deadline": "2026-12-28T10:00:00+07:00",
    "deadline-overdue": "2026-12-30T10:00:00+07:00",
}
"""name: the time of the case, when it is not NOW"""
BUNDLED = ("support-unreachable", "peak-auto", "peak-kept", "peak-changed", "topup-overdue")
if (ROOT / "flows" / "support-unreachable.yaml").is_file():
    TO_PEAK = (  # the answers that lead to the peak-period question, which has auto: clock.peak
        *("-a", "risk=none", "-a", "need=other", "-a", "source=in-app", "-a", "symptom=timeout"),
        *("-a", "other-sites=yes", "-a", "maintenance-notice=no"),
    )
    CASES["support-unreachable"] = (  # seven questions of every kind, three ranked causes
        (*TO_PEAK, "-a", "peak-period=yes"),
        LANGS,
    )
    CASES["peak-auto"] = ((*TO_PEAK, "--auto"), ("en",))  # the check answers, and says why
    CASES["topup-overdue"] = (  # a date question: a Friday top-up was due on Tuesday, and NOW
        ("-a", "risk=none", "-a", "need=topup", "-a", "topup-date=2026-11-20"),  # is Wednesday
        LANGS,
    )
    WIZARD["peak-kept"] = (TO_PEAK, [ACCEPT, "done"], ("en",))  # the person keeps the proposal
    WIZARD["peak-changed"] = (TO_PEAK, ["no", "done"], LANGS)  # the person changes it
    CLOCK.update(dict.fromkeys(("peak-auto", "peak-kept", "peak-changed"), PEAK))


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", NOW)


def mini_json(cli: CliRunner, *extra: str) -> str:
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft,locked", "-f", "json", *extra)
    assert run.code == 0, run.err
    return run.out


def assert_error(run: object, message: str) -> None:
    assert (getattr(run, "code"), getattr(run, "err")) == (2, message + "\n")  # noqa: B009


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- golden files: every format in every language ---------------------------------------------


GOLDEN_CASES = [
    *((case, lang) for case, (_, langs) in CASES.items() for lang in langs),
    *((case, lang) for case, (_, _, langs) in WIZARD.items() for lang in langs),
]


@pytest.mark.unmeasured  # every format and language: the renderers' tests measure these lines
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "lang"), GOLDEN_CASES)
def test_golden(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    lang: str,
    fmt: str,
) -> None:
    out = tmp_path / f"export.{fmt}"
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", CLOCK.get(case, NOW))
    if case in WIZARD:  # the export the wizard writes when the person is done
        args, replies, _ = WIZARD[case]
        answers = tuple(a for a in args if a != "-a")
        played = play(
            monkeypatch,
            replies,
            flow="support-unreachable",
            answer=answers,
            lang=lang,
            output=str(out),
        )
        assert played.code == 0, played.err
    else:
        run = cli("diagnose", *CASES[case][0], "--lang", lang, "-o", str(out))
        assert run.code == 0, run.err
    golden = GOLDEN / f"{case}.{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(out.read_bytes())
    assert out.read_bytes() == golden.read_bytes(), f"differs from {golden.name}"


def test_every_golden_file_is_checked() -> None:
    expected = {f"{case}.{lang}.{fmt}" for case, lang in GOLDEN_CASES for fmt in FORMATS}
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.name not in expected)
    if "support-unreachable" not in CASES:
        stale = [name for name in stale if name.split(".")[0] not in BUNDLED]
    assert stale == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("case", "lang"), [(c, lang) for c, (_, _, langs) in WIZARD.items() for lang in langs]
)
def test_the_wizard_s_saved_result_exports_to_the_same_files(
    cli: CliRunner, tmp_path: Path, case: str, lang: str, fmt: str
) -> None:
    """The proposal and its reason live in the JSON result: exporting it again gives the
    wizard's own export, byte for byte."""
    out = tmp_path / f"again.{fmt}"
    run = cli("export", str(GOLDEN / f"{case}.{lang}.json"), "-o", str(out))
    assert run.code == 0, run.err
    assert out.read_bytes() == (GOLDEN / f"{case}.{lang}.{fmt}").read_bytes()


# --- what every export holds -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_every_export_holds_the_whole_result(cli: CliRunner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"x.{fmt}"
    args = ("-a", "signs=locked", "-a", "slow=yes", "--defaults")
    run = cli("diagnose", "--flow", str(MINI), *args, "-o", str(out))
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    for part in (
        "2026-11-25 14:32 UTC+07:00",  # when, with its time zone
        "Mini check (mini, version 2)",  # flow id and version
        "English (en)",  # language
        "What do you see?",  # questions and answers
        "Account locked",
        "Is it slow?",
        "How busy?",
        "Very",
        "Busy",  # causes, ranked
        "Many people at once.",
        "Try again later",  # steps
        "In-app help",  # channels
        "https://www.gojek.com/en-id/help/gopay/",
        "not official",
        "Never share codes.",  # the safety reminder
        "Message to support",
        "You may add since when it happens",
        "Never add your PIN, OTP, password or card number",
    ):
        assert part in text, part
    assert text.index("Many people at once.") < text.index("Someone else got in.")  # ranked


def test_steps_are_a_checklist_urgent_first(cli: CliRunner, tmp_path: Path) -> None:
    md, txt, page = (tmp_path / f"x.{fmt}" for fmt in ("md", "txt", "html"))
    for out in (md, txt, page):
        assert cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-o", str(out)).code == 0
    assert re.findall(r"^- \[ \] (.*?) *$", md.read_text(encoding="utf-8"), re.M) == [
        "Stop using the wallet",
        "Try again later",
    ]
    assert re.findall(r"^ *\[ \] (.*)$", txt.read_text(encoding="utf-8"), re.M) == [
        "Stop using the wallet",
        "Try again later",
    ]
    html = page.read_text(encoding="utf-8")
    assert html.count('<input type="checkbox">') == 2
    assert html.index("Stop using the wallet") < html.index("Try again later")


@pytest.mark.parametrize("lang", LANGS)
def test_the_message_never_asks_for_secrets(cli: CliRunner, lang: str) -> None:
    document = json.loads(mini_json(cli, "--lang", lang))
    message = document["support_message"]
    assert set(message) == {"subject", "body", "note"}
    secrets = {"en": "PIN, OTP", "id": "PIN, kode OTP", "zh": "PIN、OTP"}[lang]
    assert secrets in message["note"]  # the note says not to add them
    body = message["body"]
    assert body.count("PIN") == 1  # only in the sentence saying they are not included
    assert "[" not in body  # nothing waits to be filled in
    assert document["transcript"][0]["label"] in body  # what happens: the answers given


def test_json_export_is_exactly_the_json_output(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft,locked", "-o", str(out))
    assert run.code == 0
    assert out.read_text(encoding="utf-8") == mini_json(cli)
    assert json.loads(out.read_text(encoding="utf-8"))["created_at"] == NOW


def test_created_at_comes_from_the_clock(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-12-12T01:02:03Z")
    assert json.loads(mini_json(cli))["created_at"] == "2026-12-12T01:02:03+00:00"
    monkeypatch.delenv("GOPAY_DOCTOR_NOW")
    made = json.loads(mini_json(cli))["created_at"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", made)


def test_a_bad_clock_variable_is_a_usage_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "yesterday")
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=none", "--defaults", "-f", "json")
    assert_error(
        run,
        "gopay-doctor: error: GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: 'yesterday' "
        "(for example 2026-11-11T19:40:00+07:00)",
    )


# --- round trip: diagnose --format json, then export, equals a direct export ------------------


@pytest.mark.unmeasured  # exports read back: the lines are measured by the tests of each format
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_round_trip(cli: CliRunner, tmp_path: Path, fmt: str, lang: str) -> None:
    saved = tmp_path / "result.json"
    saved.write_text(mini_json(cli, "--lang", lang), encoding="utf-8")
    direct, again = tmp_path / f"direct.{fmt}", tmp_path / f"again.{fmt}"
    run = cli(
        "diagnose",
        "--flow",
        str(MINI),
        "-a",
        "signs=theft,locked",
        "--lang",
        lang,
        "-o",
        str(direct),
    )
    assert run.code == 0, run.err
    run = cli("export", str(saved), "-o", str(again))
    saved_to = {"en": "Saved to", "id": "Disimpan ke", "zh": "已保存到"}[lang]
    assert (run.code, run.out, run.err) == (0, "", f"{saved_to} {again}\n")
    assert again.read_bytes() == direct.read_bytes()


def test_export_keeps_the_time_the_result_was_made(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "result.json"
    saved.write_text(mini_json(cli), encoding="utf-8")
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2027-01-01T00:00:00+07:00")
    run = cli("export", str(saved), "-o", "-", "--output-format", "txt")
    assert run.code == 0
    assert "Made: 2026-11-25 14:32 UTC+07:00\n" in run.out


def test_a_result_without_a_time_is_stamped_when_exported(cli: CliRunner, tmp_path: Path) -> None:
    document = json.loads(mini_json(cli))
    del document["created_at"]
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(document), encoding="utf-8")
    run = cli("export", str(saved), "-o", "-", "--output-format", "json")
    assert json.loads(run.out)["created_at"] == NOW


@pytest.mark.cover_children
def test_export_reads_standard_input(cli: CliRunner) -> None:
    run = run_process(
        "export",
        "-",
        "-o",
        "-",
        "--output-format",
        "md",
        input=mini_json(cli),
        env={"GOPAY_DOCTOR_NOW": NOW},
    )
    assert run.code == 0, run.err
    assert run.out.startswith("# Money at risk\n")
    assert run.err == ""


def test_export_reads_json_the_yaml_loader_cannot(cli: CliRunner, tmp_path: Path) -> None:
    """Python's json.dumps writes astral characters as surrogate pairs; they must load."""
    document = json.loads(mini_json(cli))
    document["outcome"]["title"] = "Money at risk \U0001f6a8"
    saved = tmp_path / "result.json"
    saved.write_text(json.dumps(document), encoding="ascii")
    run = cli("export", str(saved), "-o", "-", "--output-format", "txt")
    assert run.code == 0, run.err
    assert run.out.startswith("Result: Money at risk \U0001f6a8\n")


# --- diagnose --output -------------------------------------------------------------------------


def test_output_prints_the_result_and_says_where_the_file_is(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-o", "checklist.md")
    assert run.code == 0
    assert run.out.startswith("Result: Money at risk\n")
    assert run.err == "Saved to checklist.md\n"
    assert Path("checklist.md").read_text(encoding="utf-8").startswith("# Money at risk\n")
    assert files_in(tmp_path) == ["checklist.md"]


def test_output_dash_prints_only_the_export(cli: CliRunner) -> None:
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-o", "-")
    assert run.code == 0
    assert run.out.startswith("# Money at risk\n\nAct now.\n\n- **Made**: ")
    assert run.err == ""


def test_output_format_overrides_the_extension(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "notes.pdf"
    args = ("-a", "signs=theft", "-o", str(out), "--output-format", "html")
    run = cli("diagnose", "--flow", str(MINI), *args)
    assert run.code == 0, run.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.MD", "# "), ("a.markdown", "# "), ("a.text", "Result: "), ("a.htm", "<!DOCTYPE")],
)
def test_extensions(cli: CliRunner, tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    assert (
        cli("diagnose", "--flow", str(MINI), "-a", "signs=none", "--defaults", "-o", str(out)).code
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith(fmt)


def test_html_is_offered_on_screen_too(cli: CliRunner) -> None:
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "--format", "html")
    assert run.code == 0
    assert run.out.startswith("<!DOCTYPE html>\n")
    assert "Message to support" not in run.out  # only exports carry it


def test_existing_file_is_refused_before_any_work(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "checklist.md"
    out.write_text("- [x] my ticked step\n", encoding="utf-8")
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-o", str(out))
    assert_error(run, f"gopay-doctor: error: {out}: already exists; pass --force to replace it")
    assert run.out == ""
    assert out.read_text(encoding="utf-8") == "- [x] my ticked step\n"
    assert files_in(tmp_path) == ["checklist.md"]


def test_force_replaces_the_file(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "checklist.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-o", str(out), "--force")
    assert run.code == 0, run.err
    assert out.read_text(encoding="utf-8").startswith("# Money at risk\n")
    assert out.stat().st_mode & 0o777 == 0o640  # its permissions are kept
    assert files_in(tmp_path) == ["checklist.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-o", "notes.pdf"],
            "--output notes.pdf: cannot tell the format from the extension '.pdf'; use a name "
            "ending in .md, .txt, .json or .html, or pass --output-format md (or txt, json, html)",
        ),
        (
            ["-o", "notes"],
            "--output notes: cannot tell the format from a name without an extension; use a "
            "name ending in .md, .txt, .json or .html, or pass --output-format md (or txt, json, html)",
        ),
        (["-o", ""], "--output: the file name is empty"),
        (["--output-format", "md"], "--output-format needs --output FILE"),
        (["--force"], "--force needs --output FILE"),
        (
            ["-o", "-", "-f", "json"],
            "--format does not apply to --output -, which prints the export itself; use "
            "--output-format md (or txt, json, html)",
        ),
        (["-o", "missing/x.md"], "missing/x.md: no such directory 'missing'"),
    ],
)
def test_output_usage_errors(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=none", "--defaults", *args)
    assert_error(run, f"gopay-doctor: error: {message}")
    assert run.out == ""
    assert files_in(tmp_path) == []


def test_unknown_output_format_is_a_usage_error(cli: CliRunner) -> None:
    run = cli(
        "diagnose",
        "--flow",
        str(MINI),
        "-a",
        "signs=none",
        "--defaults",
        "-o",
        "-",
        "--output-format",
        "pdf",
    )
    assert run.code == 2
    assert run.err == (
        "gopay-doctor: error: invalid value for '--output-format': 'pdf' is not one of 'md', "
        "'txt', 'json', 'html'; see gopay-doctor diagnose --help\n"
    )


def test_help_documents_the_options() -> None:
    diagnose = run_process("diagnose", "--help")
    for option in (
        "--output",
        "--output-format",
        "--force",
        "gopay-doctor diagnose -o checklist.md",
    ):
        assert option in diagnose.out
    export = run_process("export", "--help")
    assert export.code == 0
    assert "gopay-doctor export result.json -o checklist.md" in export.out


# --- gopay-doctor export: reading a saved result ----------------------------------------------


def write_result(tmp_path: Path, text: str) -> str:
    (tmp_path / "r.json").write_text(text, encoding="utf-8")
    return "r.json"


def edited(cli: CliRunner, change: str, to: str) -> str:
    text = mini_json(cli)
    assert change in text
    return text.replace(change, to, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"schema_version": 1,\n  "flow": [}',
            "r.json:2:12: error: not valid JSON: Expecting value",
        ),
        (
            "[1, 2]",
            "r.json:1:1: error: not a gopay-doctor result: expected the output of --format json",
        ),
        (
            '\n  {"answers": {}}',
            "r.json:2:3: error: not a gopay-doctor result: expected the output of --format json "
            "(it has no schema_version)",
        ),
        (
            '{"schema_version": "1"}',
            "r.json:1:20: error: schema_version must be a whole number, got '1'",
        ),
        (
            '{"schema_version": 2}',
            "r.json:1:20: error: schema_version 2 is newer than this gopay-doctor can read (1); "
            "upgrade gopay-doctor to export it",
        ),
        (
            '{"schema_version": 0}',
            "r.json:1:20: error: unknown schema_version 0; this gopay-doctor reads schema_version 1",
        ),
        (
            '{"schema_version": 1}',
            "r.json:1:1: error: not a valid result: Object missing required field flow",
        ),
        ("[" * 100_000, "r.json:1:1: error: not valid JSON: nested too deeply"),
    ],
)
def test_export_refuses_what_is_not_a_result(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("export", write_result(tmp_path, content), "-o", "out.md")
    assert_error(
        run, message if message.startswith("r.json:") else f"gopay-doctor: error: {message}"
    )
    assert files_in(tmp_path) == ["r.json"]


@pytest.mark.parametrize(
    ("change", "to", "message"),
    [
        (
            '"version": 2',
            '"version": "2"',
            "r.json:6:16: error: not a valid result: Expected int, got str (at $.flow.version)",
        ),
        (
            '"urgent": true',
            '"urgent": "yes"',
            "r.json:53:17: error: not a valid result: Expected bool, got str (at $.steps[0].urgent)",
        ),
        (
            '"lang": "en"',
            '"lang": "fr"',
            "r.json:9:11: error: unknown language 'fr'; expected one of: en, id, zh",
        ),
        (
            '"created_at": "2026-11-25T14:32:05+07:00"',
            '"created_at": "2026-11-25 14:32"',
            "r.json:3:17: error: created_at must be an ISO 8601 date and time with a UTC offset, "
            "got '2026-11-25 14:32'",
        ),
        (
            '"category": "fund-safety"',
            '"category": "magic"',
            "r.json:52:19: error: unknown step category 'magic'; expected one of: fund-safety, contact, "
            "self-help, prevention",
        ),
    ],
)
def test_export_names_the_position_of_a_bad_value(
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
    to: str,
    message: str,
) -> None:
    content = edited(cli, change, to)
    monkeypatch.chdir(tmp_path)
    run = cli("export", write_result(tmp_path, content), "-o", "out.md")
    assert_error(run, message)


def test_export_errors_about_files(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert_error(
        cli("export", "nope.json", "-o", "x.md"), "gopay-doctor: error: nope.json: no such file"
    )
    name = write_result(tmp_path, mini_json(cli))
    Path("x.md").write_text("keep\n", encoding="utf-8")
    assert_error(
        cli("export", name, "-o", "x.md"),
        "gopay-doctor: error: x.md: already exists; pass --force to replace it",
    )
    assert Path("x.md").read_text(encoding="utf-8") == "keep\n"
    Path("dir.md").mkdir()
    assert_error(
        cli("export", name, "-o", "dir.md", "--force"),
        "gopay-doctor: error: dir.md: is a directory, not a file",
    )
    assert_error(
        cli("export", name, "-o", "x.md/y.md"),
        "gopay-doctor: error: x.md/y.md: 'x.md' is not a directory",
    )
    assert files_in(tmp_path) == ["dir.md", "r.json", "x.md"]


def test_export_without_output_prints_the_checklist(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -o the checklist goes to standard output, as with -o - (#15)."""
    monkeypatch.chdir(tmp_path)
    name = write_result(tmp_path, mini_json(cli))
    printed = cli("export", name)
    assert (printed.code, printed.err) == (0, "")
    assert printed.out == cli("export", name, "-o", "-").out
    assert printed.out.startswith("# Money at risk\n")
    assert (
        cli("export", name, "--output-format", "txt").out
        == cli("export", name, "-o", "-", "--output-format", "txt").out
    )
    assert files_in(tmp_path) == ["r.json"]


def test_export_refuses_bytes_that_are_not_utf8(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("r.json").write_bytes('{"schema_version": 1,\n "é": "\xff"}'.encode("latin-1"))
    assert_error(
        cli("export", "r.json", "-o", "x.md"), "r.json:2:3: error: not valid UTF-8 (byte 0xe9)"
    )
    Path("r.json").write_bytes('{"schema_version": 1,\n "é": "'.encode() + b'\xff"}')
    assert_error(
        cli("export", "r.json", "-o", "x.md"), "r.json:2:8: error: not valid UTF-8 (byte 0xff)"
    )


def test_a_newer_result_with_extra_keys_is_read(cli: CliRunner, tmp_path: Path) -> None:
    """Keys added within schema_version 1 are ignored, as docs/json.md promises."""
    document = json.loads(mini_json(cli))
    document["something_new"] = {"x": 1}
    document["steps"][0]["also_new"] = True
    saved = tmp_path / "r.json"
    saved.write_text(json.dumps(document), encoding="utf-8")
    run = cli("export", str(saved), "-o", "-", "--output-format", "json")
    assert run.code == 0, run.err
    assert run.out == mini_json(cli)


# --- data cannot inject markup, links or scripts ----------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "dl", "dt",
    "dd", "div", "section", "strong", "ol", "ul", "li", "label", "input", "span", "br", "a", "time",
}  # fmt: skip


MARKDOWN_TAGS = {
    "h1",
    "h2",
    "h3",
    "p",
    "ul",
    "li",
    "strong",
    "br",
    "a",
    "blockquote",
    "pre",
    "code",
}


def hostile_export(cli: CliRunner, fmt: str) -> str:
    run = cli("diagnose", "--flow", str(HOSTILE), "--defaults", "-o", "-", "--output-format", fmt)
    assert run.code == 0, run.err
    return run.out


def test_html_from_hostile_data_has_no_markup_of_its_own(cli: CliRunner) -> None:
    page = hostile_export(cli, "html")
    assert "<script" not in page.lower()
    parser = _Tags()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= HTML_TAGS
    assert parser.comments == []
    attributes = [(name, value or "") for _, attrs in parser.tags for name, value in attrs]
    assert not [name for name, _ in attributes if name.startswith("on")]
    assert not [value for _, value in attributes if "javascript:" in value.lower()]
    links = [value for name, value in attributes if name in ("href", "src")]
    assert set(links) == {  # the channel's address, and the official page the data cites
        "https://www.gojek.com/help?a=1&b=2",
        "https://www.gojek.com/en-id/help/gopay/",
    }
    assert [value for name, value in attributes if name == "src"] == []
    assert [tag for tag, _ in parser.tags].count("h1") == 1
    text = "".join(parser.text)
    assert "<script>alert(4)</script>" in text  # shown as text, exactly
    for raw in ("\x1b", "\u202e", "\x07"):
        assert raw not in page
    assert "\\x1b[31mred" in text  # control characters are visible escapes


def test_markdown_from_hostile_data_has_no_live_markup(cli: CliRunner) -> None:
    """Rendered by a CommonMark parser, data gives no links, headings, HTML or images."""
    from markdown_it import MarkdownIt

    document = hostile_export(cli, "md")
    rendered = MarkdownIt("commonmark").render(document)
    parser = _Tags()
    parser.feed(rendered)
    tags = [tag for tag, _ in parser.tags]
    assert set(tags) <= MARKDOWN_TAGS
    assert tags.count("h1") == 1
    assert tags.count("pre") == 1  # the message; nothing broke out of its fence
    links = [dict(attrs).get("href") for tag, attrs in parser.tags if tag == "a"]
    assert set(links) == {  # the channel's address, and the official page the data cites
        "https://www.gojek.com/help?a=1&b=2",
        "https://www.gojek.com/en-id/help/gopay/",
    }
    headings = re.findall(r"<h2>(.*?)</h2>", rendered)
    assert headings == [
        "Most likely cause", "Other possible causes", "Do these first", "What to do",
        "Other ways to get help", "Stay safe", "Your answers", "Message to support",
    ]  # fmt: skip
    for raw in ("\x1b", "\u202e"):
        assert raw not in document
    assert re.search(r"^- \[ \] ", document, re.M)
    assert len(re.findall(r"^- \[.\] ", document, re.M)) == 2  # no fake checklist items


def test_text_from_hostile_data_has_no_terminal_escapes(cli: CliRunner) -> None:
    document = hostile_export(cli, "txt")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", document.replace("\t", ""))


def _html_links(result: Result) -> tuple[list[str], str]:
    """The links of the HTML export of ``result`` and its text (the renderer itself: a
    saved result with such addresses never gets this far, see below)."""
    from gopay_doctor.render import RenderOptions, render

    page = render(result, "html", RenderOptions(export=True))
    assert "<script" not in page
    parser = _Tags()
    parser.feed(page)
    return [dict(attrs)["href"] or "" for tag, attrs in parser.tags if tag == "a"], "".join(
        parser.text
    )


def test_the_renderers_link_only_plain_https_channel_addresses(cli: CliRunner) -> None:
    """Defence in depth: whatever address a result holds, only a plain https one is a link."""
    document = json.loads(mini_json(cli))
    document["channels"][0]["url"] = "javascript:alert(1)"
    document["channels"].append(
        {**document["channels"][0], "id": "x", "url": 'https://ok.example/"><script>'}
    )
    result = Result.from_dict(document)
    links, text = _html_links(result)
    assert links == []
    assert "javascript:alert(1)" in text  # shown, not linked
    from markdown_it import MarkdownIt

    from gopay_doctor.render import RenderOptions, render

    md = render(result, "markdown", RenderOptions(export=True))
    assert re.findall(r"<a href", MarkdownIt("commonmark").render(md)) == []


def test_the_renderers_link_only_plain_https_source_addresses(cli: CliRunner) -> None:
    document = json.loads(mini_json(cli))
    document["steps"][0]["sources"] = [
        {"url": "javascript:alert(1)", "verified_on": "2026-12-01"},
        {"url": 'https://ok.example/"><script>alert(2)</script>', "verified_on": "2026-12-01"},
        {"url": "https://www.gojek.com/help/", "verified_on": "2026-12-01"},
    ]
    links, text = _html_links(Result.from_dict(document))
    assert links == ["https://www.gojek.com/help/", "https://www.gojek.com/en-id/help/gopay/"]
    assert "javascript:alert(1)" in text


def test_export_refuses_addresses_off_the_official_sites(cli: CliRunner, tmp_path: Path) -> None:
    """A saved result is held to the rules a flow is: a channel's link and a source must be
    official pages, each refused where it is written, with the line flows check gives."""
    document = json.loads(mini_json(cli))
    document["channels"][0]["url"] = "https://gopay-helpdesk.example/"
    document["steps"][0]["sources"] = [
        {"url": "javascript:alert(1)", "verified_on": "2026-12-01"},
        {"url": "https://www.gojek.com/help/", "verified_on": "2026-12-01"},
    ]
    saved = tmp_path / "r.json"
    saved.write_text(json.dumps(document, indent=1), encoding="utf-8")
    lines = saved.read_text(encoding="utf-8").splitlines()

    def at(text: str) -> str:
        number = next(n for n, line in enumerate(lines, 1) if text in line)
        return f"{saved}:{number}:{lines[number - 1].index(text) + 1}"

    source, link = at('"javascript:'), at('"https://gopay-helpdesk')
    run = cli("export", str(saved), "-o", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err.splitlines() == [
        f"{source}: error: source 'javascript:alert(1)' is not an official page: "
        "a source must be on GoPay's or Gojek's own sites (gojek.com, gopay.co.id or a "
        "subdomain), because it is shown as the official page behind the text "
        "[unofficial-source]",
        f"{link}: error: link 'https://gopay-helpdesk.example/' is not "
        "an official page: a channel's url must be on GoPay's or Gojek's own sites (gojek.com, "
        "gopay.co.id or a subdomain), because it is shown as a way to reach help "
        "[unofficial-link]",
    ]


def test_sources_are_listed_in_the_results_language(cli: CliRunner) -> None:
    """Each item with sources lists them: JSON with the date read, Markdown and HTML as
    links, text as plain addresses; Indonesian gets the id-id page where there is one."""
    args = ("diagnose", "-a", "risk=unrecognised-transactions", "--lang", "id")
    document = json.loads(cli(*args, "-f", "json").out)
    step = next(s for s in document["steps"] if s["id"] == "account-security")
    assert step["sources"] == [
        {
            "url": "https://gojek.com/id-id/help/akun/how-to-protect-my-gojek-account",
            "verified_on": "2026-12-06",
        },
        {"url": "https://www.gojek.com/blog/gopay/transaksi-aman/", "verified_on": "2026-12-06"},
        {
            "url": "https://www.gojek.com/blog/gojek/fitur-kode-keamanan",
            "verified_on": "2026-12-06",
        },
    ]
    assert document["outcome"]["sources"][0]["url"] == (
        "https://www.gojek.com/id-id/help/gopay/jaminan-saldo-gopay-kembali/"
    )
    assert document["causes"][0]["id"] == "takeover"
    assert document["causes"][0]["sources"]  # the takeover cause has its own
    english = json.loads(cli(*args[:-1], "en", "-f", "json").out)
    en_step = next(s for s in english["steps"] if s["id"] == "account-security")
    assert en_step["sources"][0]["url"] == (
        "https://www.gojek.com/en-id/help/gopay/how-to-protect-my-gojek-account"
    )
    url = "https://gojek.com/id-id/help/akun/how-to-protect-my-gojek-account"
    md = cli(*args, "-f", "markdown").out
    assert f"  Sumber: <{url}>" in md
    page = cli(*args, "-f", "html").out
    assert f'Sumber: <a href="{url}" rel="noopener noreferrer">{url}</a>' in page
    text = cli(*args, "-f", "text").out
    assert f"      Sumber: {url}\n" in text or f"    Sumber: {url}\n" in text


# --- the wizard's way: never lose the result to a failed export -------------------------------


def result_of(cli: CliRunner) -> Result:
    from gopay_doctor.export import stamp

    return stamp(Result.from_dict(json.loads(mini_json(cli))))


def test_a_failed_export_asks_for_another_path(cli: CliRunner, tmp_path: Path) -> None:
    taken = tmp_path / "taken.md"
    taken.write_text("mine\n", encoding="utf-8")
    asked: list[str] = []
    answers = iter([str(tmp_path / "x.pdf"), str(tmp_path / "new.md")])

    def ask_again(error: GopayDoctorError) -> str | None:
        asked.append(str(error))
        return next(answers)

    target = Target(str(taken), "md")
    written = export_until_written(result_of(cli), target, ask_again, Output())
    assert written == Target(str(tmp_path / "new.md"), "md")
    assert asked == [
        f"{taken}: already exists; pass --force to replace it",
        f"--output {tmp_path / 'x.pdf'}: cannot tell the format from the extension '.pdf'; use "
        "a name ending in .md, .txt, .json or .html, or pass --output-format md (or txt, json, html)",
    ]
    assert taken.read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "new.md").read_text(encoding="utf-8").startswith("# Money at risk\n")


def test_giving_up_prints_the_export_instead(
    cli: CliRunner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = result_of(cli)
    target = plan(str(tmp_path / "a.txt"))
    (tmp_path / "a.txt").mkdir()  # appears after the check
    assert export_until_written(result, target, lambda error: None, Output()) is None
    assert capsys.readouterr().out.startswith("Result: Money at risk\n")


def test_exporting_loads_neither_rich_nor_the_prompts(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from gopay_doctor.cli import main\n"
        f"args = ['diagnose', '--flow', {str(MINI)!r}, '-a', 'signs=none', '--defaults', '--no-input', '-f', 'json']\n"
        "for fmt in ('md', 'txt', 'json', 'html'):\n"
        f"    assert main([*args, '-o', {str(tmp_path)!r} + '/x.' + fmt]) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('rich', 'questionary', 'prompt_toolkit'))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.splitlines()[-1] == "[]"
    assert len(list(tmp_path.iterdir())) == 4


def test_a_write_that_fails_at_the_end_keeps_the_printed_result(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scripted runs: the result is on standard output, then one error line, exit 2."""
    import errno

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "link", full)
    out = tmp_path / "checklist.md"
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft", "-o", str(out))
    assert run.code == 2
    assert run.out.startswith("Result: Money at risk\n")
    assert run.err == f"gopay-doctor: error: {out}: cannot write: No space left on device\n"
    assert files_in(tmp_path) == []


class _Nesting(HTMLParser):
    """Checks that every element is closed, in order (void elements excepted)."""

    VOID = frozenset({"meta", "input", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [value or "" for name, value in attrs if name in ("href", "src", "action")]
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}> at {self.getpos()}")


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.html")), ids=lambda p: p.name)
def test_html_pages_are_well_formed_and_self_contained(golden: Path) -> None:
    page = golden.read_text(encoding="utf-8")
    parser = _Nesting()
    parser.feed(page)
    parser.close()
    assert (parser.problems, parser.open) == ([], [])
    assert page.startswith("<!DOCTYPE html>\n<html lang=")
    assert all(ref.startswith("https://") for ref in parser.refs)  # links only, no assets
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "url("):
        assert forbidden not in page
    assert "@media print" in page


PHONE_LINE = 43
"""Characters of body text in a line on a 390-pixel-wide phone (16 px system font)."""


@pytest.mark.parametrize("lang", ["en", "id", "zh"])
@pytest.mark.parametrize(
    "answers",
    [{"risk": ["phone-lost"]}, {"risk": ["none"], "source": "in-app", "symptom": "queue"}],
    ids=["urgent", "calm"],
)
def test_html_puts_the_verdict_the_cause_and_the_first_action_first(
    lang: str, answers: dict[str, object]
) -> None:
    """On a 390x844 phone the first action is high on the page (#20): before it come only
    the verdict, its summary and the most likely cause in a line; the date, the flow and
    every source link come after everything a person acts on."""
    from gopay_doctor import diagnose, load_flow
    from gopay_doctor.export import document, stamp

    result = stamp(diagnose(load_flow("support-unreachable"), answers, lang, defaults=True))
    page = document(result, "html")
    body = page[page.index("<body>") :]
    first = body.index('<input type="checkbox">')
    landmarks = [body.index(mark) for mark in ("<h1>", '<p class="cause">')]
    assert landmarks == sorted(landmarks)
    assert landmarks[-1] < first
    for later in ("<a href", "<time", '<dl class="meta">', 'class="sources"'):
        assert later not in body[:first], later
    assert body[:first].count("<h2>") == 1  # the steps' own heading ("Do these first")
    for later in ("<time", '<dl class="meta">', 'class="about"'):
        assert body.index(later) > body.rindex('<input type="checkbox">'), later
    shown = " ".join(re.sub(r"<[^>]+>", " ", body[:first]).split())
    assert len(shown) <= 10 * PHONE_LINE, shown  # a first action in the screen's upper half
