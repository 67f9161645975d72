"""The contact-detail rule: phone numbers, e-mail and web addresses and handles in a text
are flagged however they are written, while dates, times and amounts are not, nor an
address on the official sites (read as strictly as a source, #18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliRunner

# Hundreds of texts through one rule: the rule's lines are measured by the checks that use it
# (flows check, the catalog, saved results), and tracing the texts only slowed them.
pytestmark = pytest.mark.unmeasured

ADVICE = (
    "contacts change and fake ones are a common scam; say where the official contacts are "
    "(the app's Help, the official website) instead, or name the official page that lists it "
    "under the entry's sources (gojek.com or gopay.co.id) [contact-detail]"
)

CONTACTS = [
    ("Call 0812 3456 7890 for help.", "a phone number ('0812 3456 7890')"),
    ("Call +62 21 1234 5678.", "a phone number ('+62 21 1234 5678')"),
    ("Hubungi 1500-123 sekarang.", "a phone number ('1500-123')"),
    ("Call (021) 1234-5678.", "a phone number ('(021) 1234-5678')"),
    ("Call 0812-3456-7890.", "a phone number ('0812-3456-7890')"),
    ("Call 021.555.0199.", "a phone number ('021.555.0199')"),
    ("Call +6281234567890.", "a phone number ('+6281234567890')"),
    ("拨打0812 3456 7890联系客服。", "a phone number ('0812 3456 7890')"),
    ("On 2026-11-11 call 0812 3456 7890.", "a phone number ('0812 3456 7890')"),
    ("Rp 1.500.000 was lost; call 0812-3456-7890.", "a phone number ('0812-3456-7890')"),
    ("Write to cs@gojek.com.", "an email address ('cs@gojek.com')"),
    ("Visit www.gopay.co.id.example today.", "a web address ('www.gopay.co.id.example')"),
    ("See https://gopay.co.id.example/help.", "a web address ('https://gopay.co.id.example/help')"),
    ("See http://gopay.co.id/help.", "a web address ('http://gopay.co.id/help')"),
    ("See https://gojek.com@evil.example/.", "an email address ('gojek.com@evil.example')"),
    (
        "Visit www.gojek.com, then www.gojek-help.example.",
        "a web address ('www.gojek-help.example')",
    ),
    ("Message @gopayindonesia.", "an account handle ('@gopayindonesia')"),
]

NOT_CONTACTS = [
    "The sale on 2026-11-11 is busy.",
    "The sale on 12.12.2026 is busy.",
    "Pada 11/11/2026 ramai.",
    "Since 2026-11-11 19:40 nothing loads.",
    "Since 2026-11-11T19:40:00+07:00 nothing loads.",
    "On 12.12.2026 at 19:40 it failed.",
    "Sejak pukul 19.40 WIB tidak bisa.",
    "Sale days: 9.9 10.10 11.11 12.12.",
    "I lost Rp 1.500.000 today.",
    "Saya kehilangan 1.500.000 rupiah.",
    "A payment of Rp 25.000.000,00 failed.",
    "A payment of IDR 1,500,000 failed.",
    "Saya kehilangan Rp1500000.",
    "付款 1500000 元失败。",
    "From 19:40 to 21:00 it is busy.",
    "Busy from the 25th to the 1st.",
    "Never share your PIN.",
    "Visit www.gopay.co.id today.",
    "See https://gopay.co.id/help.",
    "Type www.gojek.com yourself.",
]


def _check(cli: CliRunner, tmp_path: Path, text: str) -> tuple[int, str]:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(f"notices:\n  n:\n    text: {json.dumps(text)}\n", encoding="utf-8")
    run = cli("flows", "check", "--ignore", "unused-entry", str(catalog))
    return run.code, run.out.replace(str(catalog), "catalog.yaml")


@pytest.mark.parametrize(("text", "found"), CONTACTS)
def test_a_contact_detail_is_flagged(cli: CliRunner, tmp_path: Path, text: str, found: str) -> None:
    assert _check(cli, tmp_path, text) == (
        1,
        f"catalog.yaml:3:11: error: this text holds what looks like {found}: {ADVICE}\n",
    )


@pytest.mark.parametrize("text", NOT_CONTACTS)
def test_dates_times_amounts_and_official_sites_are_not_contacts(
    cli: CliRunner, tmp_path: Path, text: str
) -> None:
    assert _check(cli, tmp_path, text) == (0, "")


def test_long_runs_are_judged(tmp_path: Path, cli: CliRunner) -> None:
    """Long runs of digits, dots, hyphens or letters cannot make the patterns backtrack:
    a whole ``flows check`` of them finishes (the suite's own timeout guards it)."""
    for text in ("-" * 50_000, "a" * 50_000, "1." * 25_000, "1 " * 25_000 + "x", "a@" * 25_000):
        code, out = _check(cli, tmp_path, text)
        assert code == (1 if out else 0)
        assert out.count("\n") <= 1
