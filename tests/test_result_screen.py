"""The result screen (``--format rich``): what comes first, how it wraps, what it never does,
and the wizard's first screen."""

import datetime
import functools
import re

import pytest
from rich.cells import cell_len

from gopay_doctor import diagnose, load_flow
from gopay_doctor.answers import Dates
from gopay_doctor.checks import dates
from gopay_doctor.contract.model import Flow
from gopay_doctor.i18n import label
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.render.lines import break_offsets, wrap_lines
from gopay_doctor.result import Result
from tests.conftest import MINI, ROOT

TERMINAL_FLOW = ROOT / "tests" / "fixtures" / "terminal" / "terminal.yaml"


def screen(result: Result, width: int = 80, *, color: bool = False) -> str:
    return render(result, "rich", RenderOptions(color=color, width=width))


NOW = datetime.datetime.fromisoformat("2026-12-28T10:00:00+07:00")
"""When the bundled results are made: date answers are judged as of this time."""


@functools.cache
def bundled_flow() -> tuple[Flow, Dates]:
    flow = load_flow("support-unreachable")
    return flow, dates(flow, now=NOW)  # the holidays load once, when first asked for


def bundled(lang: str, **answers: object) -> Result:
    flow, judged = bundled_flow()
    return diagnose(flow, answers, lang=lang, defaults=True, dates=judged)


def test_the_screen_reads_top_down_in_the_order_a_worried_user_needs() -> None:
    out = screen(diagnose(load_flow(str(MINI)), {"signs": ["theft", "locked"]}))
    order = [
        "Result",
        "Money at risk",
        "Most likely cause: Hacked",
        "Someone else got in.",
        "Do these first",
        "1. Stop using the wallet",
        "Reach support",
        "• Try again later",
        "Early morning is quiet.",
        "Other ways to get help",
        "In-app help",
        "https://www.gojek.com/en-id/help/gopay/",
        "Your answers:",
        "• What do you see? → Money missing; Account locked",
        "Stay safe",
        "Never share codes.",
    ]
    positions = [out.index(text) for text in order]
    assert positions == sorted(positions)


def test_other_causes_come_with_their_explanation() -> None:
    out = screen(
        diagnose(load_flow(str(MINI)), {"signs": ["locked"], "slow": "yes", "busy": "very"})
    )
    lines = [line.rstrip() for line in out.splitlines()]
    start = lines.index(" Most likely cause: Busy")
    assert lines[start : start + 5] == [
        " Most likely cause: Busy",
        " Many people at once.",
        " Other possible causes:",
        " • Hacked",
        "   Someone else got in.",
    ]


def test_urgent_steps_are_numbered_in_a_heavy_panel_and_come_first() -> None:
    out = screen(bundled("en", risk=["unrecognised-transactions"]), 60)
    urgent = out[out.index("┏━ Do these first") : out.index("┗")]
    assert "┃ 1. Report each transaction you don't recognise" in urgent
    assert out.index("┏━ Do these first") < out.index("╭─ Reach support")


def test_colour_only_when_asked() -> None:
    result = diagnose(load_flow(str(MINI)), {"signs": ["theft"]})
    assert "\x1b[" not in screen(result)
    coloured = screen(result, color=True)
    assert "\x1b[1;31m┏" in coloured  # the urgent panel's border, bold red


@pytest.mark.unmeasured  # every outcome at each width: measured by the tests above, no line more
@pytest.mark.parametrize("lang", ["en", "id", "zh"])
@pytest.mark.parametrize("width", [60, 80])
def test_every_line_fits_and_every_frame_closes(lang: str, width: int) -> None:
    for answers in (
        {"risk": ["unrecognised-transactions"]},
        {"risk": ["phone-lost"]},
        {"risk": ["none"]},
    ):
        out = screen(bundled(lang, **answers), width)
        lines = out.splitlines()
        # an address longer than the screen stands alone on its line, whole (#20)
        too_long = [line for line in lines if cell_len(line) > width]
        assert all(line.strip().startswith("https://") for line in too_long), too_long
        assert all(" " not in line.strip() for line in too_long), too_long
        framed = [line for line in lines if line and line[0] in "│┃║"]
        assert {cell_len(line) for line in framed} == {width}
        assert all(line[-1] in "│┃║" for line in framed)


def test_chinese_breaks_between_characters_not_after_latin_words() -> None:
    out = screen(bundled("zh", risk=["none"]), 60)
    # rich alone would leave "GoPay" alone on a line and push the Chinese after it down
    assert not any(line.strip(" │┃║•") in ("GoPay", "您的 Wi-Fi") for line in out.splitlines())
    for line in out.splitlines():
        body = line.strip(" │┃║•0123456789.")
        assert not body.startswith(("，", "。", "、", "：", "；", "）", "”")), line


