"""Automatic checks: the machine looks for itself and may propose a question's answer.

A question names its check with ``auto:`` (``clock.peak``, ``network.reachable``).
:data:`CHECKS` (:mod:`gopay_doctor.contract.autochecks`) is the registry: each name,
the module whose ``check`` function runs it, the answer values it may propose, and
whether it needs the network. A check's module is imported only when it first runs (the
checks' seam: the network check's socket and TLS, the calendar's holiday data).

For one question, call :func:`propose`; for a session of questions (the wizard, a
scripted ``--auto`` run), use a :class:`Checker`, which runs each check at most once::

    from gopay_doctor import checks

    proposal = checks.propose(flow, "peak-period", network=False, lang="id")
    if proposal is not None:
        print(proposal.value, proposal.reason)  # "yes", "Sekarang pukul 19.40 WIB, ..."

Network checks run only when ``network`` is true (``--check-network``); otherwise they
propose nothing and their question falls back to its default, a prompt or an error.

Date questions are judged with :func:`dates`: today in Jakarta and the public holidays as
the peak check sees them (the calendar's seam: the ``holidays`` package and the data file
load only when a deadline first asks for a holiday).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

from gopay_doctor.answers import Answer, Dates, Given, Holiday, Proposed, against, validate
from gopay_doctor.clock import jakarta
from gopay_doctor.clock import now as clock_now
from gopay_doctor.contract.autochecks import CHECKS, CheckSpec
from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.model import Flow
from gopay_doctor.i18n import label

Status = Literal["ok", "warn", "fail", "skipped"]
"""ok: nothing wrong; warn: something that explains trouble; fail: something broken;
skipped: not run (a network check without ``--check-network``)."""


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
    """The ``check`` function of the registered check ``name``, imported on first use
    (the checks' seam: only a run that needs a check pays for its imports)."""
    found: Check = importlib.import_module(CHECKS[name].module).check
    return found


def skipped(name: str, lang: str) -> CheckResult:
    """The result of a network check that was not allowed to run."""
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
        """The proposal as an :class:`~gopay_doctor.answers.Answer` with source ``auto``,
        its reason and itself as what was proposed."""
        check = flow.spec.questions[qid].auto
        if check is None or check not in CHECKS:
            return None
        result = self.run(check)
        if result.value is None:
            return None
        answer = validate(flow, qid, Given(result.value, f"check {check}"), source="auto")
        return against(answer, Proposed(answer.value, result.reason))


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


def dates(flow: Flow, dirs: Sequence[Path] | None = None, now: dt.datetime | None = None) -> Dates:
    """What ``flow``'s date questions are judged with: today in Jakarta (``now``, else
    :func:`gopay_doctor.clock.now`) and the public holidays of the ``holidays`` package,
    after the overrides and with the names of ``checks/peak-periods.yaml`` in the flows
    folders ``dirs`` (None: those the flow runs with), as the peak check sees them.

    The holidays load when first asked for (only a deadline counted in working days asks)."""
    today = (now or clock_now()).astimezone(jakarta()).date()
    folders = Sources.default().with_dir(Path(flow.source).parent).dirs if dirs is None else dirs
    loaded: list[Callable[[dt.date], Sequence[Holiday]]] = []

    def holidays_on(day: dt.date) -> Sequence[Holiday]:
        if not loaded:
            from gopay_doctor.checks import calendar, data  # seam: the holiday data

            periods, _ = data.load(calendar.FILE, calendar.PeakPeriods, folders)
            found = calendar.calendar_of(
                periods, calendar.library(calendar.years_around(today.year))
            )
            loaded.append(found.holidays_on)
        return loaded[0](day)

    return Dates(today, holidays_on)


__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckResult",
    "CheckSpec",
    "Checker",
    "Proposal",
    "Status",
    "dates",
    "function",
    "propose",
    "skipped",
]
