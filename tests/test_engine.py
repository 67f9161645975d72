"""The engine: walking answers to an outcome, ranking, ordering, and the library API."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from gopay_doctor import diagnose, load_flow
from gopay_doctor.answers import Answer, AnswerError, MissingAnswer, NothingTicked, Proposed
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import walk
from tests.conftest import MINI


@pytest.fixture(scope="module")
def mini() -> Flow:
    return load_flow(str(MINI))


def test_walk_stops_at_the_first_unanswered_question(mini: Flow) -> None:
    done = walk(mini, {"signs": Answer(("locked",))})
    assert [v.qid for v in done.path] == ["signs"]
    assert done.pending == "slow"
    assert done.outcome is None


def test_walk_with_defaults_reaches_an_outcome(mini: Flow) -> None:
    done = walk(mini, {"signs": Answer(("none",))}, defaults=True)
    assert [(v.qid, v.answer.value, v.answer.source) for v in done.path] == [
        ("signs", ("none",), "given"),
        ("slow", "no", "default"),
    ]
    assert done.outcome == "fine"


def test_walk_with_defaults_stops_at_a_question_without_one(mini: Flow) -> None:
    """The question with boxes has no default: --defaults cannot tick it for the user."""
    done = walk(mini, {}, defaults=True)
    assert (done.path, done.pending, done.outcome) == ((), "signs", None)


@pytest.mark.parametrize("raw", ["", " , ", [], ()])
def test_a_question_with_boxes_refuses_an_answer_with_nothing_ticked(
    mini: Flow, raw: object
) -> None:
    with pytest.raises(NothingTicked) as info:
        diagnose(mini, {"signs": raw})
    assert (info.value.qid, info.value.alone) == ("signs", "none")
    assert str(info.value) == (
        "answer to question 'signs': tick at least one choice; when none of them applies, "
        "answer 'none'; valid values: theft, locked, none"
    )


def test_checkbox_routes_by_the_first_ticked_choice_with_a_next(mini: Flow) -> None:
    result = diagnose(mini, {"signs": ["locked", "theft"]})
    assert result.outcome.id == "danger"
    assert result.answers == {"signs": ["theft", "locked"]}  # the flow's order


def test_causes_are_ranked_by_summed_weight(mini: Flow) -> None:
    result = diagnose(mini, {"signs": "locked", "slow": "yes", "busy": "very"})
    assert [(c.id, c.weight) for c in result.causes] == [("busy", 9), ("hacked", 2)]


def test_urgent_steps_come_first_and_everything_is_deduplicated(mini: Flow) -> None:
    result = diagnose(mini, {"signs": "theft"})
    assert [(s.id, s.urgent) for s in result.steps] == [("freeze", True), ("retry", False)]
    assert [c.id for c in result.channels] == ["app"]
    assert [n.id for n in result.notices] == ["be-careful"]


def test_texts_are_in_the_requested_language(mini: Flow) -> None:
    result = diagnose(mini, {"signs": "theft"}, lang="id")
    assert result.outcome.title == "Dana berisiko"
    assert result.transcript[0].label == "Uang hilang"
    assert result.steps[0].text == "Berhenti memakai dompet"


def test_transcript_records_question_answer_and_source(mini: Flow) -> None:
    result = diagnose(mini, {"signs": "none"}, defaults=True)
    assert [
        e.to_dict() if hasattr(e, "to_dict") else e for e in result.to_dict()["transcript"]
    ] == [
        {
            "question": "signs",
            "text": "What do you see?",
            "answer": ["none"],
            "label": "None of these",
            "says": [],
            "source": "given",
            "reason": None,
            "proposed": None,
        },
        {
            "question": "slow",
            "text": "Is it slow?",
            "answer": "no",
            "label": "No",
            "says": [],
            "source": "default",
            "reason": None,
            "proposed": None,
        },
    ]


def test_the_library_keeps_what_a_check_proposed(mini: Flow) -> None:
    """Answers passed as records keep their reason and their proposal, checked like the
    answer itself; the transcript shows the proposal in the result's language."""
    answers = {
        "signs": Answer(("locked",)),
        "slow": Answer("no", "prompt", proposed=Proposed("yes", "It is busy.")),
    }
    entry = diagnose(mini, answers, "id", defaults=True).to_dict()["transcript"][1]
    assert (entry["answer"], entry["reason"]) == ("no", None)
    assert entry["proposed"] == {"answer": "yes", "label": "Ya", "reason": "It is busy."}
    with pytest.raises(AnswerError) as info:
        diagnose(mini, {**answers, "slow": Answer("no", "prompt", proposed=Proposed("maybe"))})
    assert str(info.value) == (
        "invalid answer 'maybe' for question 'slow' (from the check's proposal); "
        "valid values: yes, no"
    )


