"""No user-visible text or link escapes the rules, wherever it comes from (#18).

A channel's ``url`` must be an official page ([unofficial-link]), as a source must
([unofficial-source]); the names in the checks' data files (peak periods, network hosts)
are held to [asks-for-secret] and [contact-detail]; and a saved result read back by
``export`` is held to all four. Each is refused with the same one line in ``flows check``,
``diagnose``, ``step``, ``check``, ``export`` and the library. Official hosts are matched
exactly: no look-alike, user name, IDN, punycode or trailing dot passes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import gopay_doctor
from gopay_doctor.contract.folder import Sources, bundled_dir
from gopay_doctor.errors import GopayDoctorError
from tests.conftest import FIXTURES, MINI, CliRunner

GOLDEN = Path(__file__).resolve().parent / "golden"

AUTO = FIXTURES / "auto" / "auto.yaml"
SCRIPTED = ("diagnose", "-a", "risk=none", "--defaults", "--no-input")
SECRET = (
    "gopay-doctor must never ask for a PIN, OTP, password, CVV or card number; warn instead, "
    "as in 'never share your PIN' [asks-for-secret]"
)
CONTACT = (
    "contacts change and fake ones are a common scam; say where the official contacts are "
    "(the app's Help, the official website) instead [contact-detail]"
)
PHISHING = "https://gopay-helpdesk.example/"


def link_line(where: str, url: str) -> str:
    return (
        f"{where}: error: link {url!r} is not an official page: a channel's url must be on "
        "GoPay's or Gojek's own sites (gojek.com, gopay.co.id or a subdomain), because it is "
        "shown as a way to reach help [unofficial-link]"
    )


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-11T19:40:00+07:00")
    return tmp_path


# --- 1. a channel's url --------------------------------------------------------------------


CHANNELS = """channels:
  app:
    name: Official help centre (FAQ)
    how: Open them from here or type the address yourself.
    url: {url}
    official: true
    verified_on: 2026-12-01
  forum: {{name: Forum, how: Ask others., official: false}}
