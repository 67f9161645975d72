"""The safety rules hold whenever text is shown, not only when linted (#13).

A flow or catalog that asks for a PIN, OTP, password or card number, or shows a contact
detail without an official source, is refused by ``diagnose`` (scripted and wizard) with
the very line ``flows check`` gives, wherever it comes from: ``--flows-dir``,
``GOPAY_DOCTOR_FLOWS_DIR``, ``--flow PATH``, ``--channels``, or a saved session. A saved
result that asks for a secret is refused by ``export``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gopay_doctor.contract import loading, safety
from gopay_doctor.contract.folder import Sources, bundled_dir
from gopay_doctor.contract.yamlsafe import Document
from gopay_doctor.errors import Problem
from scripts import verified
from tests.conftest import MINI, ROOT, CliRunner, run_process
from tests.terminal import Terminal, env_for

SECRET = (
    "gopay-doctor must never ask for a PIN, OTP, password, CVV or card number; warn instead, "
    "as in 'never share your PIN' [asks-for-secret]"
)
CONTACT = (
    "contacts change and fake ones are a common scam; say where the official contacts are "
    "(the app's Help, the official website) instead"
)
SOURCES = (
    ", or name the official page that lists it under the entry's sources (gojek.com or gopay.co.id)"
)
SCAM_WARNING = 'notices:\n  scam-warning:\n    text: "Please enter your PIN and OTP here so we can verify you."\n'
SCAM_LINE = (
    f"DIR/catalog/n.yaml:3:11: error: this text asks for a secret ('enter your PIN'): {SECRET}"
)
SCRIPTED = ("diagnose", "-a", "risk=none", "--defaults", "--no-input")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def planted(home: Path, text: str = SCAM_WARNING) -> Path:
    """``DIR/catalog/n.yaml`` holding ``text``: the audit's scam-warning override."""
    catalog = home / "DIR" / "catalog"
    catalog.mkdir(parents=True)
    (catalog / "n.yaml").write_text(text, encoding="utf-8")
    return home / "DIR"


def checked(cli: CliRunner, *args: str) -> list[str]:
    """The errors ``flows check`` finds, each a line as ``diagnose`` gives it."""
    run = cli("flows", "check", *args)
    assert run.code == 1
    return [line for line in run.out.splitlines() if ": error: " in line]


def test_the_audits_scam_warning_override_is_refused_by_a_real_process(home: Path) -> None:
    planted(home)
    run = run_process(*SCRIPTED, "--flows-dir", "DIR", cwd=home)
    assert (run.code, run.out, run.err) == (2, "", SCAM_LINE + "\n")


def test_diagnose_gives_the_line_flows_check_gives(cli: CliRunner, home: Path) -> None:
    planted(home)
    assert checked(cli, "DIR") == [SCAM_LINE]
    run = cli(*SCRIPTED, "--flows-dir", "DIR")
    assert (run.code, run.out, run.err.splitlines()) == (2, "", [SCAM_LINE])


def test_the_environment_folder_is_held_to_the_rules(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted(home)
    monkeypatch.setenv("GOPAY_DOCTOR_FLOWS_DIR", "DIR")
    run = cli(*SCRIPTED, "--format", "json")
    assert (run.code, run.out, run.err) == (2, "", SCAM_LINE + "\n")


def test_an_entry_a_later_file_overrides_is_still_checked(cli: CliRunner, home: Path) -> None:
    """Every text of every catalog file a flow is loaded with: a folder must be safe to show."""
    planted(home)
    (home / "LATER" / "catalog").mkdir(parents=True)
    (home / "LATER" / "catalog" / "o.yaml").write_text(
        "notices:\n  scam-warning:\n    text: Never share your PIN.\n", encoding="utf-8"
    )
    run = cli(*SCRIPTED, "--flows-dir", "DIR", "--flows-dir", "LATER")
    assert (run.code, run.err) == (2, SCAM_LINE + "\n")


def test_a_flow_named_by_path_is_held_to_the_rules(cli: CliRunner, home: Path) -> None:
    folder = home / "mine"
    shutil.copytree(MINI.parent, folder)
    flow = folder / "mini.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace(
            "help: {en: Tick all that apply., id: Centang semua yang sesuai., zh: 勾选所有符合的项。}",
            "help: {en: Tick all that apply., id: Ketik PIN Anda di sini., zh: 勾选所有符合的项。}",
        ),
        encoding="utf-8",
    )
    line = f"mine/mini.yaml:11:42: error: this text asks for a secret ('Ketik PIN'): {SECRET}"
    assert checked(cli, "mine/mini.yaml") == [line]
    run = cli("diagnose", "--flow", "mine/mini.yaml", "--defaults", "-a", "signs=none")
    assert (run.code, run.out, run.err) == (2, "", line + "\n")


