"""The wizard's one seam: a :class:`Prompter` asks one question and returns the reply.

The wizard (:mod:`gopay_doctor.wizard`) knows nothing about terminals: it builds a
:class:`QuestionView` (text already in the user's language) and hands it to a
prompter. :mod:`gopay_doctor.prompts.interactive` is the real one (questionary, loaded
only there); :mod:`gopay_doctor.prompts.scripted` replays a list of replies for tests.
Ctrl-C is ``KeyboardInterrupt`` and Ctrl-D is ``EOFError``, as everywhere in Python.
"""

from collections.abc import Callable, Sequence
from enum import Enum
from typing import NamedTuple, Protocol

from gopay_doctor.answers import AnswerValue


class Back(Enum):
    """The reply "go back to the previous question"."""

    BACK = "back"


BACK = Back.BACK

Reply = str | tuple[str, ...] | Back
"""One choice value, the ticked values of a checkbox, or :data:`BACK`."""


class ChoiceView(NamedTuple):
    value: str
    label: str


class QuestionView(NamedTuple):
    """Everything a prompter shows for one question, in the user's language (the
    prompter's own labels, such as "← Back", are in the language it was made with)."""

    qid: str
    kind: str
    """select, confirm or checkbox (confirm is shown like select: Yes / No); text for a
    typed line (a file name), whose reply is the text; date for a date, whose choices are
    quick picks (the last days) and whose reply is any date ``YYYY-MM-DD`` it accepts."""
    text: str
    choices: tuple[ChoiceView, ...]
    help: str = ""
    default: AnswerValue | None = None
    """The preselected value (ticked values for a checkbox): the previous answer, a
    check's proposal or the flow's default."""
    note: str = ""
    """Why the preselected value was proposed (an automatic check's reason)."""
    can_go_back: bool = False
    earliest: str = ""
    """A date question: the earliest date it accepts (``YYYY-MM-DD``); else empty."""
    latest: str = ""
    """A date question: the latest date it accepts, today (``YYYY-MM-DD``); else empty."""
    accepts: Callable[[str], bool] | None = None
    """A date question: whether a typed date is an answer it takes (judged by
    :func:`gopay_doctor.answers.validate`), so a prompt can refuse it as it is typed."""


def menu(
    qid: str, text: str, choices: Sequence[tuple[str, str]], *, can_go_back: bool = False
) -> QuestionView:
    """One of the program's own questions (a menu: what next, continue or start over...):
    ``choices`` are (value, label) pairs, the first one preselected. Its id starts with
    ``_``, which no flow question can."""
    return QuestionView(
        qid=qid,
        kind="select",
        text=text,
        choices=tuple(ChoiceView(value, shown) for value, shown in choices),
        default=choices[0][0],
        can_go_back=can_go_back,
    )


class Prompter(Protocol):
    def ask(self, question: QuestionView) -> Reply:
        """The user's reply; raises ``KeyboardInterrupt`` (Ctrl-C) or ``EOFError`` (Ctrl-D)."""
        ...

    def tell(self, text: str) -> None:
        """Show one line of information between questions."""
        ...


def shown(question: QuestionView, reply: Reply, none: str = "-") -> str:
    """The labels of ``reply``'s values, as the user saw them (``none`` when nothing is ticked)."""
    if isinstance(reply, Back):
        return ""
    values = reply if isinstance(reply, tuple) else (reply,)
    labels = {c.value: c.label for c in question.choices}
    return "; ".join(labels.get(v, v) for v in values) or none
