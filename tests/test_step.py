"""``gopay-doctor step`` and ``gopay_doctor.step``: one question at a time, for chat bots (#15).

The chat-bot loop of docs/bots.md runs here through every bundled scenario, the documents are
checked against their JSON Schema with two independent validators, and the command is
checked never to load the prompt libraries.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gopay_doctor import Step, diagnose, load_flow, step
from gopay_doctor.authoring import scenarios
from gopay_doctor.engine import questions_left
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.result import ResultDocument
from gopay_doctor.stepwise import StepQuestion, StepResult
from scripts import readme
from tests.conftest import ROOT, CliRunner, run_process

BUNDLED = ROOT / "flows" / "support-unreachable.yaml"
SCENARIOS = scenarios.load(ROOT / "flows" / "support-unreachable.scenarios.yaml")[0].scenarios
PEAK = "2026-11-11T19:40:00+07:00"
PEAK_REASON = "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day."
TO_PEAK = ("-a", "risk=none", "-a", "need=other", "-a", "source=in-app", "-a", "symptom=queue")


def document(cli: CliRunner, *args: str) -> dict[str, Any]:
    run = cli("step", *args)
    assert (run.code, run.err) == (0, ""), run.err
    found: dict[str, Any] = json.loads(run.out)
    return found


def schema(cli: CliRunner, kind: str = "step") -> dict[str, Any]:
    run = cli("flows", "schema", "--kind", kind)
    assert run.code == 0, run.err
    found: dict[str, Any] = json.loads(run.out)
    return found


# --- the command --------------------------------------------------------------------------------


def test_the_first_question(cli: CliRunner) -> None:
    doc = document(cli)
    assert doc == {
        "status": "question",
        "schema_version": 1,
        "flow": {"id": "support-unreachable", "version": 3, "title": "Support unreachable"},
        "lang": "en",
        "progress": {"answered": 0, "remaining_at_most": 7},
        "question": {
            "id": "risk",
            "kind": "checkbox",
            "text": "First, your money and your account: is any of this happening?",
            "help": "Tick everything that applies; if nothing does, tick “None of these”.",
            "choices": doc["question"]["choices"],
            "default": None,
            "proposal": None,
            "earliest": None,
            "latest": None,
        },
    }
    assert [c["value"] for c in doc["question"]["choices"]] == [
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
        "none",
    ]
    assert doc["question"]["choices"][-1] == {"value": "none", "label": "None of these"}


def test_the_next_question_in_the_chosen_language(cli: CliRunner) -> None:
    doc = document(cli, "-a", "risk=none", "--lang", "ID")
    assert doc["lang"] == "id"
    assert doc["progress"] == {"answered": 1, "remaining_at_most": 6}
    question = doc["question"]
    assert (question["id"], question["kind"], question["default"]) == ("need", "select", "other")
    assert question["text"] == "Untuk urusan apa Anda perlu menghubungi CS GoPay?"
    assert question["choices"][0] == {
        "value": "topup",
        "label": "Top up: dana sudah terpotong dari bank, tetapi saldo GoPay saya tidak bertambah",
    }


def test_defaults_answer_what_has_a_default(cli: CliRunner) -> None:
    doc = document(cli, "-a", "risk=none", "--defaults")
    assert doc["status"] == "result"
    assert doc["result"]["answers"]["need"] == "other"
    assert doc["result"]["answers"]["source"] == "in-app"
    assert doc["progress"] == {"answered": 7, "remaining_at_most": 0}


def test_the_result_is_exactly_the_format_json_document(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    args = ("-a", "risk=unrecognised-transactions,code-requested", "--lang", "zh")
    doc = document(cli, *args)
    assert (doc["status"], doc["progress"]) == ("result", {"answered": 1, "remaining_at_most": 0})
    assert doc["flow"] == doc["result"]["flow"]
    assert doc["lang"] == "zh"
    diagnosed = cli("diagnose", *args, "--format", "json")
    assert doc["result"] == json.loads(diagnosed.out)
    assert doc["result"]["created_at"] == PEAK


def test_a_check_proposes_with_its_reason_and_auto_lets_it_answer(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    doc = document(cli, *TO_PEAK)
    assert doc["question"]["id"] == "peak-period"
    assert doc["question"]["default"] == "no"
    assert doc["question"]["proposal"] == {
        "value": "yes",
        "reason": PEAK_REASON,
        "check": "clock.peak",
    }
    assert doc["progress"] == {"answered": 4, "remaining_at_most": 1}
    auto = document(cli, *TO_PEAK, "--auto")
    assert auto["result"]["outcome"]["id"] == "peak-load"
    assert auto["result"]["transcript"][-1]["source"] == "auto"
    assert auto["result"]["transcript"][-1]["reason"] == PEAK_REASON


def test_the_network_check_proposes_nothing_without_check_network(cli: CliRunner) -> None:
    args = ("-a", "risk=none", "-a", "need=other", "-a", "source=in-app", "-a", "symptom=timeout")
    doc = document(cli, *args)
    assert doc["question"]["id"] == "other-sites"
    assert doc["question"]["proposal"] is None


def test_answers_from_a_file_and_from_standard_input(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("risk: [none]\nneed: other\nsource: in-app\n", encoding="utf-8")
    from_file = document(cli, "--answers", str(path))
    assert from_file["question"]["id"] == "symptom"
    answers = '{"risk": ["none"], "need": "other", "source": "in-app"}'
    piped = run_process("step", "--answers", "-", input=answers)
    assert (piped.code, piped.err) == (0, "")
    assert json.loads(piped.out) == from_file


@pytest.mark.parametrize(
    "answers",
    [
        ("-a", "risk=nonee"),
        ("-a", "risk=none", "-a", "need=other", "-a", "source=nowhere"),
        ("-a", "risk=none,locked"),
        ("-a", "risk="),
        ("-a", "nope=yes"),
    ],
    ids=["unknown-value", "later-question", "exclusive", "nothing-ticked", "unknown-question"],
)
def test_invalid_answers_are_the_errors_diagnose_gives(
    cli: CliRunner, answers: tuple[str, ...]
) -> None:
    stepped = cli("step", *answers)
    diagnosed = cli("diagnose", *answers, "--no-input")
    assert (stepped.code, stepped.out) == (2, "")
    assert stepped.err == diagnosed.err
    assert stepped.err.startswith("gopay-doctor: error: ")


def test_a_broken_answers_file_is_positioned(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- risk\n", encoding="utf-8")
    run = cli("step", "--answers", str(path))
    assert (run.code, run.err) == (
        2,
        f"{path}:1:1: error: answers must be a mapping of question id to value\n",
    )


PROBE = """
import sys
from gopay_doctor.cli import main
code = main(sys.argv[1:])
heavy = ("questionary", "prompt_toolkit", "rich")
print(",".join(m for m in heavy if m in sys.modules) or "-", file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(
    "answers",
    [(), TO_PEAK, ("-a", "risk=locked")],
    ids=["question", "question-with-check", "result"],
)
def test_step_never_loads_the_prompt_libraries_or_rich(answers: tuple[str, ...]) -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, "step", *answers],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={"PATH": "", "GOPAY_DOCTOR_NOW": PEAK},
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["schema_version"] == 1
    assert run.stderr.strip().splitlines()[-1] == "-"


