"""Every fact about GoPay has a source: what counts as a claim (unsourced-claim), which pages
are official (unofficial-source, refused on load), and sources read too long ago
(stale-source)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from gopay_doctor.authoring import lint
from gopay_doctor.authoring.claims import claim
from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.model import Catalog
from gopay_doctor.contract.official import is_official
from gopay_doctor.contract.yamlsafe import load_yaml
from tests.conftest import CliRunner


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        # a product, programme, menu, button or requirement, in any language
        ("Check your GoPayLater history.", "en", "GoPayLater"),
        ("Periksa riwayat GoPay Coins Anda.", "id", "GoPay Coins"),
        ("Klaim Jaminan Saldo Kembali paling lambat 60 hari.", "id", "Jaminan Saldo Kembali"),
        ("In Logged In Devices, log out.", "en", "Logged In Devices"),
        ("Report it through Help in the app.", "en", "Help"),
        ("Laporkan lewat Bantuan di aplikasi.", "id", "Bantuan"),
        ("通过应用内的“帮助”举报。", "zh", "“帮助”"),
        ("Tekan Hubungi Kami di bawah artikel.", "id", "Hubungi Kami"),
        ("Claim with your e-KTP details.", "en", "e-KTP"),
        ("Change your GoPay PIN now.", "en", "GoPay PIN"),
        # GoPay or Gojek doing something, within a few words, in the same clause
        ("GoPay sends an OTP when you log in.", "en", "GoPay sends"),
        ("Gojek and GoPay never ask for any of these.", "en", "Gojek and GoPay never ask"),
        ("Gojek's help pages ask you to update.", "en", "Gojek's help pages ask"),
        ("Real GoPay support never asks for your PIN.", "en", "GoPay support never asks"),
        ("GoPay membatasi akun jika melihat tanda pelanggaran.", "id", "GoPay membatasi"),
        (
            "CS GoPay yang asli tidak pernah meminta kode.",
            "id",
            "GoPay yang asli tidak pernah meminta",
        ),
        ("真正的 GoPay 客服绝不会索要您的 PIN。", "zh", "GoPay 客服绝不会索要"),
        ("Gojek 和 GoPay 从不索要这些。", "zh", "Gojek 和 GoPay 从不索要"),
        ("GoPay 就会把 OTP 验证码发到您的手机上。", "zh", "GoPay 就会把 OTP 验证码发到"),
        # a plain text (every language) is read with every language's verbs
        ("GoPay membatasi akun.", None, "GoPay membatasi"),
    ],
)
def test_a_text_that_states_a_fact_about_gopay(text: str, lang: str | None, words: str) -> None:
    assert claim(text, lang) == words


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # GoPay as a place or a party
        ("Try contacting GoPay support again later.", "en"),
        ("The problem is on GoPay's side; nothing to fix on your phone.", "en"),
        ("The chat never reaches GoPay. Check your Wi-Fi.", "en"),
        ("Tell GoPay how hard it was.", "en"),
        ("Coba hubungi CS GoPay lagi nanti.", "id"),
        ("CS GoPay yang sulit dihubungi tidak dengan sendirinya berarti ada masalah.", "id"),
        ("问题出在 GoPay 那边，您的手机上没有什么需要修复的。", "zh"),
        ("联系不上 GoPay 客服，并不代表您的钱出了问题。", "zh"),
        # hedges, nouns and common words
        ("GoPay may be running maintenance.", "en"),
        ("Your GoPay limit is low.", "en"),
        ("The official help centre answers many questions.", "en"),
        ("Cari di pusat bantuan resmi.", "id"),
        ("在官方帮助中心查找。", "zh"),
        ("Helpful tips from other users.", "en"),
        # a capital that starts a sentence is not the menu
        ("Help page", "en"),
        ("Open it. Help is near.", "en"),
        ("Bantuan cepat tersedia.", "id"),
        # a new clause stops the reading
        ("Not GoPay, but a scammer: he asks for codes.", "en"),
        ("GoPay 出现故障时，骗子会索要验证码。", "zh"),
    ],
)
def test_a_text_that_states_no_fact_about_gopay(text: str, lang: str) -> None:
    assert claim(text, lang) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://gojek.com/id-id/help/gopay/klaim-jaminan-saldo-kembali",
        "https://www.gojek.com/en-id/help/gopay/",
        "https://gopay.co.id/",
        "https://help.gopay.co.id/a?b=c#d",
        "https://WWW.GOJEK.COM/help",
        "https://www.gojek.com:443/help",
    ],
)
def test_official_pages(url: str) -> None:
    assert is_official(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.gojek.com/help",  # not https
        "https://gojek.com.help-center.example/",  # a look-alike host
        "https://notgojek.com/",
        "https://gojek.co/",
        "https://gopay.co.id.example/",
        "https://gojek.com@evil.example/",  # a user name, then the real host
        "https://evil.example/gojek.com",
        "https://evil.example/?u=https://www.gojek.com/",
        "https://www.gojek.com:port/help",  # no valid port
        "https://[::1]/gojek.com",
        "https://gojek.com./help",  # the trailing dot is another name
    ],
)
def test_unofficial_pages(url: str) -> None:
    assert not is_official(url)


CATALOG = """\
steps:
  unsourced:
    text: {en: "Look in your history.", id: "Lihat riwayat Anda.", zh: "查看记录。"}
    detail: {en: "Also check GoPay Coins.", id: "Periksa juga GoPay Coins.", zh: "也查看 GoPay Coins。"}
    category: self-help
  sourced:
    text: {en: "Use Contact Us in Help.", id: "Tekan Hubungi Kami.", zh: "点“联系我们”。"}
    category: contact
    sources: [{url: "https://www.gojek.com/en-id/help/gopay/", verified_on: 2026-06-01}]
  plain:
    text: {en: "Take a breath.", id: "Tarik napas.", zh: "先别慌。"}
    category: self-help
