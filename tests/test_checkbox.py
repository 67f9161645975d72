"""The wizard's checkbox, driven in this process through prompt_toolkit's pipe input: a
choice that stands alone ("None of these") is never ticked with another (#20)."""

import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

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