def test_hostile_text_is_shown_as_typed() -> None:
    result = diagnose(load_flow(str(TERMINAL_FLOW)), {}, defaults=True)
    for color in (False, True):
        out = screen(result, 100, color=color)
        for bad in (
            "\x1b[2J",
            "\x1b]0;",
            "\x1b]8;",
            "\x1b[?1049h",
            "\x07",
            "\u202e",
            "\u2066",
            "\x9b",
        ):
            assert bad not in out
        for emoji in ("😄", "💀", "🚀", "🔑", "📞"):
            assert emoji not in out
    out = screen(result, 100)
    for shown in (
        "[bold red]Owned[/] :skull:",
        "\\x1b[1;1H\\x1b[2Jwiped \\u202egnp.exe",
        "[red]cause[/red] :smile:",
        "1. [bold]Do[/bold] :rocket:",
        "\\x07bell \\u202ertl",
        ":telephone: \\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07",
        "[bold]Never[/bold] share :key:",
    ):
        assert shown in out, shown


def test_hostile_text_in_chinese_at_60_columns() -> None:
    result = diagnose(load_flow(str(TERMINAL_FLOW)), {"pick": "two"}, lang="zh", defaults=True)
    out = screen(result, 60)
    assert max(cell_len(line) for line in out.splitlines()) <= 60
    assert "• 勾选 [reverse]所有[/reverse] \\u2066x\\u2069 → [on" in out


# --- line breaking -----------------------------------------------------------------------------


def pieces(text: str, width: int) -> list[str]:
    offsets = break_offsets(text, width)
    return [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]


def test_chinese_may_break_between_any_two_characters() -> None:
    assert pieces("GoPay 正在进行计划维护或系统更新。", 12) == [
        "GoPay 正在进",
        "行计划维护或",
        "系统更新。",
    ]


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one() -> None:
    assert pieces("请先通过“帮助”举报，然后", 10) == ["请先通过", "“帮助”举", "报，然后"]
    assert pieces("一二三四，五", 8) == ["一二三", "四，五"]


def test_latin_words_and_addresses_break_only_at_spaces() -> None:
    text = "Open https://www.gojek.com/en-id/help/gopay/ e.g. don’t"
    assert pieces(text, 47) == ["Open https://www.gojek.com/en-id/help/gopay/ ", "e.g. don’t"]
    assert pieces("one two three four", 9) == ["one two ", "three ", "four"]


def test_a_word_longer_than_the_line_is_folded() -> None:
    assert pieces("see https://www.gojek.com/en-id/", 12) == [
        "see ",
        "https://www.",
        "gojek.com/en",
        "-id/",
    ]


def test_wrap_lines_keeps_newlines_and_trims_the_break() -> None:
    assert wrap_lines("one two three\nfour", 8) == ["one two", "three", "four"]
    assert wrap_lines("", 8) == [""]


# --- the wizard's first screen ----------------------------------------------------------------

ANSWER_SETS: dict[str, dict[str, object]] = {
    "money-missing": {"risk": ["unrecognised-transactions"]},
    "phone-lost": {"risk": ["phone-lost"]},
    "code-shared": {"risk": ["shared-code"]},
    "number-redirected": {"risk": ["sim-or-code"]},
    "fake-support": {"risk": ["code-requested"]},
    "someone-trying": {"risk": ["unexpected-otp"]},
    "account-restricted": {"risk": ["locked"]},
    "unknown-device": {"risk": ["login-alert"]},
    "logged-out": {"risk": ["logged-out"]},
    "scam-payment": {"risk": ["paid-scammer"]},
    "refund-gopay": {"risk": ["none"], "need": "refund", "paid-with": "gopay"},
    "refund-gopaylater": {"risk": ["none"], "need": "refund", "paid-with": "gopaylater"},
    "refund-partner": {"risk": ["none"], "need": "refund", "paid-with": "linkaja-jago"},
    "transfer-failed": {"risk": ["none"], "need": "wrong-transfer", "transfer-status": "failed"},
    "transfer-completed": {
        "risk": ["none"],
        "need": "wrong-transfer",
        "transfer-status": "successful",
    },
    "wrong-amount": {"risk": ["none"], "need": "wrong-amount"},
    "topup-waiting": {"risk": ["none"], "need": "topup", "topup-date": "2026-12-24"},
    "topup-overdue": {"risk": ["none"], "need": "topup", "topup-date": "2026-12-21"},
    "card-refund-waiting": {
        "risk": ["none"],
        "need": "refund",
        "paid-with": "card",
        "card-bank": "other-bank",
        "card-date-other-bank": "2026-12-21",
    },
    "card-refund-overdue": {
        "risk": ["none"],
        "need": "refund",
        "paid-with": "card",
        "card-bank": "bca-bri",
        "card-date-bca-bri": "2026-12-01",
    },
    "not-delivered": {"risk": ["none"], "need": "not-delivered", "order-date": "2026-12-20"},
    "not-delivered-late": {"risk": ["none"], "need": "not-delivered", "order-date": "2026-09-01"},
    "not-official": {"risk": ["none"], "source": "elsewhere"},
    "contact-outdated": {"risk": ["none"], "source": "saved-long-ago"},
    "cannot-login": {"risk": ["none"], "source": "in-app", "symptom": "cannot-login"},
    "app-outdated": {"risk": ["none"], "source": "in-app", "symptom": "update-required"},
    "maintenance": {
        "risk": ["none"],
        "source": "in-app",
        "symptom": "error-notice",
        "maintenance-notice": "yes",
    },
    "peak-load": {"risk": ["none"], "source": "in-app", "symptom": "queue", "peak-period": "yes"},
    "network-problem": {"risk": ["none"], "source": "in-app", "other-sites": "no"},
    "general": {"risk": ["none"], "source": "in-app"},
}
"""One answer set for every outcome of the bundled flow (defaults for the rest)."""


