"""The wizard's prompter in this process: its checkbox driven through prompt_toolkit's pipe
input (a choice that stands alone, "None of these", is never ticked with another), and its
lines between questions, wrapped (#20)."""

import io
import re

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from prompt_toolkit.utils import get_cwidth

from gopay_doctor.i18n import label
from gopay_doctor.output import Output
from gopay_doctor.prompts import ChoiceView, QuestionView
from gopay_doctor.prompts.interactive import QuestionaryPrompter

DOWN, UP, SPACE, ENTER = "\x1b[B", "\x1b[A", " ", "\r"
QUESTION = QuestionView(
    "signs",
    "checkbox",
    "What do you see?",
    (ChoiceView("a", "A"), ChoiceView("b", "B"), ChoiceView("none", "None of these", alone=True)),
)


def ticked(keys: str, question: QuestionView = QUESTION) -> object:
    """What Enter returns after ``keys``."""
    prompter = QuestionaryPrompter(lang="en", out=Output(stdout=io.StringIO()))
    with create_pipe_input() as pipe:
        prompt = prompter._build(question)
        prompt.application.input = pipe
        prompt.application.output = DummyOutput()
        pipe.send_text(keys + ENTER)
        return prompt.unsafe_ask()


@pytest.mark.parametrize(
    ("keys", "result"),
    [
        (SPACE + DOWN + DOWN + SPACE, ["none"]),  # ticking it unticks the others
        (DOWN + DOWN + SPACE + UP + UP + SPACE, ["a"]),  # ticking another unticks it
        (SPACE + DOWN + SPACE + DOWN + SPACE + SPACE, []),  # unticked again: nothing
        (DOWN + DOWN + SPACE + "a", ["a", "b"]),  # "tick all" ticks what may go together
        (DOWN + DOWN + SPACE + DOWN + "i", ["a", "b"]),  # "invert" too
        (SPACE + DOWN + SPACE, ["a", "b"]),  # the others go together as before
    ],
    ids=["alone-wins", "another-wins", "untick", "tick-all", "invert", "others"],
)
def test_a_choice_that_stands_alone_is_never_ticked_with_another(keys: str, result: object) -> None:
    assert ticked(keys) == result


def test_without_such_a_choice_every_box_goes_together() -> None:
    plain = QUESTION._replace(choices=tuple(c._replace(alone=False) for c in QUESTION.choices))
    assert ticked(SPACE + DOWN + SPACE + DOWN + SPACE, plain) == ["a", "b", "none"]


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("lang", ["en", "id", "zh"])
@pytest.mark.parametrize("cols", [60, 80])
def test_a_line_told_between_questions_never_breaks_a_word(
    monkeypatch: pytest.MonkeyPatch, lang: str, cols: int
) -> None:
    """The line that asks for a tick used to be broken by the terminal ("if nothing d|oes")."""
    monkeypatch.setenv("COLUMNS", str(cols))
    prompter = QuestionaryPrompter(lang=lang, out=Output(stdout=Tty()))
    text = label("tick_one_or_none", lang).format(choice=label("none_selected", lang))
    screen = io.StringIO()
    with create_app_session(output=PlainTextOutput(screen)):
        prompter.tell(text)
    lines = screen.getvalue().replace("\r", "").rstrip("\n").split("\n")
    assert len(lines) > 1 or get_cwidth(text) < cols
    assert all(get_cwidth(line) < cols for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    words = re.findall(r"[A-Za-z(“”)]+", text)  # Latin words, in Chinese text too
    assert all(any(word in line for line in lines) for word in words), lines