# --- the library --------------------------------------------------------------------------------


def test_the_library_call_is_the_command(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    flow = load_flow("support-unreachable")
    answers = {"risk": ["none"], "need": "other", "source": "in-app", "symptom": "queue"}
    asked = step(flow, answers, lang="en")
    assert isinstance(asked, StepQuestion)
    assert asked.status == "question"
    assert asked.to_dict() == document(cli, *TO_PEAK)
    done = step(flow, {"risk": "locked"}, lang="id")
    assert isinstance(done, StepResult)
    assert done.status == "result"
    assert done.result.to_dict() == diagnose(flow, {"risk": "locked"}, "id").to_dict()
    assert done.result.created_at is None  # the library has no clock
    assert done.result.support_message.subject == "Bantuan untuk akun GoPay saya"


def test_the_library_raises_what_diagnose_raises() -> None:
    flow = load_flow("support-unreachable")
    with pytest.raises(GopayDoctorError) as stepped:
        step(flow, {"risk": ["none", "locked"]})
    with pytest.raises(GopayDoctorError) as diagnosed:
        diagnose(flow, {"risk": ["none", "locked"]})
    assert str(stepped.value) == str(diagnosed.value)


def test_answers_off_the_path_are_ignored() -> None:
    flow = load_flow("support-unreachable")
    asked = step(flow, {"risk": ["none"], "peak-period": "yes"})
    assert isinstance(asked, StepQuestion)
    assert (asked.question.id, asked.progress.answered) == ("need", 1)


def test_at_most_remaining_is_the_longest_path() -> None:
    flow = load_flow("support-unreachable")
    left = {qid: questions_left(flow, qid) for qid in flow.spec.questions}
    assert left == {
        "risk": 7,
        "need": 6,
        "topup-date": 1,
        "paid-with": 3,
        "card-bank": 2,
        "card-date-bca-bri": 1,
        "card-date-other-bank": 1,
        "transfer-status": 1,
        "order-date": 1,
        "source": 5,
        "symptom": 4,
        "other-sites": 3,
        "maintenance-notice": 2,
        "peak-period": 1,
    }
    assert questions_left(flow, "general") == 0


# --- the docs' chat bot --------------------------------------------------------------------------


def readme_bot() -> dict[str, Any]:
    page, block = readme.block("bot-example")
    code = re.search(r"```python\n(.*?)```", block, re.S)
    assert code
    namespace: dict[str, Any] = {"__name__": "readme_bot"}
    exec(compile(code.group(1), str(page), "exec"), namespace)
    return namespace


def reply_for(doc: dict[str, Any], value: object) -> str:
    """What a user types: the numbers of the choices shown, or a date that is not among
    a date question's quick picks as it is (YYYY-MM-DD)."""
    numbers = {c["value"]: str(n) for n, c in enumerate(doc["question"]["choices"], 1)}
    values = value if isinstance(value, list) else [value]
    if doc["question"]["kind"] == "date" and value not in numbers:
        return str(value)
    return ",".join(numbers[v] for v in values)


@pytest.mark.unmeasured  # every scenario through the bot: step's own tests measure these lines
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_the_readme_bot_reaches_the_result_diagnose_gives(
    scenario: scenarios.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", scenario.now or PEAK)  # a date is judged as of now
    bot = readme_bot()
    validator = jsonschema.Draft202012Validator(json.loads(_step_schema()))
    now: Step
    now, why = bot["on_message"]("chat", "hello", scenario.lang)
    assert isinstance(now, StepQuestion)
    assert why == ""
    assert bot["show"](now, why).splitlines()[0] == now.question.text
    given: dict[str, object] = {}
    for _ in range(20):
        doc = now.to_dict()
        assert list(validator.iter_errors(doc)) == []
        if now.status == "result":
            break
        qid = now.question.id
        value = scenario.answers.get(qid, doc["question"]["default"])
        assert value is not None, f"the scenario does not answer {qid}"
        before = now.progress
        now, why = bot["on_message"]("chat", reply_for(doc, value), scenario.lang)
        assert why == ""
        given[qid] = value
        assert now.progress.answered == before.answered + 1
        assert now.progress.remaining_at_most < before.remaining_at_most
    assert isinstance(now, StepResult)
    assert bot["chats"] == {}  # finished chats keep nothing
    flow = bot["flow"]
    assert now.result.outcome.id == scenario.expect.outcome
    assert now.result.to_dict() == diagnose(flow, given, scenario.lang).to_dict()
    assert bot["show"](now).startswith(now.result.outcome.title)


def test_the_readme_bot_says_why_it_asks_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reply it cannot use gets the same question again, after the reason (#20)."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    bot = readme_bot()
    first, why = bot["on_message"]("c", "hi")
    assert (first.question.id, why) == ("risk", "")
    assert bot["show"](first).splitlines()[1] == "1. My phone was lost or stolen"
    again, why = bot["on_message"]("c", "12")  # no such choice
    assert again.question.id == "risk"
    assert why == (
        "Sorry, I cannot use “12”: invalid answer '12' for question 'risk'; valid values: "
        "phone-lost, sim-or-code, shared-code, login-alert, logged-out, "
        "unrecognised-transactions, paid-scammer, code-requested, unexpected-otp, locked, none."
    )
    assert bot["show"](again, why).splitlines()[:3] == [
        why,
        again.question.text,
        "1. My phone was lost or stolen",
    ]
    again, why = bot["on_message"]("c", "1,11")  # "None of these" and another
    assert again.question.id == "risk"
    assert why == (
        "Sorry, I cannot use “1,11”: answer to question 'risk': 'none' cannot be ticked "
        "together with other choices."
    )
    now, why = bot["on_message"]("c", "none")  # a value works too
    assert (now.question.id, why) == ("need", "")
    now, why = bot["on_message"]("other", "11")  # each chat its own answers
    assert (now.question.id, why) == ("risk", "")
    now, why = bot["on_message"]("c", "6")  # something else
    assert now.question.id == "source"


# --- the JSON Schema of the documents -----------------------------------------------------------


@functools.cache
def _step_schema() -> str:
    run = subprocess.run(
        [sys.executable, "-m", "gopay_doctor", "flows", "schema", "--kind", "step"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return run.stdout


def test_the_step_schema_comes_from_the_records(cli: CliRunner) -> None:
    found = schema(cli)
    jsonschema.Draft202012Validator.check_schema(found)
    assert found["title"] == "gopay-doctor step document"
    assert found["anyOf"] == [{"$ref": "#/$defs/StepQuestion"}, {"$ref": "#/$defs/StepResult"}]
    defs = found["$defs"]
    assert defs["StepQuestion"]["properties"]["status"] == {"enum": ["question"]}
    assert defs["StepResult"]["properties"]["result"]["$ref"] == "#/$defs/ResultDocument"
    assert defs["Progress"]["properties"]["remaining_at_most"]["description"].startswith(
        "At most how many questions are left"
    )
    # every field of the result, with the ones other records add, and every one required
    result = defs["ResultDocument"]
    assert list(result["properties"]) == list(ResultDocument.__struct_fields__)
    assert result["required"] == list(result["properties"])
    assert schema(cli, "result")["$ref"] == "#/$defs/ResultDocument"


def test_documents_pass_check_jsonschema(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An independent validator (check-jsonschema, ECMA-262 regular expressions) accepts
    the schemas and every kind of document."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    (tmp_path / "step.json").write_text(json.dumps(schema(cli)), encoding="utf-8")
    (tmp_path / "result.json").write_text(json.dumps(schema(cli, "result")), encoding="utf-8")
    steps = {
        "first": (),
        "proposal": TO_PEAK,
        "result": ("-a", "risk=shared-code,unexpected-otp", "--lang", "zh"),
        "auto": (*TO_PEAK, "--auto"),
    }
    names = []
    for name, args in steps.items():
        (tmp_path / f"{name}.doc.json").write_text(cli("step", *args).out, encoding="utf-8")
        names.append(str(tmp_path / f"{name}.doc.json"))
    result = cli("diagnose", *TO_PEAK, "--auto", "--format", "json").out
    (tmp_path / "diagnosed.doc.json").write_text(result, encoding="utf-8")
    for schema_file, docs in (
        ("step.json", names),
        ("result.json", [str(tmp_path / "diagnosed.doc.json")]),
    ):
        run = check_jsonschema("--schemafile", str(tmp_path / schema_file), *docs)
        assert run.returncode == 0, run.stdout + run.stderr
    broken = json.loads(cli("step").out)
    del broken["question"]["choices"]
    (tmp_path / "broken.doc.json").write_text(json.dumps(broken), encoding="utf-8")
    refused = check_jsonschema(
        "--schemafile", str(tmp_path / "step.json"), str(tmp_path / "broken.doc.json")
    )
    assert refused.returncode == 1  # the validator does look


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--regex-variant", "default", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
