"""The bundled flows: every path ends well, every text exists in en/id/zh, the guide is covered."""

import datetime
import itertools
import re
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from gopay_doctor.answers import Dates
from gopay_doctor.authoring import scenarios
from gopay_doctor.authoring.scenarios import run_flow
from gopay_doctor.checks import dates
from gopay_doctor.contract.folder import Sources, bundled_dir, find_flows
from gopay_doctor.contract.loading import load_flow_file
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import diagnose, next_node, normalize, walk
from gopay_doctor.i18n import LANGS
from gopay_doctor.result import Result

# Every path of the bundled flows, in every language: the engine's own tests measure it.
pytestmark = pytest.mark.unmeasured

# Every item of ../shared/seed/coverage.md, as the catalog entry that surfaces it.
COVERAGE: dict[str, tuple[str, str]] = {
    "C1 maintenance": ("causes", "maintenance"),
    "C2 peak-load": ("causes", "peak-load"),
    "C3 network": ("causes", "network"),
    "C4 channel-changed": ("causes", "channel-changed"),
    "C5 account-issue": ("causes", "account-issue"),
    "F1 official-website": ("channels", "official-website"),
    "F2 social-media": ("channels", "social-media"),
    "F3 in-app-help": ("channels", "in-app-help"),
    "F4 community": ("channels", "community"),
    "F5 email": ("channels", "email"),
    "M1 stay-calm": ("steps", "stay-calm"),
    "M2 review-account": ("steps", "review-account"),
    "M3 limit-use": ("steps", "limit-use"),
    "M4 no-large-transfers": ("steps", "no-large-transfers"),
    "M5 wait-for-recovery": ("steps", "wait-for-recovery"),
    "O1 community-forums": ("channels", "community"),
    "O2 faq-help-centre": ("channels", "help-centre"),
    "O3 offline-service-point": ("channels", "service-point"),
    "O4 social-media-dm": ("channels", "social-media"),
    "O5 email-support": ("channels", "email"),
    "P1 keep-updated": ("steps", "keep-updated"),
    "P2 follow-notices": ("steps", "follow-notices"),
    "P3 account-security": ("steps", "account-security"),
    "P4 learn-self-service": ("steps", "learn-self-service"),
    "P5 give-feedback": ("steps", "give-feedback"),
    "X1 scam-warning": ("notices", "scam-warning"),
}


def bundled_flows() -> list[Flow]:
    sources = Sources((bundled_dir(),))
    return [load_flow_file(found.path, sources) for found in find_flows(sources).values()]


FLOWS = bundled_flows()


NOW = datetime.datetime.fromisoformat("2026-12-28T10:00:00+07:00")
RECENT, LONG_AGO = "2026-12-24", "2026-08-03"
"""Two answers to every date question: a transaction four days before NOW, whose due date
(two working days, or more) has not passed; and one five months before, long overdue."""


def dates_of(flow: Flow) -> Dates:
    return dates(flow, now=NOW)