def test_there_is_an_answer_set_for_every_outcome() -> None:
    assert sorted(ANSWER_SETS) == sorted(load_flow("support-unreachable").spec.outcomes)


def squeezed(text: str) -> str:
    """``text`` without frames and whitespace: what was said, however it wrapped."""
    return re.sub(r"[\s│┃║╭╮╰╯┏┓┗┛╔╗╚╝─━═]", "", text)


@pytest.mark.parametrize("lang", ["en", "id", "zh"])
@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("outcome", list(ANSWER_SETS))
@pytest.mark.unmeasured  # 180 renders of what the tests above measure: +2.5 s, no line more
def test_the_first_screen_fits_above_the_menu(outcome: str, lang: str, width: int) -> None:
    """In 24 rows less the menu's 6, every outcome shows its verdict, the most likely cause,
    the first steps (urgent ones when there are any, in a red panel, with how many more)
    and one official way to get help; calm results have no alarm."""
    result = bundled(lang, **ANSWER_SETS[outcome])
    assert result.outcome.id == outcome
    out = render(result, "rich", RenderOptions(width=width, rows=18))
    lines = out.splitlines()
    assert len(lines) <= 18
    assert max(cell_len(line) for line in lines) <= width
    seen = squeezed(out)
    assert squeezed(result.outcome.title) in seen
    assert (
        squeezed(label("likely_cause", lang) + label("colon", lang) + result.causes[0].title)
        in seen
    )
    way = next(c for c in result.channels if c.official)
    assert squeezed(label("get_help", lang) + label("colon", lang) + way.name) in seen
    steps = result.urgent_steps or result.steps
    shown = [s for s in steps if squeezed(s.text) in seen]
    assert shown == steps[: len(shown)]
    assert 1 <= len(shown) <= 3
    left = len(steps) - len(shown)
    more = label("more_steps", lang).format(n=left, choice=label("show_everything", lang))
    assert (squeezed(more) in seen) == bool(left)
    assert ("┏━ " + label("urgent", lang) in out) == bool(result.urgent_steps)
    if not result.urgent_steps:
        assert "┏" not in out  # no alarm panel


def test_the_first_screen_gives_up_what_matters_least_first() -> None:
    """The reminder goes first, then how to use the way to get help, the third step, the
    summary; the title, the cause, one step and the way's name always stay."""
    result = bundled("en", risk=["unrecognised-transactions"])
    heights = []
    for rows in (40, 20, 16, 14, 12, 3):
        out = render(result, "rich", RenderOptions(width=80, rows=rows))
        heights.append(len(out.splitlines()))
        seen = squeezed(out)
        assert squeezed(result.outcome.title) in seen
        assert squeezed(result.urgent_steps[0].text) in seen
        assert squeezed("Official way to get help: Help in the app") in seen
    assert heights == sorted(heights, reverse=True)
    roomy = render(result, "rich", RenderOptions(width=80, rows=40))
    assert "Stay safe" in roomy
    assert "And 2 more: choose “Show everything” below." in roomy
    tight = render(result, "rich", RenderOptions(width=80, rows=3))
    assert "Stay safe" not in tight
    assert squeezed(result.outcome.summary) not in squeezed(tight)
    assert "And 4 more" in tight


def test_other_formats_and_scripts_show_everything() -> None:
    result = bundled("en", risk=["unrecognised-transactions"])
    assert render(result, "text", RenderOptions(rows=10)) == render(result, "text")
    whole = screen(result)
    assert "choose “Show everything”" not in whole  # no menu in a script's screen
    assert all(squeezed(s.text) in squeezed(whole) for s in result.steps)
