"""The web pages in a real browser, as people use them on a phone (#21): three journeys at
390x844 (a calm busy day in English, a scam in Indonesian, a lost phone in Chinese with
JavaScript off), what the first screen holds, a small phone at 360x640, and axe-core's
WCAG 2 A and AA rules on a question, an error and a result page in each language.

Screenshots go to ``$GOPAY_DOCTOR_SCREENSHOTS`` when it is set, to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

# The pages' code is measured by tests/test_web.py; here the browser does the work, and
# tracing the server in this process only slowed it.
pytestmark = pytest.mark.unmeasured

PHONE: ViewportSize = {"width": 390, "height": 844}
SMALL: ViewportSize = {"width": 360, "height": 640}
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Any]:
    """Opens a page in a new context (a new visitor): ``visit(locale, js=True, size=PHONE)``."""
    opened = []

    def open_page(locale: str, *, js: bool = True, size: ViewportSize = PHONE) -> Page:
        context = browser.new_context(
            viewport=size, locale=locale, java_script_enabled=js, base_url=server
        )
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("GOPAY_DOCTOR_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def choose(page: Page, value: str) -> None:
    """Tap the answer whose value is ``value`` (on its label, as a thumb would)."""
    page.locator(f'label.choice:has(input[value="{value}"])').click()


def on_first_screen(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]  # type: ignore[index]


def heading(page: Page) -> str:
    return page.locator("h1").inner_text()


def test_a_calm_busy_day_in_english(visit: Any) -> None:
    page = visit("en-US")
    response = page.goto("/")
    assert response is not None
    assert response.status == 200
    assert heading(page) == "First, your money and your account: is any of this happening?"
    choose(page, "none")
    page.get_by_role("button", name="Next").click()
    choose(page, "other")  # not a transaction: support itself cannot be reached
    page.get_by_role("button", name="Next").click()
    choose(page, "in-app")
    page.get_by_role("button", name="Next").click()
    choose(page, "queue")
    page.get_by_role("button", name="Next").click()
    assert heading(page).startswith("Is it a busy time")
    assert page.locator("#note").inner_text() == (
        "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day."
    )
    assert page.locator('input[value="yes"]').is_checked()  # the check's proposal
    assert page.locator("p.progress").inner_text() == "Question 5 of at most 5"
    shot(page, "en-peak-question")
    symptom = "What happens when you try to contact GoPay support?"
    page.get_by_role("link", name="← Back").click()  # the page's own Back
    assert heading(page) == symptom
    page.go_back()  # and the browser's Back and Forward
    assert heading(page).startswith("Is it a busy time")
    page.go_forward()
    assert heading(page) == symptom
    page.go_back()
    assert page.locator('input[value="yes"]').is_checked()
    page.get_by_role("button", name="Next").click()
    assert heading(page) == "Support is probably very busy"
    assert page.url.endswith(
        "/?risk=none&need=other&source=in-app&symptom=queue&lang=en&_q=peak-period&peak-period=yes"
    )
    for first in ("h1", ".first li", ".help-way h2"):  # verdict, first action, one way to help
        assert on_first_screen(page, first), first
    assert page.locator(".first h2").inner_text() == "What to do"
    shot(page, "en-result")
    page.get_by_role("link", name="简体中文").click()  # the same answers, in Chinese
    assert heading(page) == "客服很可能太忙，接不过来"
    assert page.locator("html").get_attribute("lang") == "zh"


def test_a_scam_in_indonesian(visit: Any) -> None:
    page = visit("id-ID")
    page.goto("/")
    assert (
        heading(page)
        == "Pertama, soal saldo dan akun Anda: apakah Anda mengalami salah satu hal berikut?"
    )
    page.get_by_role("button", name="Lanjut").click()  # nothing ticked
    assert page.get_by_role("alert").inner_text() == (
        "Belum ada yang dicentang: centang yang sesuai, atau “Tidak ada” jika tidak ada yang sesuai."
    )
    choose(page, "code-requested")  # someone who says they are from GoPay asked for a code
    page.get_by_role("button", name="Lanjut").click()
    assert heading(page) == "Ini tampaknya CS palsu: jangan bagikan kode apa pun"
    assert page.locator(".first h2").inner_text() == "Lakukan ini dulu"
    for first in ("h1", ".first li", ".help-way h2"):
        assert on_first_screen(page, first), first
    message = page.get_by_label(re.compile("^Subjek"))
    assert message.input_value().startswith("Halo CS GoPay,")
    assert message.get_attribute("readonly") is not None
    shot(page, "id-result")


def test_a_lost_phone_in_chinese_without_javascript(visit: Any) -> None:
    page = visit("zh-CN", js=False)
    page.goto("/")
    assert heading(page) == "先看看您的资金和账户：是否出现了以下任何情况？"
    choose(page, "phone-lost")
    page.get_by_role("button", name="下一步").click()
    assert heading(page) == "手机丢失或被盗：请挂失 SIM 卡并保护账户"
    for first in ("h1", ".first li", ".first li:nth-child(2)"):
        assert on_first_screen(page, first), first
    assert page.locator(".first h2").inner_text() == "请先做这些"
    with page.expect_download() as download:
        page.get_by_role("link", name="清单（Markdown）").click()
    assert download.value.suggested_filename == "gopay-doctor-phone-lost.md"
    shot(page, "zh-result-no-js")


def test_a_question_fits_a_small_phone(visit: Any) -> None:
    page = visit("id-ID", size=SMALL)
    page.goto("/")
    sizes = page.evaluate(
        """() => ({
        wide: document.documentElement.scrollWidth,
        font: parseFloat(getComputedStyle(document.body).fontSize),
        taps: [...document.querySelectorAll('label.choice, button, header a, .moves a')]
            .map(e => e.getBoundingClientRect().height),
        })"""
    )
    assert sizes["wide"] <= SMALL["width"]
    assert sizes["font"] >= 16
    assert min(sizes["taps"]) >= 44
    page.keyboard.press("Tab")  # the first link, focused from the keyboard
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    shot(page, "id-question-360")


def violations(page: Page, axe_source: str) -> list[Any]:
    """What axe-core's WCAG 2 A and AA rules find on ``page``: [rule, [elements]] each."""
    page.evaluate(axe_source)  # not through a <script>: the page's policy allows none
    found: list[Any] = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})"
        ".then(found => found.violations.map(v => [v.id, v.nodes.map(n => n.html)]))",
        AXE_RULES,
    )
    return found


