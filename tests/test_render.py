"""Renderers show data as plain text: markup, emoji codes and control characters stay inert."""

import json

import msgspec
import pytest

from gopay_doctor.formats import FORMATS
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.result import (
    CauseItem,
    ChannelItem,
    FlowInfo,
    NoticeItem,
    OutcomeInfo,
    Result,
    StepItem,
    TranscriptEntry,
)

HOSTILE = "[bold red]x[/] :smile: \x1b]0;owned\x07 \x1b[2J \u202egnp.exe \x9b31m end"


def hostile_result() -> Result:
    return Result(
        flow=FlowInfo(id="f", version=1, title=HOSTILE),
        lang="en",
        outcome=OutcomeInfo(id="o", title=HOSTILE, summary=HOSTILE),
        answers={"q": "a"},
        transcript=[
            TranscriptEntry(
                question="q", text=HOSTILE, answer="a", label=HOSTILE, source="auto", reason=HOSTILE
            )
        ],
        causes=[CauseItem(id="c", title=HOSTILE, explanation=HOSTILE, weight=1)],
        steps=[
            StepItem(id="s", text=HOSTILE, detail=HOSTILE, category="fund-safety", urgent=True),
            StepItem(id="t", text=HOSTILE, detail="", category="contact", urgent=False),
        ],
        channels=[
            ChannelItem(
                id="h", name=HOSTILE, how=HOSTILE, url="https://example.org/", official=False
            )
        ],
        notices=[NoticeItem(id="n", text=HOSTILE)],
    )


@pytest.mark.parametrize("fmt", sorted(f.name for f in FORMATS))
def test_every_format_says_why_a_check_proposed_an_answer(fmt: str) -> None:
    entry = TranscriptEntry(
        question="peak",
        text="Busy time?",
        answer="yes",
        label="Yes",
        source="auto",
        reason="It is 19:40 WIB on 11.11.2026, a big sale day",
    )
    result = msgspec.structs.replace(hostile_result(), transcript=[entry])
    out = render(result, fmt, RenderOptions(color=False, width=200))
    assert "It is 19:40 WIB on 11.11.2026, a big sale day" in out


@pytest.mark.parametrize("fmt", sorted(f.name for f in FORMATS))
@pytest.mark.parametrize("color", [False, True])
def test_control_and_bidi_characters_never_reach_the_output(fmt: str, color: bool) -> None:
    out = render(hostile_result(), fmt, RenderOptions(color=color, width=80))
    for bad in ("\x1b]", "\x07", "\x1b[2J", "\u202e", "\x9b"):
        assert bad not in out, (fmt, bad)
    if not color:
        assert "\x1b" not in out


@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_markup_and_emoji_codes_are_shown_literally(fmt: str) -> None:
    out = render(hostile_result(), fmt, RenderOptions(color=False, width=200))
    assert "[bold red]x[/] :smile: \\x1b]0;owned\\x07 \\x1b[2J \\u202egnp.exe \\x9b31m end" in out
    assert "😄" not in out


def test_json_keeps_the_data_exact_but_escaped() -> None:
    out = render(hostile_result(), "json")
    assert "\x1b" not in out
    assert "\\u001b]0;owned\\u0007" in out
    assert json.loads(out)["outcome"]["title"] == HOSTILE


def test_markdown_cannot_open_links_headings_or_html() -> None:
    from gopay_doctor.render.markdown import escape

    assert escape("# title") == "\\# title"
    assert escape("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert escape("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert escape("see https://evil.example and www.evil.example") == (
        "see https\\://evil.example and www\\.evil.example"
    )
    assert escape("1. not a list\n- nor this") == "1\\. not a list - nor this"  # one line


def test_rich_result_fits_60_columns_with_cjk_text() -> None:
    from rich.cells import cell_len

    zh = "请先在应用内的帮助中心查看最新的官方联系方式，切勿使用搜索结果中的电话号码。" * 2
    result = msgspec.structs.replace(
        hostile_result(),
        lang="zh",
        outcome=OutcomeInfo(id="o", title=zh, summary=zh),
        steps=[StepItem(id="s", text=zh, detail=zh, category="fund-safety", urgent=True)],
        channels=[ChannelItem(id="h", name=zh, how=zh, url=None, official=True)],
    )
    out = render(result, "rich", RenderOptions(color=False, width=60))
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert "请先在应用内的帮助中心" in out