"""
MINI_RUN = ("diagnose", "--flow", str(MINI), "-a", "signs=theft", "--defaults", "--no-input")


def channels_file(home: Path, url: str, name: str = "ch.yaml") -> Path:
    path = home / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CHANNELS.format(url=url), encoding="utf-8")
    return path


def test_a_phishing_link_in_a_flows_folder_is_refused_everywhere(
    cli: CliRunner, home: Path
) -> None:
    """The audit's case: an 'official' help centre that links a stranger's site."""
    channels_file(home, PHISHING, "DIR/catalog/ch.yaml")
    line = link_line("DIR/catalog/ch.yaml:5:10", PHISHING)
    checked = cli("flows", "check", "--flows-dir", "DIR", "--ignore", "unused-entry")
    assert (checked.code, checked.out) == (1, line + "\n")
    for args in [SCRIPTED, ("step", "-a", "risk=none")]:
        run = cli(*args, "--flows-dir", "DIR")
        assert (run.code, run.out, run.err) == (2, "", line + "\n")
    with pytest.raises(GopayDoctorError) as caught:
        gopay_doctor.load_flow("support-unreachable", _sources(home / "DIR"))
    assert str(caught.value) == line


def _sources(folder: Path) -> Sources:
    return Sources.default([folder])


def test_a_phishing_link_in_a_channels_file_is_refused(cli: CliRunner, home: Path) -> None:
    channels_file(home, PHISHING)
    line = link_line("ch.yaml:5:10", PHISHING)
    run = cli(*MINI_RUN, "--channels", "ch.yaml")
    assert (run.code, run.out, run.err) == (2, "", line + "\n")
    checked = cli("flows", "check", "--channels", "ch.yaml", "--ignore", "unused-entry", "ch.yaml")
    assert checked.out == line + "\n"


def test_an_edited_bundled_catalog_is_held_to_the_rule(cli: CliRunner, home: Path) -> None:
    """A copy of the bundled folder with one link changed: its bytes are no longer those
    judged when the package was made, so it is judged again, and refused."""
    shutil.copytree(bundled_dir(), home / "copy")
    path = home / "copy" / "catalog" / "channels.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('en: "https://www.gojek.com/en-id/help/gopay/"', f'en: "{PHISHING}"', 1),
        encoding="utf-8",
    )
    run = cli("diagnose", "--flow", "copy/support-unreachable.yaml", "-a", "risk=none")
    line_no = next(
        n for n, s in enumerate(path.read_text("utf-8").splitlines(), 1) if PHISHING in s
    )
    assert (run.code, run.out) == (2, "")
    assert run.err == link_line(f"copy/catalog/channels.yaml:{line_no}:11", PHISHING) + "\n"


@pytest.mark.parametrize(
    "url",
    [
        "https://gojek.com.evil.example/",  # the official name first, another site after
        "https://gojek.com@evil.example/",  # a user name, then the real host
        "https://www.gojek.com@evil.example/help",
        "https://gojek.com./help",  # a trailing dot is another name
        "https://xn--gjek-zqa.com/",  # punycode: another name
        "https://www.xn--gojek-9ua.com/",
        "https://gojek.com:8443/",  # no port but 443
        "https://notgojek.com/",
        "https://.gojek.com/",  # an empty label
        "http://www.gojek.com/",  # not https
    ],
)
def test_look_alike_links_are_not_official(cli: CliRunner, home: Path, url: str) -> None:
    channels_file(home, url)
    run = cli(*MINI_RUN, "--channels", "ch.yaml")
    assert run.code == 2
    if url.startswith("http:"):  # not even an https address: the file's schema says so
        assert run.err.endswith("[schema]\n")
    else:
        assert run.err == link_line("ch.yaml:5:10", url) + "\n"


@pytest.mark.parametrize(
    "url",
    [
        "https://gоjek.com/",  # a Cyrillic о: an IDN look-alike
        "https://evil.example\\@gojek.com/",  # a browser goes to evil.example
        "https://gojek.com\t.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_look_alikes_a_file_schema_cannot_hold_are_refused_in_a_saved_result(
    cli: CliRunner, home: Path, url: str
) -> None:
    """A saved result has no schema for addresses: the host rule alone refuses them."""
    document = _result(cli)
    document["channels"][0]["url"] = url
    path = _save(home, document)
    run = cli("export", "r.json", "-o", "-")
    where = _where(path, json.dumps(url, ensure_ascii=False)[1:-1])
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(f"{where}: error: link ")
    assert run.err.endswith("[unofficial-link]\n")
    assert run.err.count("\n") == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gojek.com/en-id/help/gopay/",
        "https://gojek.com/id-id/help/",
        "https://gopay.co.id/",
        "https://help.gopay.co.id/a?b=c#d",
        "https://WWW.GOJEK.COM/help",
        "https://www.gojek.com:443/help",
    ],
)
def test_official_links_pass(cli: CliRunner, home: Path, url: str) -> None:
    channels_file(home, url)
    run = cli(*MINI_RUN, "--channels", "ch.yaml", "-f", "json")
    assert run.code == 0, run.err
    assert [c["url"] for c in json.loads(run.out)["channels"]] == [url]


# --- 2. the texts of the checks' data files -------------------------------------------------


SCAM_NAME = "call our GoPay agent on 0812 3456 7890 and tell him your OTP and PIN"
PEAKS = f'windows:\n  - {{date: "11.11", kind: sale, name: "{SCAM_NAME}"}}\n'
PEAK_LINES = [
    "DIR/checks/peak-periods.yaml:2:39: error: this text asks for a secret "
    f"('tell him your OTP'): {SECRET}",
    "DIR/checks/peak-periods.yaml:2:39: error: this text holds what looks like a phone "
    f"number ('0812 3456 7890'): {CONTACT}",
]


def peaks(home: Path, text: str = PEAKS) -> None:
    (home / "DIR" / "checks").mkdir(parents=True)
    (home / "DIR" / "checks" / "peak-periods.yaml").write_text(text, encoding="utf-8")


def test_a_scam_peak_name_is_refused_by_flows_check_and_check(cli: CliRunner, home: Path) -> None:
    peaks(home)
    checked = cli("flows", "check", "DIR")
    assert (checked.code, checked.out.splitlines()) == (1, PEAK_LINES)
    run = cli("check", "--flows-dir", "DIR")
    assert (run.code, run.out, run.err.splitlines()) == (2, "", PEAK_LINES)


@pytest.mark.parametrize(
    "args",
    [
        ("step", "--flow", str(AUTO)),
        ("diagnose", "--flow", str(AUTO), "--auto", "--defaults", "--no-input"),
    ],
)
def test_a_scam_peak_name_never_reaches_a_proposal_or_a_result(
    cli: CliRunner, home: Path, args: tuple[str, ...]
) -> None:
    peaks(home)
    run = cli(*args, "--flows-dir", "DIR")
    assert (run.code, run.out, run.err.splitlines()) == (2, "", PEAK_LINES)


def test_the_library_refuses_a_scam_peak_name(home: Path) -> None:
    peaks(home)
    shutil.copytree(AUTO.parent, home / "DIR", dirs_exist_ok=True)
    flow = gopay_doctor.load_flow(str(home / "DIR" / "auto.yaml"))
    with pytest.raises(GopayDoctorError) as caught:
        gopay_doctor.step(flow, {})
    assert str(caught.value).splitlines() == PEAK_LINES


def test_a_scam_host_name_is_refused_before_any_connection(
    cli: CliRunner, home: Path, network_guard: list[str]
) -> None:
    (home / "DIR" / "checks").mkdir(parents=True)
    (home / "DIR" / "checks" / "network.yaml").write_text(
        "hosts:\n  - {host: 127.0.0.1, port: 9, tls: false, role: reference, "
        'name: "GoPay help: write to help@gopay-care.example"}\n',
        encoding="utf-8",
    )
    line = (
        "DIR/checks/network.yaml:2:67: error: this text holds what looks like an email "
        f"address ('help@gopay-care.example'): {CONTACT}"
    )
    run = cli("check", "--check-network", "-v", "--flows-dir", "DIR")
    assert (run.code, run.out, run.err) == (2, "", line + "\n")
    assert network_guard == []
    assert cli("flows", "check", "DIR").out == line + "\n"


def test_the_bundled_check_data_is_judged_when_the_package_is_made(cli: CliRunner) -> None:
    """Its digests are recorded (scripts/verified.py): check pays for no rule at run time."""
    from gopay_doctor.checks import data
    from gopay_doctor.contract.loading import digest
    from gopay_doctor.contract.verified import VERIFIED

    for name in ("peak-periods.yaml", "network.yaml"):
        path = bundled_dir() / "checks" / name
        assert digest(path.read_bytes()) in VERIFIED
        assert data.is_bundled(path)
    assert cli("check").code in (0, 1)


# --- a saved result read back by export ----------------------------------------------------


def _result(cli: CliRunner) -> dict[str, Any]:
    run = cli("diagnose", "--flow", str(MINI), "-a", "signs=theft,locked", "-f", "json")
    assert run.code == 0, run.err
    document: dict[str, Any] = json.loads(run.out)
    return document


def _save(home: Path, document: object) -> Path:
    path = home / "r.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def _where(path: Path, text: str) -> str:
    """``r.json:LINE:COL`` of the JSON string that starts with ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = '"' + text
    number = next(n for n, line in enumerate(lines, 1) if start in line)
    return f"{path.name}:{number}:{lines[number - 1].index(start) + 1}"