PAGES = {
    "question": "/?risk=none&lang={lang}",
    "error": "/?risk=none&source=bogus&lang={lang}",
    "result": "/?risk=code-requested&lang={lang}",
}


@pytest.mark.parametrize("lang", ["en", "id", "zh"])
def test_no_accessibility_violations(visit: Any, axe_source: str, lang: str) -> None:
    page = visit("en-US")
    for kind, url in PAGES.items():
        response = page.goto(url.format(lang=lang))
        assert response is not None
        assert response.status == (400 if kind == "error" else 200)
        assert violations(page, axe_source) == [], f"{kind} page in {lang}"


def test_a_date_tapped_or_typed(browser: Browser, deadline_server: str, axe_source: str) -> None:
    """A date question (tests/fixtures/deadline): the last days to tap, any other date to
    type within the range; the due date under the verdict, on the first screen."""
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=deadline_server)
    page = context.new_page()
    page.goto("/?what=topup")
    assert heading(page) == "On what date did the bank take the money?"
    assert violations(page, axe_source) == []
    picks = page.locator("button.pick")
    assert picks.count() == 7
    assert picks.first.inner_text() == "Today, Wednesday 11 November"
    typed = page.get_by_label("Or another date")
    assert (typed.get_attribute("min"), typed.get_attribute("max")) == ("2025-11-11", "2026-11-11")
    shot(page, "en-date-question")
    typed.fill("2026-11-09")
    page.get_by_role("button", name="Next").click()
    assert heading(page) == "Wait a little longer"
    assert page.locator(".deadline strong").inner_text() == (
        "The money should arrive by Wednesday 11 November 2026."
    )
    assert on_first_screen(page, ".deadline strong")
    shot(page, "en-date-result")
    typed_url = page.url
    page.go_back()
    page.get_by_role("button", name="Monday 9 November").click()
    assert page.url == typed_url
    context.close()
