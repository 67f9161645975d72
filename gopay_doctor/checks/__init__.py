"""Automatic checks: the machine looks for itself and may propose a question's answer.

A question names its check with ``auto:`` (``clock.peak``, ``network.reachable``).
:data:`CHECKS` is the registry: each name, the module whose ``check`` function runs it,
the answer values it may propose, and whether it needs the network. Reading the
registry imports no check: flow validation uses it to refuse unknown names.

For one question, call :func:`propose`; for a session of questions (the wizard, a
scripted ``--auto`` run), use a :class:`Checker`, which runs each check at most once::

    from gopay_doctor import checks

    proposal = checks.propose(flow, "peak-period", network=False, lang="id")
    if proposal is not None:
        print(proposal.value, proposal.reason)  # "yes", "Sekarang pukul 19.40 WIB, ..."

Network checks run only when ``network`` is true (``--check-network``); otherwise they
propose nothing and their question falls back to its default, a prompt or an error.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

if TYPE_CHECKING:
    from gopay_doctor.answers import Answer
    from gopay_doctor.contract.model import Flow

Status = Literal["ok", "warn", "fail", "skipped"]
"""ok: nothing wrong; warn: something that explains trouble; fail: something broken;
skipped: not run (a network check without ``--check-network``)."""


class CheckSpec(NamedTuple):
    """A registered check: where it lives and what it can answer."""

    module: str
    """The module whose ``check(context)`` function runs it."""
    values: tuple[str, ...]
    """Every answer value it may propose; a question using it must offer them all."""
    network: bool = False
    """It connects to the network, so it runs only with ``--check-network``."""


CHECKS: dict[str, CheckSpec] = {
    "clock.peak": CheckSpec("gopay_doctor.checks.clock", ("yes", "no")),
    "network.reachable": CheckSpec(
        "gopay_doctor.checks.network", ("yes", "no", "unstable"), network=True
    ),
}


class CheckContext(NamedTuple):
    """What a check may use; every field can be replaced, so tests need no real clock or net."""

    lang: str = "en"
    network: bool = False
    """Whether checks that connect to the network may run."""
    now: dt.datetime | None = None
    """The time to judge; None: :func:`gopay_doctor.clock.now` (``GOPAY_DOCTOR_NOW``)."""
    dirs: Sequence[Path] | None = None
    """Flows folders whose ``checks/`` folder holds the data files (the last one wins);
    None: the bundled folder, ``GOPAY_DOCTOR_FLOWS_DIR``."""


class CheckResult(NamedTuple):
    """What one check found."""

    name: str
    status: Status
    value: str | None
    """The answer it proposes to questions that use it, or None."""
    reason: str
    """One line in the context's language, e.g. "It is 19:40 WIB on 11.11.2026: ..."."""
    details: tuple[str, ...] = ()
    """More lines for ``check -v``."""
    data: Mapping[str, Any] = {}
    """The same details as plain data, for ``check --format json``."""


class Proposal(NamedTuple):
    """An answer a check proposes for a question, already validated against the flow."""

    value: str
    reason: str
    status: Status
    check: str


class Check(Protocol):
    def __call__(self, context: CheckContext) -> CheckResult: ...


def function(name: str) -> Check:
    """The ``check`` function of the registered check ``name`` (imported on first use)."""
    found: Check = importlib.import_module(CHECKS[name].module).check
    return found


def skipped(name: str, lang: str) -> CheckResult:
    """The result of a network check that was not allowed to run."""
    from gopay_doctor.i18n import label

    return CheckResult(name, "skipped", None, label("check_skipped_network", lang))


class Checker:
    """Runs checks for one session: each at most once, with one context."""

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self._results: dict[str, CheckResult] = {}

    def run(self, name: str) -> CheckResult:
        """The result of check ``name``; a network check without the network is skipped."""
        if name not in self._results:
            if CHECKS[name].network and not self.context.network:
                self._results[name] = skipped(name, self.context.lang)
            else:
                self._results[name] = function(name)(self.context)
        return self._results[name]

    def propose(self, flow: Flow, qid: str) -> Proposal | None:
        """The answer question ``qid``'s check proposes, or None (no check, skipped, no value)."""
        answer = self.answer(flow, qid)
        if answer is None:
            return None
        check = flow.spec.questions[qid].auto
        assert check is not None
        assert isinstance(answer.value, str)
        return Proposal(answer.value, answer.reason, self.run(check).status, check)

    def answer(self, flow: Flow, qid: str) -> Answer | None:
        """The proposal as an :class:`~gopay_doctor.answers.Answer` with source ``auto``."""
        from gopay_doctor.answers import Given, validate

        check = flow.spec.questions[qid].auto
        if check is None or check not in CHECKS:
            return None
        result = self.run(check)
        if result.value is None:
            return None
        answer = validate(flow, qid, Given(result.value, f"check {check}"), source="auto")
        return answer._replace(reason=result.reason)

    def fill(
        self, flow: Flow, answers: Mapping[str, Answer], *, defaults: bool = False
    ) -> dict[str, Answer]:
        """``answers`` plus what checks propose for unanswered questions on the path.

        Given answers always win; a question without a proposal takes its default with
        ``defaults``. Filling stops at the first question left without an answer.
        """
        from gopay_doctor.answers import default_answer
        from gopay_doctor.engine import walk

        filled = dict(answers)
        while True:
            pending = walk(flow, filled).pending
            if pending is None:
                return filled
            found = self.answer(flow, pending)
            if found is None and defaults:
                found = default_answer(flow, pending)
            if found is None:
                return filled
            filled[pending] = found


def propose(
    flow: Flow,
    qid: str,
    *,
    network: bool,
    lang: str | None = None,
    context: CheckContext | None = None,
) -> Proposal | None:
    """The answer question ``qid``'s automatic check proposes, with its reason, or None.

    ``network`` allows checks that connect to the network; the reason is in ``lang``
    (default: the context's, else English). For several questions in a row, keep one
    :class:`Checker` instead, so each check runs once.
    """
    base = context or CheckContext()
    return Checker(base._replace(lang=lang or base.lang, network=network)).propose(flow, qid)
