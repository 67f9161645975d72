"""The prompter for runs with nobody to ask: scripts, pipes, cron, ``--no-input``.

Every question it is given is a missing answer: an error (exit 2) that names the question,
its valid values (for a date question: the form and the dates it accepts) and how to pass
it. Nothing is ever guessed.
"""

from __future__ import annotations

import datetime

import msgspec

from gopay_doctor.answers import MissingAnswer
from gopay_doctor.contract.autochecks import CHECKS
from gopay_doctor.contract.model import Flow
from gopay_doctor.prompts import QuestionView, Reply

NO_INPUT = "no-input"
"""``--no-input`` was given."""
STDIN = "stdin"
"""Standard input is not a terminal (a pipe, a file, ``/dev/null``)."""
STDOUT = "stdout"
"""Standard output is not a terminal (redirected to a file or a pipe)."""
_BECAUSE = {
    NO_INPUT: "--no-input was given",
    STDIN: "standard input is not a terminal",
    STDOUT: "standard output is not a terminal",
}


class NoInputPrompter(msgspec.Struct, frozen=True):
    """A :class:`~gopay_doctor.prompts.Prompter` that asks nobody."""

    flow: Flow
    defaults: bool = False
    """``--defaults`` was given (so the question has no default)."""
    auto: bool = False
    """``--auto`` was given (so the question's check, if any, proposed nothing)."""
    network: bool = False
    """``--check-network`` was given."""
    why: str = ""
    """Why nobody is asked: :data:`NO_INPUT`, :data:`STDIN`, :data:`STDOUT` or nothing."""

    def ask(self, question: QuestionView) -> Reply:
        spec = self.flow.spec.questions[question.qid]
        check = CHECKS.get(spec.auto or "")
        hint = ""
        if self.auto and not self.network and check is not None and check.network:
            hint = ", or add --check-network so its check can answer it"
        if self.why == STDOUT:  # a person at the keyboard whose output goes elsewhere
            hint += (
                "; to answer on the terminal and save the result, use -o FILE instead of "
                "redirecting the output: gopay-doctor diagnose -o result.md"
            )
        today = datetime.date.fromisoformat(question.latest) if question.latest else None
        raise MissingAnswer(
            question.qid,
            spec,
            defaults=self.defaults,
            hint=hint,
            why=_BECAUSE.get(self.why, ""),
            today=today,
        )

    def tell(self, text: str) -> None:  # nothing is ever asked, so nothing is refused
        raise AssertionError(f"told {text!r} with nobody to tell")