CHANNEL = """channels:
  app:
    name: In-app help
    how: {how}
{sources}  forum: {{name: Forum, how: Ask others., official: false}}
"""
OFFICIAL = "    sources:\n      - {url: 'https://www.gojek.com/en-id/help/gopay/', verified_on: 2026-12-01}\n"
UNOFFICIAL = "    sources:\n      - {url: 'https://gojek-help.example/', verified_on: 2026-12-01}\n"
LOOKALIKE = (
    "    sources:\n      - {url: 'https://gojek.com.help.example/', verified_on: 2026-12-01}\n"
)
USERINFO = (
    "    sources:\n      - {url: 'https://gojek.com@help.example/', verified_on: 2026-12-01}\n"
)
HALF = (
    "    sources:\n      - {url: {en: 'https://www.gojek.com/en-id/help/', id: 'https://gojek.example/'},"
    " verified_on: 2026-12-01}\n"
)


@pytest.mark.parametrize("sources", ["", UNOFFICIAL, HALF, LOOKALIKE, USERINFO])
def test_a_channels_file_with_an_unsourced_contact_is_refused(
    cli: CliRunner, home: Path, sources: str
) -> None:
    """No source, a page elsewhere (however it starts), or an official page in one language
    only: refused."""
    (home / "ch.yaml").write_text(
        CHANNEL.format(how="'Call 0812 3456 7890.'", sources=sources), encoding="utf-8"
    )
    line = f"ch.yaml:4:10: error: this text holds what looks like a phone number ('0812 3456 7890'): {CONTACT}{SOURCES} [contact-detail]"
    run = cli(
        "diagnose", "--flow", str(MINI), "--channels", "ch.yaml", "-a", "signs=none", "--defaults"
    )
    lines = run.err.splitlines()
    assert (run.code, run.out, lines[0]) == (2, "", line)
    assert all(other.endswith("[unofficial-source]") for other in lines[1:])  # a page elsewhere
    assert len(lines) == (1 if sources == "" else 2)  # HALF: its id page is elsewhere
    assert checked(cli, "--channels", "ch.yaml", "ch.yaml") == lines


def test_a_contact_an_official_page_backs_is_shown(cli: CliRunner, home: Path) -> None:
    (home / "ch.yaml").write_text(
        CHANNEL.format(how="'Call 0812 3456 7890.'", sources=OFFICIAL), encoding="utf-8"
    )
    run = cli(
        "diagnose", "--flow", str(MINI), "--channels", "ch.yaml", "-a", "signs=theft", "-f", "json"
    )
    assert run.code == 0, run.err
    assert [c["how"] for c in json.loads(run.out)["channels"]] == ["Call 0812 3456 7890."]


def test_a_question_cannot_show_a_contact_at_all(cli: CliRunner, home: Path) -> None:
    """Questions and choices take no sources: a contact detail there is always refused."""
    folder = home / "mine"
    shutil.copytree(MINI.parent, folder)
    flow = folder / "mini.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace(
            'text: {en: "Is it slow?"', 'text: {en: "Is it slow? Write to help@gojek.example."'
        ),
        encoding="utf-8",
    )
    run = cli("diagnose", "--flow", "mine/mini.yaml", "-a", "signs=none", "--defaults")
    assert run.code == 2
    assert run.err == (
        "mine/mini.yaml:25:16: error: this text holds what looks like an email address "
        f"('help@gojek.example'): {CONTACT} [contact-detail]\n"
    )


def test_the_wizard_refuses_before_its_first_question(home: Path) -> None:
    planted(home)
    term = Terminal("diagnose", "--flows-dir", str(home / "DIR"), env=env_for(home))
    term.wait_for("[asks-for-secret]")
    assert term.exit_status() == 2
    assert "?" not in term.text.split("[asks-for-secret]")[1]
    assert term.answered() == 0


def test_a_planted_session_cannot_bring_in_an_unchecked_folder(cli: CliRunner, home: Path) -> None:
    """A session names folders to read the flow from: they are held to the same rules."""
    folder = planted(home).resolve()
    state = Path(os.environ["XDG_STATE_HOME"]) / "gopay-doctor"
    sessions = state / "sessions"
    sessions.mkdir(parents=True, mode=0o700)
    state.chmod(0o700)
    session = {
        "format": 1,
        "flow_id": "support-unreachable",
        "flow_version": 2,
        "flow_ref": "support-unreachable",
        "flows_dirs": [str(folder)],
        "lang": "en",
        "answers": [{"question": "risk", "value": ["none"], "source": "prompt"}],
    }
    path = sessions / "support-unreachable.json"
    path.write_text(json.dumps(session), encoding="utf-8")
    path.chmod(0o600)
    run = cli("diagnose", "--resume", "--defaults", "--no-input")
    assert run.code == 2
    assert run.err == SCAM_LINE + "\n"