def test_export_refuses_a_contact_no_official_page_backs(cli: CliRunner, home: Path) -> None:
    document = _result(cli)
    document["steps"][0]["detail"] = "Or call our agent on 0812 3456 7890."
    path = _save(home, document)
    run = cli("export", "r.json", "-o", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"{_where(path, 'Or call')}: error: this text holds what looks like a phone number "
        "('0812 3456 7890'): contacts change and fake ones are a common scam; say where the "
        "official contacts are (the app's Help, the official website) instead, or name the "
        "official page that lists it under the entry's sources (gojek.com or gopay.co.id) "
        "[contact-detail]\n"
    )


def test_export_keeps_a_contact_an_official_page_backs(cli: CliRunner, home: Path) -> None:
    document = _result(cli)
    step = document["steps"][0]
    step["detail"] = "Or call 0812 3456 7890."
    step["sources"] = [{"url": "https://www.gojek.com/en-id/help/", "verified_on": "2026-12-01"}]
    _save(home, document)
    run = cli("export", "r.json", "-o", "-", "--output-format", "txt")
    assert run.code == 0, run.err
    assert "Or call 0812 3456 7890." in run.out


def test_export_refuses_what_the_message_to_support_would_carry(cli: CliRunner, home: Path) -> None:
    """The answers in the user's own words (``says``) go into the message to support."""
    document = _result(cli)
    document["transcript"][0]["says"] = ["Send me your OTP and I will fix it."]
    path = _save(home, document)
    run = cli("export", "r.json", "-o", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"{_where(path, 'Send me')}: error: this text asks for a secret ('Send me your OTP'): "
        f"{SECRET}\n"
    )