def test_missing_answer_names_question_values_and_flags(mini: Flow) -> None:
    with pytest.raises(MissingAnswer) as info:
        diagnose(mini, {"signs": "locked"})
    assert str(info.value) == (
        "no answer for question 'slow'; valid values: yes, no. Pass --answer slow=VALUE or "
        "--answers FILE, or --defaults to take every question's default"
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"slow": False},
            "answer to question 'slow' must be one value, got False; valid values: yes, no",
        ),
        (
            {"slow": "No"},
            "invalid answer 'No' for question 'slow'; valid values: yes, no (did you mean 'no'?)",
        ),
        ({"slow": "true"}, "invalid answer 'true' for question 'slow'; valid values: yes, no"),
        (
            {"signs": "theft,stolen"},
            "invalid answer 'stolen' for question 'signs'; valid values: theft, locked, none",
        ),
        ({"nope": "x"}, "unknown question 'nope'; questions in flow 'mini': signs, slow, busy"),
    ],
)
def test_values_are_never_coerced(mini: Flow, answers: dict[str, object], message: str) -> None:
    with pytest.raises(AnswerError) as info:
        diagnose(mini, answers)
    assert str(info.value) == message


def test_json_answers_reproduce_the_result(mini: Flow) -> None:
    first = diagnose(mini, {"signs": "locked", "slow": "yes"}, defaults=True)
    again = diagnose(mini, first.to_dict()["answers"])
    assert [e.source for e in first.transcript] == ["given", "given", "default"]
    assert [e.source for e in again.transcript] == ["given", "given", "given"]
    assert without_sources(again.to_dict()) == without_sources(first.to_dict())


def without_sources(document: dict[str, Any]) -> dict[str, Any]:
    """The result without the transcript's record of where each answer came from."""
    return {**document, "transcript": [{**e, "source": None} for e in document["transcript"]]}


def test_library_import_does_not_load_the_cli_stack() -> None:
    code = (
        "import sys\n"
        "from gopay_doctor import load_flow, diagnose\n"
        f"flow = load_flow({str(MINI)!r})\n"
        "diagnose(flow, {'signs': 'none'}, defaults=True).to_dict()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('typer', 'click', 'rich', 'questionary', 'prompt_toolkit'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("lang", "url"),
    [
        ("en", "https://www.gojek.com/en-id/help/"),
        ("id", "https://www.gojek.com/id-id/help/"),
        ("zh", "https://www.gojek.com/en-id/help/"),
    ],
)
def test_a_channel_address_per_language_is_picked_for_the_result(
    tmp_path: Any, lang: str, url: str
) -> None:
    """The result holds one address: the language's own page, else the English one."""
    from tests.test_validation import mini_copy

    path = mini_copy(
        tmp_path,
        catalog=(
            'url: "https://www.gojek.com/en-id/help/gopay/"',
            'url: {en: "https://www.gojek.com/en-id/help/", id: "https://www.gojek.com/id-id/help/"}',
        ),
    )
    result = diagnose(load_flow(str(path)), {"signs": "theft"}, lang=lang)
    assert [(c.id, c.url) for c in result.channels] == [("app", url)]
    assert result.to_dict()["channels"][0]["url"] == url
