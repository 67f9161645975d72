"""A prompter that replays replies: the wizard's test double, and the screenshot's driver."""

from collections.abc import Iterable
from enum import Enum

from gopay_doctor.prompts import Back, QuestionView, Reply


class Accept(Enum):
    """The reply "take what is preselected"."""

    ACCEPT = "accept"


ACCEPT = Accept.ACCEPT

Step = Reply | Accept | BaseException | type[BaseException]
"""A reply, :data:`ACCEPT`, or an exception to raise (``KeyboardInterrupt``, ``EOFError``)."""


class ScriptedPrompter:
    """Answers questions from a list, strictly: a reply that the real prompt could not
    give (an unknown value, Back where it is not offered, one reply too few) fails the test."""

    def __init__(self, steps: Iterable[Step]) -> None:
        self.steps = list(steps)
        self.asked: list[QuestionView] = []
        self.told: list[str] = []

    def ask(self, question: QuestionView) -> Reply:
        self.asked.append(question)
        if not self.steps:
            raise AssertionError(f"no scripted reply left for question {question.qid!r}")
        step = self.steps.pop(0)
        if isinstance(step, BaseException) or (
            isinstance(step, type) and issubclass(step, BaseException)
        ):
            raise step
        if isinstance(step, Accept):
            return _preselected(question)
        if isinstance(step, Back):
            if not question.can_go_back:
                raise AssertionError(f"Back is not offered at question {question.qid!r}")
            return step
        if question.kind in ("text", "date"):  # a date: a quick pick, or any typed date
            if not isinstance(step, str):
                raise AssertionError(f"question {question.qid!r} takes text, not {step!r}")
            return step
        values = step if isinstance(step, tuple) else (step,)
        known = {c.value for c in question.choices}
        unknown = [v for v in values if v not in known]
        if unknown or (question.kind != "checkbox" and isinstance(step, tuple)):
            raise AssertionError(f"question {question.qid!r} offers no {step!r}")
        return step

    def tell(self, text: str) -> None:
        self.told.append(text)


def _preselected(question: QuestionView) -> Reply:
    if question.kind == "text":
        if isinstance(question.default, str):
            return question.default
        raise AssertionError(f"question {question.qid!r} takes text and preselects none")
    if question.kind == "checkbox":
        default = question.default
        return tuple(default) if isinstance(default, tuple) else ()
    if isinstance(question.default, str):
        return question.default
    return question.choices[0].value
