"""Renderers show data as plain text: markup, emoji codes and control characters stay inert."""

import json

import msgspec
import pytest

from gopay_doctor.formats import FORMATS
from gopay_doctor.render import RenderOptions, answer_note, render
from gopay_doctor.result import (
    CauseItem,
    ChannelItem,
    FlowInfo,
    NoticeItem,
    OutcomeInfo,
    ProposedAnswer,
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


WHY = "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day."
BUSY = ProposedAnswer(answer="yes", label="Yes, busy", reason=WHY)


def entry(
    answer: str, source: str, reason: str | None, proposed: ProposedAnswer | None
) -> TranscriptEntry:
    label = {"yes": "Yes, busy", "no": "No"}[answer]
    return TranscriptEntry(
        question="peak",
        text="Busy time?",
        answer=answer,
        label=label,
        source=source,
        reason=reason,
        proposed=proposed,
    )


@pytest.mark.parametrize(
    ("answered", "lang", "note"),
    [
        (entry("yes", "auto", WHY, BUSY), "en", f"answered by the automatic check: {WHY}"),
        (entry("yes", "prompt", WHY, BUSY), "en", f"proposed by the automatic check: {WHY}"),
        (
            entry("no", "prompt", None, BUSY),
            "en",
            f"the automatic check proposed “Yes, busy”: {WHY}",
        ),
        (
            entry("no", "prompt", None, BUSY),
            "id",
            f"pemeriksaan otomatis mengusulkan “Yes, busy”: {WHY}",
        ),
        (entry("no", "prompt", None, BUSY), "zh", f"自动检查建议的是“Yes, busy”：{WHY}"),
        (entry("yes", "prompt", WHY, BUSY), "zh", f"自动检查建议的答案：{WHY}"),
        (entry("yes", "auto", WHY, BUSY), "id", f"dijawab oleh pemeriksaan otomatis: {WHY}"),
        (
            entry("no", "prompt", None, msgspec.structs.replace(BUSY, reason=None)),
            "en",
            "the automatic check proposed “Yes, busy”",
        ),
        (entry("yes", "auto", WHY, None), "en", f"answered by the automatic check: {WHY}"),
        (entry("no", "prompt", None, None), "en", ""),
        (entry("no", "given", None, None), "en", ""),
    ],
    ids=[
        "auto",
        "kept",
        "changed",
        "changed-id",
        "changed-zh",
        "kept-zh",
        "auto-id",
        "changed-without-a-reason",
        "auto-saved-before-proposals-were-recorded",
        "asked-without-a-check",
        "given",
    ],
)
def test_the_note_says_what_the_check_proposed_and_why(
    answered: TranscriptEntry, lang: str, note: str
) -> None:
    assert answer_note(answered, lang) == note


@pytest.mark.parametrize("fmt", sorted(f.name for f in FORMATS))
def test_every_format_shows_a_changed_proposal_with_the_answer(fmt: str) -> None:
    result = msgspec.structs.replace(
        hostile_result(), transcript=[entry("no", "prompt", None, BUSY)]
    )
    out = render(result, fmt, RenderOptions(color=False, width=400))
    if fmt == "json":
        assert json.loads(out)["transcript"][0]["proposed"] == {
            "answer": "yes",
            "label": "Yes, busy",
            "reason": WHY,
        }
        return
    shown = {
        "text": "- Busy time? → No\n  (the automatic check proposed “Yes, busy”: ",
        "rich": "Busy time? → No",
        "markdown": "- Busy time? **No** (the automatic check proposed “Yes, busy”: ",
        "html": ('<dd>No<span class="detail">(the automatic check proposed “Yes, busy”: '),
    }[fmt]
    assert shown in out
    assert "(the automatic check proposed “Yes, busy”: It is 19:40 WIB on 11.11.2026" in out


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
