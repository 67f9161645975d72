"""A date question in the wizard, in a real pseudo-terminal (issue #19): quick picks with
their weekdays, "Another date…" typed as YYYY-MM-DD and refused as it is typed when it is
no date the question takes, Back, and the due date on the result screen."""

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.terminal import BACKSPACE, ENTER, LEFT, UP, Terminal, env_for

pytestmark = [pytest.mark.slow, pytest.mark.cover_children]  # the date prompt

DEADLINE = FIXTURES / "deadline" / "deadline.yaml"
NOW = "2026-12-28T10:00:00+07:00"  # a Monday


def test_quick_picks_another_date_typed_and_checked_then_back(tmp_path: Path) -> None:
    term = Terminal(
        "diagnose", "--flow", str(DEADLINE), env=env_for(tmp_path, GOPAY_DOCTOR_NOW=NOW)
    )
    term.wait_for("? What happened?")
    term.press(ENTER)  # My top-up has not arrived
    term.wait_for(
        "? On what date did the bank take the money?",
        "The date on your bank receipt.",
        "Today, Monday 28 December",
        "Yesterday, Sunday 27 December",
        "Tuesday 22 December",
        "Another date…",
        "← Back",
    )
    assert "Monday 21 December" not in term.text  # the last 7 days only
    term.wait_pointer("Today, Monday 28 December")
    term.press(UP, UP)  # past "← Back" to "Another date…"
    term.wait_pointer("Another date…")
    term.press(ENTER)
    term.wait_for("Type the date as YYYY-MM-DD, from 2025-12-28 to 2026-12-28:")
    term.press(*"2026-12-29", ENTER)  # tomorrow: refused where it is typed
    term.wait_for("Write a date from 2025-12-28 to 2026-12-28 as YYYY-MM-DD, such as 2026-12-28.")
    term.press(BACKSPACE, BACKSPACE, *"14", ENTER)
    term.wait_for("✔ On what date did the bank take the money? Monday 14 December 2026")
    term.wait_for("The money should have arrived by Wednesday 16 December 2026.", "? What next?")

    term.press(LEFT)  # Back, from the result menu: the date question again
    term.wait_for("? On what date did the bank take the money?")
    term.wait_pointer("Another date…")  # the typed answer Back stepped over
    term.press(ENTER)
    term.wait_for("Type the date as YYYY-MM-DD")
    assert "2026-12-14" in term.text  # typed again, to change
    term.press(ENTER)
    term.wait_for("✔ On what date did the bank take the money? Monday 14 December 2026")
    term.press(LEFT)  # Back again; and from the date question, Back to the first question
    term.wait_for("? On what date did the bank take the money?")
    term.press(LEFT)
    term.wait_for("? What happened?")
    term.press(ENTER)
    term.wait_for("? On what date did the bank take the money?")
    term.wait_pointer("Another date…")  # still remembered
    term.press(UP, UP, UP)
    term.wait_pointer("Thursday 24 December")
    term.press(ENTER)
    term.wait_for(
        "✔ On what date did the bank take the money? Thursday 24 December",
        "The money should arrive by Tuesday 29 December 2026.",
        "Public holidays not counted: Christmas Day (Friday 25 December)",
        "? What next?",
    )
    term.wait_pointer("Done")
    term.press(ENTER)
    assert term.exit_status() == 0
