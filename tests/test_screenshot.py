"""The screenshot (README.md, docs/usage.md) is a real session, and stays one."""

import re

import pytest

from scripts import make_screenshot
from tests.conftest import ROOT


def test_the_readme_shows_the_screenshot_and_the_usage_page_the_keys() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/screenshot.svg)" in readme
    assert "python -m scripts.make_screenshot" in readme
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    assert "](screenshot.svg)" in usage
    for key in ("| ↑ ↓", "| Enter |", "| Space |", "← or Backspace", "Ctrl-C or Ctrl-D"):
        assert key in usage, key


def test_the_screenshot_shows_a_session_ending_in_a_result() -> None:
    text = make_screenshot.svg()
    shown = re.sub(r"&#160;", " ", text)
    for part in (
        "First, your money and your account: is any of this happening?",
        "Support is probably very busy",
        "Most likely cause:",
        "Too many people contacting support at once",
        "What to do",
        "Official way to get help:",
        "What next?",
        "Show everything",
    ):
        assert part in shown, part
    assert "Do these first" not in shown  # a busy queue is no alarm
    assert "Stay safe" not in shown  # the first screen: the rest is behind "Show everything"
    assert shown.count("✔") == len(make_screenshot.ANSWERS)  # one line per answered question


def test_the_screenshot_is_up_to_date() -> None:
    current = make_screenshot.SVG.read_text(encoding="utf-8")
    made_with = make_screenshot.made_with(current)
    if made_with != make_screenshot.rich_version():
        pytest.skip(
            f"drawn with rich {made_with}; rich {make_screenshot.rich_version()} is installed"
        )
    assert make_screenshot.svg() == current, "run: python -m scripts.make_screenshot"