def test_export_refuses_a_flow_id_that_is_not_an_id(cli: CliRunner, home: Path) -> None:
    """The header shows it: it must be an id, not a sentence."""
    document = _result(cli)
    document["flow"]["id"] = "call 0812 3456 7890"
    path = _save(home, document)
    run = cli("export", "r.json", "-o", "-")
    assert (run.code, run.err) == (
        2,
        f"{_where(path, 'call 0812')}: error: flow id 'call 0812 3456 7890' is not an id: "
        "lower-case letters, digits and hyphens, starting with a letter or digit\n",
    )


def _deadline_result() -> dict[str, Any]:
    """A saved result with a due date and a public holiday skipped on the way to it."""
    document: dict[str, Any] = json.loads((GOLDEN / "deadline.en.json").read_text(encoding="utf-8"))
    assert document["deadline"]["holidays"], "the golden result skips no holiday any more"
    return document


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        (
            ("text",),
            "Send me your OTP and the money arrives today.",
            f"this text asks for a secret ('Send me your OTP'): {SECRET}",
        ),
        (
            ("holidays", 0, "name"),
            "Christmas: call our agent on 0812 3456 7890",
            "this text holds what looks like a phone number ('0812 3456 7890'): contacts "
            "change and fake ones are a common scam; say where the official contacts are (the "
            "app's Help, the official website) instead [contact-detail]",
        ),
        (
            ("sources", 0, "url"),
            "https://gopay-helpdesk.example/help",
            "",  # the line of the unofficial-source rule, checked below
        ),
    ],
    ids=["text", "holiday", "source"],
)
def test_export_holds_a_due_date_to_the_rules(
    cli: CliRunner, home: Path, where: tuple[str | int, ...], text: str, expected: str
) -> None:
    """A due date is shown by every format and goes into the message to support: its text,
    the holidays it skipped and its sources are judged as every other item's."""
    document = _deadline_result()
    item: Any = document["deadline"]
    for key in where[:-1]:
        item = item[key]
    item[where[-1]] = text
    path = _save(home, document)
    run = cli("export", "r.json", "-o", "-")
    assert (run.code, run.out) == (2, "")
    if expected:
        assert run.err == f"{_where(path, text[:12])}: error: {expected}\n"
    else:
        assert run.err.startswith(f"{_where(path, text[:12])}: error: ")
        assert run.err.endswith("[unofficial-source]\n")


@pytest.mark.parametrize("where", [("date",), ("due",), ("holidays", 0, "date")])
def test_export_refuses_a_due_date_that_is_no_date(
    cli: CliRunner, home: Path, where: tuple[str | int, ...]
) -> None:
    document = _deadline_result()
    item: Any = document["deadline"]
    for key in where[:-1]:
        item = item[key]
    item[where[-1]] = "25 Dec"
    path = _save(home, document)
    run = cli("export", "r.json", "-o", "-")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"{_where(path, '25 Dec')}: error: {where[-1]} must be a date (YYYY-MM-DD), got '25 Dec'\n"
    )


def test_export_keeps_a_due_date_as_it_was_saved(cli: CliRunner, home: Path) -> None:
    _save(home, _deadline_result())
    run = cli("export", "r.json", "-o", "-", "--output-format", "txt")
    assert run.code == 0, run.err
    assert "The money should arrive by Tuesday 29 December 2026." in run.out