def test_export_refuses_a_result_that_asks_for_a_secret(cli: CliRunner, home: Path) -> None:
    made = cli(*SCRIPTED, "--format", "json")
    assert made.code == 0, made.err
    result = json.loads(made.out)
    result["steps"][0]["detail"] = "Type your OTP in the reply."
    (home / "r.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    line = next(
        n
        for n, text in enumerate((home / "r.json").read_text("utf-8").splitlines(), 1)
        if "Type your OTP" in text
    )
    run = cli("export", "r.json", "-o", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"r.json:{line}:17: error: this text asks for a secret ('Type your OTP'): {SECRET}\n"
    )


def test_flows_check_reports_each_problem_once(cli: CliRunner, home: Path) -> None:
    """The rules run at load time now; flows check still gives one line per problem."""
    planted(home)
    run = cli("flows", "check", "--flows-dir", "DIR")
    assert run.out.count("[asks-for-secret]") == 1
    assert run.out.count("DIR/catalog/n.yaml:3:11:") == 1


def test_the_record_of_verified_bundled_files_is_current() -> None:
    """The bundled files' digests, taken when the rules found nothing in them, and the
    bundled flows as validated then."""
    current = (ROOT / "gopay_doctor" / "contract" / "verified.py").read_text(encoding="utf-8")
    assert verified.render() == current, "run: python -m scripts.verified"
    assert verified.compiled() == loading.COMPILED.read_text("utf-8"), (
        "run: python -m scripts.verified"
    )


def test_the_bundled_flow_as_made_is_the_flow_the_files_give() -> None:
    """Read from the package's record, the bundled flow is exactly what parsing and
    checking its files gives, but for where it is."""
    sources = Sources.default()
    path = bundled_dir() / "support-unreachable.yaml"
    made = loading.compiled(path, sources, loading.Files())
    assert made is not None
    assert made == loading.validate_flow(path, sources, loading.Files(), by_id=True)
    assert made.source == str(path)


def test_a_changed_byte_or_another_folder_reads_the_files_again(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    path = bundled_dir() / "support-unreachable.yaml"
    (home / "DIR").mkdir()
    assert loading.compiled(path, Sources.default(["DIR"]), loading.Files()) is None
    assert loading.compiled(path, Sources.default(channels=path), loading.Files()) is None
    files = loading.Files()
    real = files.read

    def read(where: Path) -> bytes:
        data = real(where)
        return data + b" " if where.name == "steps.yaml" else data

    monkeypatch.setattr(files, "read", read)
    assert loading.compiled(path, Sources.default(), files) is None


def test_only_unchanged_bundled_files_skip_the_rules(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundled file is judged when the package is made; a file with other bytes, even a
    copy of it with one character changed, is judged when it is loaded."""
    judged: list[str] = []
    real = safety.check

    def check(record: object, doc: Document) -> list[Problem]:
        judged.append(doc.name)
        return real(record, doc)

    monkeypatch.setattr(safety, "check", check)
    assert cli(*SCRIPTED, "--format", "json").code == 0
    assert judged == []
    shutil.copytree(bundled_dir() / "catalog", home / "DIR" / "catalog")
    notices = home / "DIR" / "catalog" / "notices.yaml"
    notices.write_text(
        notices.read_text("utf-8").replace("scam-warning:", "scam-warning:  "), "utf-8"
    )
    assert cli(*SCRIPTED, "--flows-dir", "DIR", "--format", "json").code == 0
    assert judged == ["DIR/catalog/notices.yaml"]


def test_a_scripted_run_on_the_bundled_files_never_loads_the_rules(home: Path) -> None:
    """Judged and validated when the package was made: a scripted run on the unchanged
    bundled files pays for a digest, not for the rules, nor even for PyYAML."""
    code = (
        "import sys\n"
        "from gopay_doctor.cli import main\n"
        "code = main(['diagnose', '-a', 'risk=none', '--defaults', '--no-input', '-f', 'json'])\n"
        "loaded = [m for m in ('gopay_doctor.contract.secrets', 'gopay_doctor.contract.contacts',"
        " 'hashlib', 'yaml') if m in sys.modules]\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}  # it uses hashlib
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=home, env=env
    )
    assert done.stderr.strip() == "0 []"


@pytest.mark.parametrize("command", ["show", "graph"])
def test_flows_show_and_graph_refuse_what_diagnose_refuses(
    cli: CliRunner, home: Path, command: str
) -> None:
    planted(home)
    run = cli("flows", command, "support-unreachable", "--flows-dir", "DIR")
    assert (run.code, run.out, run.err) == (2, "", SCAM_LINE + "\n")