channels:
  app:
    name: {en: "Help in the app", id: "Bantuan di aplikasi", zh: "应用内的“帮助”"}
    how: {en: "Open it from your profile.", id: "Buka dari Profilku.", zh: "从个人资料页打开。"}
"""


def catalog_problems(today: str) -> list[str]:
    doc = load_yaml(CATALOG.encode(), "catalog.yaml")
    part = convert(doc, Catalog)
    return [p.format() for p in lint.check_sources(part, doc, datetime.date.fromisoformat(today))]


def test_catalog_entries_without_sources_that_make_a_claim() -> None:
    """One problem per entry, at the first text that makes a claim: a channel name that
    starts with "Help" or "Bantuan" is none (every sentence starts with a capital), its
    Chinese name with the quoted menu “帮助” is."""
    assert catalog_problems("2026-11-28") == [
        "catalog.yaml:4:18: step 'unsourced' says what GoPay or Gojek does or offers "
        "('GoPay Coins') but has no sources: add the official page that says so (sources: "
        "url and verified_on), or leave the claim out [unsourced-claim]",
        "catalog.yaml:15:66: channel 'app' says what GoPay or Gojek does or offers "
        "('“帮助”') but has no sources: add the official page that says so (sources: url "
        "and verified_on), or leave the claim out [unsourced-claim]",
    ]


@pytest.mark.parametrize(("today", "stale"), [("2026-11-28", False), ("2026-11-29", True)])
def test_a_source_is_stale_after_180_days(today: str, stale: bool) -> None:
    found = [p for p in catalog_problems(today) if "[stale-source]" in p]
    assert found == (
        [
            "catalog.yaml:9:77: source 'https://www.gojek.com/en-id/help/gopay/' was last "
            "verified on 2026-06-01, 181 days ago (more than 180): read the page again and "
            "check that it still says so, then update verified_on [stale-source]"
        ]
        if stale
        else []
    )


def test_the_bundled_entries_that_state_facts_have_sources(cli: CliRunner) -> None:
    """The bundled flows pass the source rules; the entries left without sources (a queue,
    the network, maintenance) state nothing about what GoPay does."""
    run = cli("flows", "check", "--format", "json")
    assert run.out == "[]\n"


def test_diagnose_refuses_a_catalog_that_cites_an_unofficial_page(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flows folder that overrides the scam warning with a 'source' on another site is
    refused by diagnose and export alike, with the line flows check gives (exit 2)."""
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "n.yaml").write_text(
        "notices:\n"
        "  scam-warning:\n"
        "    text: Only our agents on the page below can help you.\n"
        "    sources: [{url: 'https://gopay-cs.example/help', verified_on: 2026-11-30}]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    line = (
        "catalog/n.yaml:4:21: error: source 'https://gopay-cs.example/help' is not an official page: "
        "a source must be on GoPay's or Gojek's own sites (gojek.com, gopay.co.id or a "
        "subdomain), because it is shown as the official page behind the text "
        "[unofficial-source]"
    )
    run = cli("diagnose", "--flows-dir", ".", "-a", "risk=none", "--defaults", "--no-input")
    assert (run.code, run.out) == (2, "")
    assert line in run.err
    checked = cli("flows", "check", "--flows-dir", ".")
    assert checked.code == 1
    assert f"{line}\n" in checked.out  # one form everywhere