def every_path(flow: Flow) -> Iterator[dict[str, Any]]:
    """Every valid answer set (every allowed subset for checkbox questions; for a date
    question a recent date and an old one, which lead to its two ways forward)."""

    def walk(node: str, answers: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if node not in flow.spec.questions:
            yield answers
            return
        question = flow.spec.questions[node]
        if question.kind == "date":
            assert question.next is not None
            yield from walk(question.next, {**answers, node: RECENT})
            if question.next_overdue is not None:
                yield from walk(question.next_overdue, {**answers, node: LONG_AGO})
            return
        values = [c.value for c in question.choices]
        options: list[Any]
        if question.kind == "checkbox":
            alone = {c.value for c in question.choices if c.exclusive}
            subsets = [
                list(s) for n in range(len(values) + 1) for s in itertools.combinations(values, n)
            ]
            # nothing ticked is refused, and so is a choice that must stand alone with others
            options = [s for s in subsets if s and (len(s) < 2 or not alone & set(s))]
        else:
            options = values
        for option in options:
            chosen = tuple(option) if isinstance(option, list) else option
            yield from walk(next_node(question, chosen), {**answers, node: option})

    yield from walk(flow.spec.start, {})


@pytest.fixture(scope="module", params=[f.id for f in FLOWS])
def results(request: pytest.FixtureRequest) -> list[tuple[dict[str, Any], dict[str, Result]]]:
    flow = next(f for f in FLOWS if f.id == request.param)
    judged = dates_of(flow)
    return [
        (answers, {lang: diagnose(flow, answers, lang, dates=judged) for lang in LANGS})
        for answers in every_path(flow)
    ]


def test_the_main_flow_is_bundled() -> None:
    assert "support-unreachable" in [f.id for f in FLOWS]


def test_every_path_reaches_an_outcome_and_every_outcome_is_reached(results: list[Any]) -> None:
    flow = next(f for f in FLOWS if f.id == results[0][1]["en"].flow.id)
    reached = {by_lang["en"].outcome.id for _, by_lang in results}
    assert reached == set(flow.spec.outcomes)
    assert len(results) > 20


def test_every_result_carries_the_scam_warning_and_ranked_urgent_first(results: list[Any]) -> None:
    for _, by_lang in results:
        for result in by_lang.values():
            assert "scam-warning" in [n.id for n in result.notices]
            assert result.causes, result.outcome.id
            urgent = [s.urgent for s in result.steps]
            assert urgent == sorted(urgent, reverse=True)
            assert all(s.text and c.title for s in result.steps for c in result.causes)


RISKS = (
    "phone-lost",
    "sim-or-code",
    "shared-code",
    "login-alert",
    "logged-out",
    "unrecognised-transactions",
    "paid-scammer",
    "code-requested",
    "unexpected-otp",
    "locked",
)
"""The situations of the first question where money or the account is at risk."""

NEEDS = ("topup", "refund", "wrong-transfer", "not-delivered", "wrong-amount", "other")
"""What the person needs support for, asked next when nothing is at risk: the transactions
with their own answers, then everything else ("other", the default)."""


def test_the_first_question_is_about_risk_and_has_no_default() -> None:
    flow = next(f for f in FLOWS if f.id == "support-unreachable")
    risk = flow.spec.questions[flow.spec.start]
    assert (flow.spec.start, risk.kind, risk.default) == ("risk", "checkbox", None)
    assert [c.value for c in risk.choices] == [*RISKS, "none"]


def test_the_second_question_asks_what_support_is_needed_for() -> None:
    """After "None of these", the reason for contacting support; anything that is not a
    transaction with its own answer ("other", the default) reaches today's questions."""
    flow = next(f for f in FLOWS if f.id == "support-unreachable")
    risk = flow.spec.questions["risk"]
    assert next_node(risk, ("none",)) == "need"
    need = flow.spec.questions["need"]
    assert (need.kind, need.default) == ("select", "other")
    assert [c.value for c in need.choices] == list(NEEDS)
    assert next_node(need, "other") == "source"


def test_unrecognised_transactions_put_urgent_fund_safety_first(results: list[Any]) -> None:
    """X2: urgent fund-safety steps come before any other advice, reporting among them."""
    hits = [r["en"] for answers, r in results if "unrecognised-transactions" in answers["risk"]]
    assert hits
    for result in hits:
        assert "report-unrecognised" in [s.id for s in result.urgent_steps]
        seen_other = False
        for step in result.steps:
            if not (step.urgent and step.category == "fund-safety"):
                seen_other = True
            else:
                assert not seen_other, "an urgent fund-safety step comes after other advice"


def test_a_risk_never_gets_a_calm_answer_and_no_risk_never_an_alarm(results: list[Any]) -> None:
    """Urgent steps where money or the account is at risk, and only there: transactions and
    a contact found in search results get calm answers; "take a breath" is never said to
    someone who reported a risk."""
    for answers, by_lang in results:
        result = by_lang["en"]
        steps = [s.id for s in result.steps]
        if answers["risk"] == ["none"]:
            assert result.urgent_steps == [], (answers, steps)
        else:
            assert result.urgent_steps, answers
            assert result.steps[0].urgent, answers
            assert "stay-calm" not in steps, answers


def test_unrecognised_transactions_never_rank_a_locked_account_first(results: list[Any]) -> None:
    for answers, by_lang in results:
        if "unrecognised-transactions" in answers["risk"] and "locked" not in answers["risk"]:
            assert by_lang["en"].causes[0].id != "account-issue", answers


def test_every_try_again_result_says_where_contacts_come_from(results: list[Any]) -> None:
    """The source question is on every path without a risk that is not about a transaction
    with its own answer, and every result carries the official-contacts step."""
    for answers, by_lang in results:
        if answers["risk"] == ["none"] and answers["need"] == "other":
            assert "source" in answers
        assert "use-official-contacts" in [s.id for s in by_lang["en"].steps], answers


def test_stop_replying_only_to_someone_asked_for_or_given_a_code(results: list[Any]) -> None:
    """A contact that only came from search results is not a conversation: "stop replying"
    is said only when someone asked for a code or was given one."""
    for answers, by_lang in results:
        if "stop-contact" in [s.id for s in by_lang["en"].steps]:
            assert {"code-requested", "shared-code"} & set(answers["risk"]), answers


@pytest.mark.parametrize("item", sorted(COVERAGE))
def test_every_coverage_item_is_reached_in_every_language(results: list[Any], item: str) -> None:
    section, entry = COVERAGE[item]
    for lang in LANGS:
        texts = [
            next(
                (x for x in msgspec.to_builtins(getattr(r[lang], section)) if x["id"] == entry),
                None,
            )
            for _, r in results
        ]
        found = [t for t in texts if t]
        assert found, f"{item} is never surfaced in {lang}"
        assert all(
            all(v for k, v in t.items() if isinstance(v, str) and k != "detail") for t in found
        )


def text_fields(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every user-visible text field of a flow or catalog, as (path, text)."""
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            field = getattr(value, name)
            here = f"{path}.{name}"
            if name in ("title", "summary", "text", "help", "label", "explanation", "detail", "name", "how",
                        "description"):  # fmt: skip
                if field is not None:
                    yield here, field
            else:
                yield from text_fields(field, here)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, f"{path}[{index}]")


@pytest.mark.parametrize("flow", FLOWS, ids=[f.id for f in FLOWS])
def test_every_text_exists_in_every_bundled_language(flow: Flow) -> None:
    missing = [
        (where, lang)
        for where, text in text_fields(flow.spec, flow.id)
        for lang in LANGS
        if not (isinstance(text, dict) and text.get(lang, "").strip())
    ]
    missing += [
        (where, lang)
        for where, text in text_fields(flow.catalog, "catalog")
        for lang in LANGS
        if not (isinstance(text, dict) and text.get(lang, "").strip())
    ]
    assert missing == []


OFFICIAL_HOSTS = ("https://www.gojek.com/", "https://gojek.com/")
"""Where every address in the bundled flows points: GoPay's and Gojek's own pages."""


def test_no_unsourced_contact_details_are_shipped() -> None:
    for path in sorted(bundled_dir().rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        urls = set(re.findall(r"https?://[^\s\"'>)]+", text))
        assert all(url.startswith(OFFICIAL_HOSTS) for url in urls), (path, urls)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), f"an email address in {path}"
        numbers = re.findall(r"(?<![\d.])\+?\d[\d\s-]{5,}\d(?![\d.])", text)
        phones = [n for n in numbers if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", n)]  # dates are fine
        assert phones == [], f"a phone number in {path}"


@pytest.mark.parametrize("flow", FLOWS, ids=[f.id for f in FLOWS])
def test_few_questions_across_the_bundled_scenarios(flow: Flow) -> None:
    """Risk first and the reason for contacting support must not make everyone's path long:
    at least 40 scenarios (every path of issue 19 among them) ask 3 questions or fewer
    (median) and never more than 7, as ``flows test`` reports."""
    report = run_flow(Path(flow.source), Sources((bundled_dir(),)))
    assert report.coverage is not None
    assert report.failed == 0
    assert len(report.coverage.asked) == report.total >= 40
    assert report.coverage.questions is not None
    median, most = report.coverage.questions
    assert median <= 3
    assert most <= 7


@pytest.mark.parametrize("flow", FLOWS, ids=[f.id for f in FLOWS])
def test_the_scenario_files_ask_few_questions(flow: Flow) -> None:
    """The same figures computed from the scenario file alone: each scenario's answers
    walked through the flow as a person answering them would be asked, at the scenario's
    own time."""
    path = Path(flow.source).with_suffix(".scenarios.yaml")
    asked = []
    for scenario in scenarios.load(path)[0].scenarios:
        judged = dates(flow, now=scenarios.scenario_now(scenario))
        given = normalize(flow, scenario.answers, today=judged.today)
        done = walk(flow, given, defaults=scenario.defaults, dates=judged)
        assert done.outcome == scenario.expect.outcome, scenario.name
        asked.append(len(done.path))
    assert len(asked) >= 40
    assert statistics.median(asked) <= 3
    assert max(asked) <= 7
    report = run_flow(Path(flow.source), Sources((bundled_dir(),)))
    assert report.coverage is not None
    assert sorted(report.coverage.asked) == sorted(asked)  # as flows test counts them
