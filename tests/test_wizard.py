"""The wizard through its one seam: a scripted prompter replays what a person would answer.

``play`` runs the real command (``commands.diagnose.run``) with standard input and
output that claim to be terminals and a script as the person's prompter, so
everything but the questionary prompts is exercised: the ask loop, validation, Back,
start over, pre-filled answers, Ctrl-C and Ctrl-D, saved sessions and ``--resume``.
"""

import io
import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gopay_doctor.commands.diagnose import DiagnoseRequest, run
from gopay_doctor.contract.folder import Sources
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.i18n import resolve_lang
from gopay_doctor.output import Output
from gopay_doctor.plaintext import width
from gopay_doctor.prompts import BACK, ChoiceView, QuestionView, Reply
from gopay_doctor.prompts.scripted import ACCEPT, ScriptedPrompter, Step
from gopay_doctor.session import SessionStore
from tests.conftest import MINI, ROOT, CliRunner

HINT = (
    "gopay-doctor: cancelled. Your answers are saved. To go on:\n  gopay-doctor diagnose --resume"
)
NOTHING = "gopay-doctor: cancelled. No answer yet, so nothing is saved."


class Tty(io.StringIO):
    """A stream that says it is a terminal, one that shows any character (UTF-8)."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


@dataclass
class Played:
    code: int
    out: str
    err: str
    asked: list[QuestionView] = field(default_factory=list)
    told: list[str] = field(default_factory=list)

    @property
    def qids(self) -> list[str]:
        return [q.qid for q in self.asked]


def play(
    monkeypatch: pytest.MonkeyPatch,
    steps: list[Step],
    prompter: Any = None,
    **options: Any,
) -> Played:
    """Run ``diagnose`` on a (pretend) terminal with ``steps`` as the user's replies.

    The flow is the mini fixture flow, except with ``resume`` (give ``flow`` to choose).
    """
    script = prompter or ScriptedPrompter(steps)
    out = Tty()
    settings: dict[str, Any] = {"format": "text", **options}
    if not options.get("resume"):
        settings.setdefault("flow", str(MINI))
    lang = settings.pop("lang", None)
    try:
        request = DiagnoseRequest(
            sources=Sources.default(settings.pop("flows_dirs", ()), settings.pop("channels", None)),
            lang=resolve_lang(lang),
            lang_given=lang is not None,
            **settings,
        )
        code, err = run(request, Output(stdout=out), stdin=Tty(), prompter=script), ""
    except GopayDoctorError as exc:
        code, err = exc.exit_code, "\n".join(exc.lines())
    if isinstance(script, ScriptedPrompter):
        assert script.steps == [], f"replies left over: {script.steps}"
    return Played(code, out.getvalue(), err, script.asked, script.told)


AUTO = ROOT / "tests" / "fixtures" / "auto" / "auto.yaml"
"""A flow whose questions name automatic checks, and that asks for no date."""


def store(flow_id: str = "mini") -> SessionStore:
    return SessionStore(flow_id)


def saved(flow_id: str = "mini") -> dict[str, Any] | None:
    path = store(flow_id).path
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def saved_answers(
    flow_id: str = "mini", *, remembered: bool = False
) -> dict[str, tuple[object, str]]:
    """The saved answers (with ``remembered``: those Back stepped over)."""
    data = saved(flow_id)
    assert data is not None
    items = data["remembered" if remembered else "answers"]
    return {a["question"]: (a["value"], a["source"]) for a in items}


def results(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("Result: ")]


# --- asking ------------------------------------------------------------------------------------


def test_questions_come_with_help_default_labels_and_a_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(monkeypatch, [("none",), "yes", "bit", "done"])
    assert played.code == 0, played.err
    assert played.qids == ["signs", "slow", "busy", "_result"]
    signs, slow, busy, menu = played.asked
    assert (signs.kind, signs.text, signs.help, signs.default) == (
        "checkbox",
        "What do you see?",
        "Tick all that apply.",
        None,  # no default: nothing is ticked for the user
    )
    assert [(c.value, c.label) for c in signs.choices] == [
        ("theft", "Money missing"),
        ("locked", "Account locked"),
        ("none", "None of these"),
    ]
    assert (slow.kind, slow.default, [c.label for c in slow.choices]) == (
        "confirm",
        "no",
        ["Yes", "No"],
    )
    assert busy.default == "very"
    assert [c.label for c in menu.choices] == ["Done", "Start over"]
    assert [q.can_go_back for q in played.asked] == [False, True, True, True]
    assert results(played.out) == ["Result: Busy"]
    assert "- How busy? → A bit" in played.out
    assert saved() is None  # a finished session leaves nothing behind


def test_answers_are_recorded_as_given_at_the_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    played = play(monkeypatch, [("theft", "locked"), "done"], format="json")
    document = json.loads(played.out)
    assert document["answers"] == {"signs": ["theft", "locked"]}
    assert [e["source"] for e in document["transcript"]] == ["prompt"]
    assert document["outcome"]["id"] == "danger"


def test_texts_and_labels_are_in_the_chosen_language(monkeypatch: pytest.MonkeyPatch) -> None:
    played = play(monkeypatch, [("theft",), KeyboardInterrupt], lang="zh")
    signs, menu = played.asked
    assert (signs.text, signs.help) == ("您看到了什么?", "勾选所有符合的项。")
    assert [c.label for c in menu.choices] == ["完成", "重新开始"]
    assert played.err == (
        "gopay-doctor: 已取消。您的回答已保存。要继续，请运行：\n  gopay-doctor diagnose --resume"
    )


def test_an_invalid_reply_is_refused_at_once_and_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Lax(ScriptedPrompter):
        def ask(self, question: QuestionView) -> Reply:
            self.asked.append(question)
            step = self.steps.pop(0)
            assert isinstance(step, (str, tuple))
            return step

    played = play(monkeypatch, [], prompter=Lax([("gone",), ("locked",), "maybe", "no", "done"]))
    assert played.qids == ["signs", "signs", "slow", "slow", "_result"]
    assert played.told == [
        "invalid answer 'gone' for question 'signs' (from prompt); valid values: theft, locked, "
        "none (did you mean 'none'?)",
        "invalid answer 'maybe' for question 'slow' (from prompt); valid values: yes, no",
    ]
    assert results(played.out) == ["Result: All fine"]


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "“None of these” cannot be ticked together with other choices: untick one of them."),
        (
            "id",
            "“Tidak ada” tidak bisa dicentang bersama pilihan lain: hapus salah satu centangnya.",
        ),
        ("zh", "“以上都没有”不能与其他选项同时勾选：请取消其中一项。"),
    ],
)
def test_a_choice_that_must_stand_alone_is_explained_and_asked_again(
    monkeypatch: pytest.MonkeyPatch, lang: str, told: str
) -> None:
    played = play(
        monkeypatch,
        [("none", "locked"), ("locked",), "done"],
        flow="support-unreachable",
        lang=lang,
    )
    assert played.qids == ["risk", "risk", "_result"]
    assert played.told == [told]
    assert played.asked[0].default is None
    assert played.asked[1].default == ("locked", "none")  # as ticked, so one can be unticked
    assert played.code == 0


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        (
            "en",
            "Nothing is ticked: tick what applies with Space, or “None of these” if nothing "
            "does, then press Enter.",
        ),
        (
            "id",
            "Belum ada yang dicentang: centang yang sesuai dengan Spasi, atau “Tidak ada” jika "
            "tidak ada yang sesuai, lalu tekan Enter.",
        ),
        (
            "zh",
            "还没有勾选任何选项：请用空格键勾选符合的项；如果都不符合，请勾选“以上都没有”，再按 Enter。",
        ),
    ],
)
def test_enter_without_a_tick_is_explained_and_asked_again(
    monkeypatch: pytest.MonkeyPatch, lang: str, told: str
) -> None:
    """Highlighting a choice and pressing Enter without Space ticks nothing: the risk
    question is asked again, never passed as "no risk"."""
    played = play(
        monkeypatch, [ACCEPT, (), ("locked",), "done"], flow="support-unreachable", lang=lang
    )
    assert played.qids == ["risk", "risk", "risk", "_result"]
    assert played.told == [told, told]
    assert [q.default for q in played.asked[:3]] == [None, None, None]
    assert saved("support-unreachable") is None  # finished: nothing left behind
    assert played.code == 0


def test_enter_without_a_tick_where_no_choice_stands_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    flow = tmp_path / "flows"
    shutil.copytree(MINI.parent, flow)
    text = (flow / "mini.yaml").read_text(encoding="utf-8")
    (flow / "mini.yaml").write_text(text.replace(", exclusive: true", ""), encoding="utf-8")
    played = play(monkeypatch, [(), ("locked",), "no", "done"], flow=str(flow / "mini.yaml"))
    assert played.told == [
        "Nothing is ticked: tick at least one choice with Space, then press Enter."
    ]
    assert played.qids == ["signs", "signs", "slow", "_result"]


# --- going back --------------------------------------------------------------------------------


def test_back_returns_to_the_previous_question_with_its_answer_preselected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(monkeypatch, [("locked",), "yes", BACK, "no", "done"])
    assert played.qids == ["signs", "slow", "busy", "slow", "_result"]
    assert played.asked[3].default == "yes"  # what was answered before, not the flow's "no"
    assert results(played.out) == ["Result: All fine"]
    assert "How busy?" not in played.out


def test_changing_an_earlier_answer_drops_the_answers_off_the_new_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[Step] = [("locked",), "yes", "very"]  # -> result "Busy"
    steps += [BACK, BACK, BACK]  # result -> busy -> slow -> signs
    steps += [("theft",)]  # -> result "Money at risk": slow and busy are off the path
    steps += [BACK, ("locked",), ACCEPT, "done"]  # slow is asked afresh, with the flow's default
    played = play(monkeypatch, steps)
    assert played.qids == [
        "signs", "slow", "busy", "_result", "busy", "slow", "signs", "_result", "signs", "slow",
        "_result",
    ]  # fmt: skip
    assert [played.asked[i].default for i in (4, 5, 6)] == ["very", "yes", ("locked",)]
    assert played.asked[9].default == "no"
    assert results(played.out) == ["Result: Busy", "Result: Money at risk", "Result: All fine"]


def test_back_is_not_offered_at_the_first_question(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AssertionError, match="Back is not offered at question 'signs'"):
        play(monkeypatch, [BACK])
    played = play(monkeypatch, ["no", "done"], answer=("signs=locked",))
    assert played.asked[0].qid == "slow"
    assert played.asked[0].can_go_back is False  # signs was answered on the command line


def test_a_back_reply_where_none_is_offered_just_asks_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Stubborn(ScriptedPrompter):
        def ask(self, question: QuestionView) -> Reply:
            self.asked.append(question)
            step = self.steps.pop(0)
            assert isinstance(step, (str, tuple)) or step is BACK
            return step

    played = play(monkeypatch, [], prompter=Stubborn([BACK, ("locked",), "no", "done"]))
    assert played.qids == ["signs", "signs", "slow", "_result"]


def test_back_steps_over_answers_given_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(monkeypatch, [("locked",), BACK, ACCEPT, "bit", "done"], answer=("slow=yes",))
    assert played.qids == ["signs", "busy", "signs", "busy", "_result"]
    assert played.asked[1].can_go_back is True
    assert played.asked[2].default == ("locked",)
    document_line = [line for line in played.out.splitlines() if "Is it slow?" in line]
    assert document_line == ["- Is it slow? → Yes"]


def test_the_result_shows_its_first_screen_then_everything_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a 24-row terminal a long result shows what fits first, with "Show everything"
    first in the menu and preselected; once shown, the menu is Done, Start over, Back."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    steps: list[Step] = [("unrecognised-transactions",), ACCEPT, "done"]
    played = play(monkeypatch, steps, flow="support-unreachable", format="rich")
    first, then = played.asked[-2:]
    assert [c.value for c in first.choices] == ["show-everything", "done", "start-over"]
    assert (first.default, first.can_go_back) == ("show-everything", True)
    assert first.choices[0].label == "Show everything"
    assert [c.value for c in then.choices] == ["done", "start-over"]
    assert then.default == "done"
    head, rest = played.out.split("And 2 more: choose “Show everything” below.", 1)
    assert len(head.splitlines()) < 18
    assert "Stay safe" not in head
    assert "Stay safe" in rest  # everything, after the choice
    assert "Make no large transfers or withdrawals" in rest
    assert played.code == 0


def test_a_result_that_fits_is_shown_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "200")
    played = play(
        monkeypatch,
        [("unrecognised-transactions",), "done"],
        flow="support-unreachable",
        format="rich",
    )
    assert [c.value for c in played.asked[-1].choices] == ["done", "start-over"]
    assert "Stay safe" in played.out


def test_start_over_at_the_result_asks_every_question_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[Step] = [("locked",), "yes", "bit", "start-over", ("none",), ACCEPT, "done"]
    played = play(monkeypatch, steps)
    assert played.qids == ["signs", "slow", "busy", "_result", "signs", "slow", "_result"]
    assert played.asked[4].default is None  # the flow's defaults, not the last answers
    assert played.asked[4].can_go_back is False
    assert played.asked[5].default == "no"
    assert results(played.out) == ["Result: Busy", "Result: All fine"]


def test_start_over_keeps_the_answers_given_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(monkeypatch, ["yes", "bit", "start-over", "no", "done"], answer=("signs=locked",))
    assert played.qids == ["slow", "busy", "_result", "slow", "_result"]


def test_the_result_menu_can_go_back_to_the_last_question(monkeypatch: pytest.MonkeyPatch) -> None:
    played = play(monkeypatch, [("locked",), "no", BACK, "yes", "very", "done"])
    assert played.qids == ["signs", "slow", "_result", "slow", "busy", "_result"]
    assert results(played.out) == ["Result: All fine", "Result: Busy"]


# --- Ctrl-C and Ctrl-D -------------------------------------------------------------------------

POSITIONS = [
    ([("locked",)], {"signs": (["locked"], "prompt")}),
    ([("locked",), "yes"], {"signs": (["locked"], "prompt"), "slow": ("yes", "prompt")}),
    (
        [("locked",), "yes", "very"],
        {"signs": (["locked"], "prompt"), "slow": ("yes", "prompt"), "busy": ("very", "prompt")},
    ),
]


@pytest.mark.parametrize("key", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize(("before", "kept"), POSITIONS, ids=["at-slow", "at-busy", "at-result"])
def test_ctrl_c_or_ctrl_d_anywhere_saves_the_answers_so_far(
    monkeypatch: pytest.MonkeyPatch,
    before: list[Step],
    kept: dict[str, tuple[object, str]],
    key: type[BaseException],
) -> None:
    played = play(monkeypatch, [*before, key])
    assert (played.code, played.err) == (130, HINT)
    assert saved_answers() == kept
    data = saved()
    assert data is not None
    assert (data["format"], data["flow_id"], data["flow_version"], data["lang"]) == (
        1,
        "mini",
        2,
        "en",
    )
    assert data["flow_ref"] == str(MINI)
    # no temporary files; the lock the wizard held stays, empty, for the next one
    assert sorted(p.name for p in store().folder.iterdir()) == ["mini.json", "mini.lock"]
    assert stat.S_IMODE(store().path.stat().st_mode) == 0o600  # answers are the user's own


@pytest.mark.parametrize("key", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_before_any_answer_says_nothing_is_saved(
    monkeypatch: pytest.MonkeyPatch, key: type[BaseException]
) -> None:
    """At the first question there is nothing to save, and the line says so (#15)."""
    played = play(monkeypatch, [key])
    assert (played.code, played.err) == (130, NOTHING)
    assert saved() is None


def test_ctrl_c_after_going_back_to_the_first_question_keeps_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saved after the first answer, then Back to it: going back never loses an answer
    (#20); it is saved as one Back stepped over, and preselected when the session goes on."""
    played = play(monkeypatch, [("locked",), BACK, KeyboardInterrupt])
    assert (played.code, played.err) == (130, HINT)
    assert saved_answers() == {}
    assert saved_answers(remembered=True) == {"signs": (["locked"], "prompt")}
    played = play(monkeypatch, [ACCEPT, KeyboardInterrupt], resume=True)
    assert played.asked[0].qid == "signs"
    assert played.asked[0].default == ("locked",)
    assert saved_answers() == {"signs": (["locked"], "prompt")}


def test_back_through_a_resumed_session_and_ctrl_c_loses_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The case of #20: a saved session continued, Back to the first question, Ctrl-C."""
    play(monkeypatch, [("locked",), "yes", "bit", KeyboardInterrupt])  # at the result
    assert list(saved_answers()) == ["signs", "slow", "busy"]
    played = play(monkeypatch, [BACK, BACK, BACK, KeyboardInterrupt], resume=True)
    assert played.qids == ["_result", "busy", "slow", "signs"]
    assert (played.code, played.err) == (130, HINT)
    assert saved_answers() == {}
    assert saved_answers(remembered=True) == {
        "busy": ("bit", "prompt"),
        "slow": ("yes", "prompt"),
        "signs": (["locked"], "prompt"),
    }
    # each question comes back with its answer preselected, the result as before
    played = play(monkeypatch, [ACCEPT, ACCEPT, ACCEPT, "done"], resume=True)
    assert [q.default for q in played.asked[:3]] == [("locked",), "yes", "bit"]
    assert results(played.out) == ["Result: Busy"]
    assert saved() is None


def test_a_scripted_resume_uses_the_answers_back_stepped_over(cli: CliRunner) -> None:
    """With nobody to preselect them for, the saved answers are simply the answers."""
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        play(patch, [("locked",), "yes", BACK, BACK, KeyboardInterrupt])
    run = cli("diagnose", "--resume", "--defaults", "--format", "json")
    assert run.code == 0, run.err
    answers = {e["question"]: e["answer"] for e in json.loads(run.out)["transcript"]}
    assert answers == {"signs": ["locked"], "slow": "yes", "busy": "very"}


@pytest.mark.parametrize("lang", ["en", "id", "zh"])
def test_the_resume_command_stands_on_its_own_line_within_60_columns(
    monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    nothing = play(monkeypatch, [KeyboardInterrupt], lang=lang).err
    assert "\n" not in nothing
    assert width(nothing) <= 60, nothing
    played = play(monkeypatch, [("locked",), KeyboardInterrupt], lang=lang)
    first, command = played.err.split("\n")
    assert command == "  gopay-doctor diagnose --resume"
    assert width(first) <= 60, first
    words = {"en": "cancelled. ", "id": "dibatalkan. ", "zh": "已取消。"}[lang]
    assert first.startswith(f"gopay-doctor: {words}")


def test_ctrl_c_after_back_saves_what_is_still_on_the_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(monkeypatch, [("locked",), "yes", BACK, KeyboardInterrupt])
    assert played.code == 130
    assert saved_answers() == {"signs": (["locked"], "prompt")}
    assert saved_answers(remembered=True) == {"slow": ("yes", "prompt")}
    play(monkeypatch, [BACK, ("theft",), KeyboardInterrupt], resume=True)
    assert saved_answers() == {"signs": (["theft"], "prompt")}
    assert saved_answers(remembered=True) == {}  # "slow" is no longer on the path


def test_answers_from_the_command_line_are_saved_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    play(monkeypatch, [KeyboardInterrupt], answer=("signs=locked",), lang="id")
    assert saved_answers() == {"signs": (["locked"], "given")}
    data = saved()
    assert data is not None
    assert data["lang"] == "id"


def test_when_saving_fails_the_message_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be\n", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    played = play(monkeypatch, [("locked",), KeyboardInterrupt])
    assert played.code == 130
    assert played.err == (
        f"gopay-doctor: cancelled. Your answers could not be saved "
        f"({blocker / 'gopay-doctor' / 'sessions'}: cannot create: Not a directory)."
    )


def test_a_saved_session_that_cannot_be_removed_is_only_a_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The result has been shown: Done still ends the run with exit status 0."""
    path = store().path

    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    played = play(monkeypatch, [("theft",), "done"])
    assert (played.code, played.err) == (0, "")
    assert results(played.out) == ["Result: Money at risk"]
    assert capsys.readouterr().err == (
        f"gopay-doctor: warning: the saved session {path} could not be removed (Permission denied)\n"
    )


def test_a_folder_where_the_session_should_be_is_refused_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = store().path
    path.mkdir(parents=True)
    played = play(monkeypatch, [])
    assert (played.code, played.qids) == (2, [])
    assert played.err == (
        f"gopay-doctor: error: the saved session {path} is a directory, not a regular file; "
        "remove it to start over"
    )


# --- resuming ----------------------------------------------------------------------------------


def test_resume_continues_where_it_stopped_and_back_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    play(monkeypatch, [("locked",), "yes", KeyboardInterrupt])
    played = play(monkeypatch, [BACK, "yes", "bit", "done"], resume=True)
    assert played.code == 0, played.err
    assert played.qids == ["busy", "slow", "busy", "_result"]
    assert played.asked[0].can_go_back is True
    assert played.asked[1].default == "yes"
    assert results(played.out) == ["Result: Busy"]
    assert saved() is None


def test_resume_finds_the_flow_from_any_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Relative --flows-dir given to --resume is saved as an absolute path too."""
    copy_mini(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    play(monkeypatch, [("locked",), KeyboardInterrupt], flow="mini", flows_dirs=("flows",))
    played = play(monkeypatch, [KeyboardInterrupt], resume=True, flows_dirs=("flows",))
    assert played.code == 130
    data = saved()
    assert data is not None
    assert data["flows_dirs"] == [str(tmp_path / "flows")]
    monkeypatch.chdir(elsewhere)
    played = play(monkeypatch, ["no", "done"], resume=True)
    assert (played.code, played.err) == (0, "")
    assert results(played.out) == ["Result: All fine"]


def test_resume_keeps_the_language_unless_another_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt], lang="zh")
    played = play(monkeypatch, [KeyboardInterrupt], resume=True)
    assert played.asked[0].text == "很慢吗?"
    played = play(monkeypatch, [KeyboardInterrupt], resume=True, lang="id")
    assert played.asked[0].text == "Apakah lambat?"
    data = saved()
    assert data is not None
    assert data["lang"] == "id"


def test_resume_of_a_finished_path_shows_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    play(monkeypatch, [("theft",), KeyboardInterrupt])  # Ctrl-C at the result menu
    played = play(monkeypatch, ["done"], resume=True)
    assert played.qids == ["_result"]
    assert results(played.out) == ["Result: Money at risk"]
    assert saved() is None


def test_resume_with_defaults_asks_nothing_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As without --resume: when --defaults completes the path, nothing is asked."""
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    played = play(monkeypatch, [], resume=True, defaults=True)
    assert (played.code, played.err, played.qids) == (0, "", [])
    assert results(played.out) == ["Result: All fine"]
    assert "- Is it slow? → No" in played.out
    assert saved() is None


def test_a_new_session_offers_the_unfinished_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T14:02:59+07:00")
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    data = saved()
    assert data is not None
    assert data["saved_at"] == "2026-11-25T14:02:59+07:00"
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-26T08:00:00+07:00")
    played = play(monkeypatch, ["continue", "no", "done"])
    assert played.qids == ["_saved", "slow", "_result"]
    offer = played.asked[0]
    assert offer.text == "You have unfinished answers from 2026-11-25 14:02."
    assert [c.label for c in offer.choices] == ["Continue where you stopped", "Start over"]
    assert results(played.out) == ["Result: All fine"]


def test_a_new_session_can_start_over_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    played = play(monkeypatch, ["start-over", KeyboardInterrupt])
    assert played.qids == ["_saved", "signs"]
    assert played.err == NOTHING  # the old answers were given up, and none are kept
    assert saved() is None


def test_an_offered_session_goes_on_in_its_own_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Started with --lang zh, offered back by a plain diagnose: in Chinese (#20)."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T14:02:00+07:00")
    play(monkeypatch, [("locked",), KeyboardInterrupt], lang="zh")
    played = play(monkeypatch, ["continue", KeyboardInterrupt])
    assert [q.text for q in played.asked] == ["您有 2026-11-25 14:02 未完成的回答。", "很慢吗?"]
    assert (
        played.err
        == "gopay-doctor: 已取消。您的回答已保存。要继续，请运行：\n  gopay-doctor diagnose --resume"
    )
    data = saved()
    assert data is not None
    assert data["lang"] == "zh"
    played = play(monkeypatch, ["continue", "no", "done"])
    assert "结果：一切正常" in played.out


def test_an_offered_session_takes_the_language_lang_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T14:02:00+07:00")
    play(monkeypatch, [("locked",), KeyboardInterrupt], lang="zh")
    played = play(monkeypatch, ["continue", KeyboardInterrupt], lang="id")
    assert [q.text for q in played.asked] == [
        "Ada jawaban yang belum selesai dari 2026-11-25 14:02.",
        "Apakah lambat?",
    ]
    data = saved()
    assert data is not None
    assert data["lang"] == "id"


def test_starting_over_instead_speaks_the_run_s_own_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-25T14:02:00+07:00")
    play(monkeypatch, [("locked",), KeyboardInterrupt], lang="zh")
    played = play(monkeypatch, ["start-over", KeyboardInterrupt])
    assert [q.text for q in played.asked] == [
        "您有 2026-11-25 14:02 未完成的回答。",
        "What do you see?",
    ]
    assert played.err == NOTHING


def test_ctrl_c_at_the_offer_keeps_the_saved_session(monkeypatch: pytest.MonkeyPatch) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    before = store().path.read_bytes()
    played = play(monkeypatch, [EOFError])
    assert (played.code, played.err) == (130, HINT)
    assert store().path.read_bytes() == before


def test_nothing_is_offered_for_another_flow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = copy_mini(tmp_path, flow_id="other")
    play(monkeypatch, [("locked",), KeyboardInterrupt], flow=str(other))
    played = play(monkeypatch, [KeyboardInterrupt])
    assert played.qids == ["signs"]
    assert saved_answers("other") == {"signs": (["locked"], "prompt")}  # kept for later


def test_each_flow_keeps_its_own_unfinished_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = copy_mini(tmp_path, flow_id="other")
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    play(monkeypatch, [("locked",), "yes", KeyboardInterrupt], flow=str(other))
    assert sorted(p.name for p in store().folder.glob("*.json")) == ["mini.json", "other.json"]

    os.utime(store("mini").path, ns=(1, 1_000_000_000))  # other's is the most recent
    played = play(monkeypatch, [KeyboardInterrupt], resume=True)
    assert played.qids == ["busy"]
    os.utime(store("other").path, ns=(1, 500_000_000))  # now mini's is
    played = play(monkeypatch, [KeyboardInterrupt], resume=True)
    assert played.qids == ["slow"]

    played = play(monkeypatch, ["continue", KeyboardInterrupt])  # mini: its own is offered
    assert played.qids == ["_saved", "slow"]
    played = play(monkeypatch, ["bit", "done"], resume=True, flow=str(other))
    assert played.qids == ["busy", "_result"]
    assert results(played.out) == ["Result: Busy"]
    assert saved("other") is None
    assert saved_answers("mini") == {"signs": (["locked"], "prompt")}


def test_resume_with_flow_finds_the_session_by_flow_id(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy_mini(tmp_path, flow_id="other")
    play(
        monkeypatch,
        [("locked",), KeyboardInterrupt],
        flow="other",
        flows_dirs=(str(tmp_path / "flows"),),
    )
    play(monkeypatch, [("theft",), KeyboardInterrupt])  # mini, saved last
    played = play(monkeypatch, ["yes", KeyboardInterrupt], resume=True, flow="other")
    assert played.qids == ["slow", "busy"]  # the folder was saved with the session


def test_resume_with_a_flow_that_has_no_saved_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cli: CliRunner
) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    other = copy_mini(tmp_path, flow_id="other")
    for flow, named, start in (
        ("support-unreachable", "support-unreachable", "gopay-doctor diagnose"),
        (str(other), "other", f"gopay-doctor diagnose --flow {other}"),
    ):
        run_ = cli("diagnose", "--resume", "--flow", flow)
        assert (run_.code, run_.out) == (2, "")
        assert run_.err == (
            f"gopay-doctor: error: there is no saved session of flow '{named}' to resume; "
            f"start one with: {start}\n"
        )
    # a flow that is not there says so, rather than how to start a session of it (#20)
    run_ = cli("diagnose", "--resume", "--flow", "No Such Flow")
    assert run_.err == (
        "gopay-doctor: error: unknown flow 'No Such Flow'; available flows: support-unreachable\n"
    )
    run_ = cli("diagnose", "--resume", "--flow", "suport-unreachable")
    assert run_.err == (
        "gopay-doctor: error: unknown flow 'suport-unreachable'; available flows: "
        "support-unreachable (did you mean 'support-unreachable'?)\n"
    )
    assert saved() is not None


def copy_mini(tmp_path: Path, *, version: int = 2, flow_id: str = "mini") -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(MINI.parent, folder, dirs_exist_ok=True)
    (folder / "mini.yaml").unlink()
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("version: 2", f"version: {version}").replace("id: mini", f"id: {flow_id}")
    path = folder / f"{flow_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_session_that_no_longer_fits_the_flow_is_not_offered(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Same id and version, but a choice was renamed: a new session replaces the old one."""
    flow = copy_mini(tmp_path)
    play(monkeypatch, [("locked",), KeyboardInterrupt], flow=str(flow))
    text = flow.read_text(encoding="utf-8").replace("value: locked", "value: blocked")
    flow.write_text(text, encoding="utf-8")
    played = play(monkeypatch, [("blocked",), KeyboardInterrupt], flow=str(flow))
    assert played.qids == ["signs", "slow"]
    assert saved_answers() == {"signs": (["blocked"], "prompt")}


OUTDATED = (
    "gopay-doctor: error: the saved session was made with version 2 of flow 'mini', which is "
    "now version 3, so its answers may no longer fit; run gopay-doctor diagnose --flow {flow} "
    "without --resume to start over"
)


def test_resume_refuses_a_session_of_an_older_flow_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cli: CliRunner
) -> None:
    flow = copy_mini(tmp_path)
    play(monkeypatch, [("locked",), KeyboardInterrupt], flow=str(flow))
    flow.write_text(flow.read_text(encoding="utf-8").replace("version: 2", "version: 3"), "utf-8")
    before = store().path.read_bytes()
    outdated = OUTDATED.format(flow=flow)

    run_ = cli("diagnose", "--resume")  # no terminal
    assert (run_.code, run_.out, run_.err) == (2, "", outdated + "\n")

    played = play(monkeypatch, ["no"], resume=True)  # on a terminal: offered to start over
    assert (played.code, played.err) == (2, outdated)
    assert played.asked[0].text == (
        "Your saved answers were for version 2 of this flow; it is now version 3. Start over?"
    )
    assert store().path.read_bytes() == before

    played = play(monkeypatch, ["yes", ("none",), "no", "done"], resume=True)
    assert played.code == 0
    assert played.qids == ["_outdated", "signs", "slow", "_result"]
    assert played.asked[1].default is None
    assert saved() is None


# --- resuming without a terminal ---------------------------------------------------------------


def test_resume_without_a_terminal_uses_the_saved_answers(
    monkeypatch: pytest.MonkeyPatch, cli: CliRunner
) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    missing = cli("diagnose", "--resume")
    assert missing.code == 2
    assert missing.err == (
        "gopay-doctor: error: no answer for question 'slow'"
        " (nothing is asked: standard input is not a terminal); valid values: yes, no. Pass "
        "--answer slow=VALUE or --answers FILE, or --defaults to take every question's default\n"
    )
    assert saved() is not None
    done = cli("diagnose", "--resume", "-a", "slow=yes", "--defaults", "-f", "json")
    assert done.code == 0, done.err
    document = json.loads(done.out)
    assert document["answers"] == {"signs": ["locked"], "slow": "yes", "busy": "very"}
    assert [e["source"] for e in document["transcript"]] == ["prompt", "given", "default"]
    assert saved() is None


def test_resume_without_a_saved_session(cli: CliRunner) -> None:
    run_ = cli("diagnose", "--resume")
    assert (run_.code, run_.out) == (2, "")
    assert run_.err == (
        "gopay-doctor: error: there is no saved session to resume; "
        "start one with: gopay-doctor diagnose\n"
    )


def corrupt(content: bytes) -> Path:
    path = store().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\x00\xff not json", "JSON is malformed: invalid character (byte 0)"),
        (b'{"format": 1}', "Object missing required field `flow_id`"),
        (b"[]", "Expected `object`, got `array`"),
        (
            b'{"format": 1, "flow_id": "mini", "flow_version": "2", "flow_ref": "x", '
            b'"lang": "en", "answers": []}',
            "Expected `int`, got `str` - at `$.flow_version`",
        ),
        (
            b'{"format": 9, "flow_id": "mini", "flow_version": 2, "flow_ref": "x", '
            b'"lang": "en", "answers": []}',
            "unknown format 9",
        ),
        (
            b'{"format": 1, "flow_id": "other", "flow_version": 2, "flow_ref": "x", '
            b'"lang": "en", "answers": []}',
            "it is for flow 'other', not 'mini'",
        ),
        (
            b'{"format": 1, "flow_id": "mini", "flow_version": 2, "flow_ref": "x", '
            b'"lang": "xx", "answers": []}',
            "unknown language 'xx'",
        ),
        (b"{" * 2_000_000, "it is larger than 1 MiB"),
    ],
    ids=[
        "garbage",
        "missing-field",
        "not-an-object",
        "wrong-type",
        "other-format",
        "other-flow",
        "other-language",
        "huge",
    ],
)
def test_a_damaged_saved_session_is_a_clean_error(cli: CliRunner, content: bytes, why: str) -> None:
    path = corrupt(content)
    run_ = cli("diagnose", "--resume")
    assert (run_.code, run_.out) == (2, "")
    assert run_.err == (
        f"gopay-doctor: error: the saved session {path} cannot be read ({why}); "
        "run gopay-doctor diagnose --flow mini without --resume to start over\n"
    )
    assert path.read_bytes() == content  # left for the user to look at; replaced by a new session


def test_saved_answers_that_no_longer_fit_are_a_clean_error(cli: CliRunner) -> None:
    document = {
        "format": 1,
        "flow_id": "mini",
        "flow_version": 2,
        "flow_ref": str(MINI),
        "lang": "en",
        "answers": [{"question": "slow", "value": "perhaps", "source": "prompt"}],
    }
    path = corrupt(json.dumps(document).encode())
    run_ = cli("diagnose", "--resume")
    assert run_.code == 2
    assert run_.err == (
        f"gopay-doctor: error: the saved session {path} no longer fits flow 'mini' "
        "(invalid answer 'perhaps' for question 'slow'; valid values: yes, no); "
        f"run gopay-doctor diagnose --flow {MINI} without --resume to start over\n"
    )


def test_a_damaged_saved_session_does_not_stop_a_new_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corrupt(b"garbage")
    played = play(monkeypatch, [("locked",), KeyboardInterrupt])
    assert played.qids == ["signs", "slow"]
    assert saved_answers() == {"signs": (["locked"], "prompt")}


def test_the_saved_flow_must_still_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cli: CliRunner
) -> None:
    flow = copy_mini(tmp_path)
    play(monkeypatch, [("locked",), KeyboardInterrupt], flow=str(flow))
    flow.unlink()
    run_ = cli("diagnose", "--resume")
    assert (run_.code, run_.err) == (
        2,
        f"gopay-doctor: error: the flow file of the saved session, {flow}, no longer exists; "
        f"run gopay-doctor diagnose --flow {flow} without --resume to start over\n",
    )


# --- exporting at the end ----------------------------------------------------------------------


def test_the_export_is_written_when_the_user_is_done(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "checklist.md"
    played = play(monkeypatch, [("theft",), BACK, ("theft",), "done"], output=str(target))
    assert played.code == 0
    assert results(played.out) == ["Result: Money at risk", "Result: Money at risk"]
    assert target.read_text(encoding="utf-8").startswith("# Money at risk\n")
    assert capsys.readouterr().err == f"Saved to {target}\n"


def test_a_failed_export_asks_for_another_file_and_keeps_the_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "checklist.md"

    class Meanwhile(ScriptedPrompter):
        def ask(self, question: QuestionView) -> Reply:
            if question.qid == "_result":
                target.write_text("mine\n", encoding="utf-8")  # appears before the export
            return super().ask(question)

    other = tmp_path / "other.html"
    script = Meanwhile([("theft",), "done", "other-file", str(other)])
    played = play(monkeypatch, [], prompter=script, output=str(target))
    assert played.code == 0
    assert played.qids == ["signs", "_result", "_export", "_export_path"]
    assert played.told == [f"{target}: already exists; pass --force to replace it"]
    assert results(played.out) == ["Result: Money at risk"]  # the screen, once
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert other.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # by its extension
    assert capsys.readouterr().err == f"Saved to {other}\n"
    assert saved() is None


def test_ctrl_c_while_asked_for_another_file_saves_the_session(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "checklist.md"

    class Meanwhile(ScriptedPrompter):
        def ask(self, question: QuestionView) -> Reply:
            if question.qid == "_result":
                target.write_text("mine\n", encoding="utf-8")
            return super().ask(question)

    script = Meanwhile([("theft",), "done", KeyboardInterrupt])
    played = play(monkeypatch, [], prompter=script, output=str(target))
    assert (played.code, played.err) == (130, HINT)
    assert saved_answers() == {"signs": (["theft"], "prompt")}


def test_giving_up_on_the_export_prints_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "x.md"
    target = tmp_path / "checklist.md"

    class Meanwhile(ScriptedPrompter):
        def ask(self, question: QuestionView) -> Reply:
            if question.qid == "_result":
                target.write_text("mine\n", encoding="utf-8")
            return super().ask(question)

    script = Meanwhile([("theft",), "done", "other-file", str(missing), "print"])
    played = play(monkeypatch, [], prompter=script, output=str(target))
    assert played.code == 0
    assert played.told[1] == f"{missing}: no such directory '{missing.parent}'"
    assert played.out.count("# Money at risk") == 1  # the Markdown export, printed


class Appears(ScriptedPrompter):
    """The user's replies; meanwhile, another program creates ``target`` with "mine"."""

    def __init__(self, target: Path, steps: list[Step]) -> None:
        super().__init__(steps)
        self.target = target

    def ask(self, question: QuestionView) -> Reply:
        if question.qid == "_result":
            self.target.write_text("mine\n", encoding="utf-8")
        return super().ask(question)


def test_the_new_file_may_start_with_a_tilde(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    target = tmp_path / "checklist.md"
    script = Appears(target, [("theft",), "done", "other-file", " ~/new.txt "])
    played = play(monkeypatch, [], prompter=script, output=str(target))
    assert played.code == 0
    assert played.asked[-1].text == (
        "Save to which new file? Its ending chooses the format (.md, .txt, .json or .html):"
    )
    assert (tmp_path / "new.txt").read_text(encoding="utf-8").startswith("Result: Money at risk\n")
    assert capsys.readouterr().err == f"Saved to {tmp_path / 'new.txt'}\n"
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_an_empty_file_name_asks_again_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "checklist.md"
    script = Appears(target, [("theft",), "done", "other-file", "  ", "print"])
    played = play(monkeypatch, [], prompter=script, output=str(target), output_format="md")
    assert played.code == 0
    assert played.qids == ["signs", "_result", "_export", "_export_path", "_export"]
    assert played.asked[3].text == "Save to which new file? (format: md)"
    assert played.out.count("# Money at risk") == 1  # printed, as chosen the second time
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".md") == ["checklist.md"]


def test_output_dash_shows_the_screen_then_prints_the_export_when_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(monkeypatch, [("theft",), "done"], output="-", format=None)
    assert played.code == 0
    screen, _, export = played.out.partition("# Money at risk\n")
    assert "Money at risk" in screen  # the result screen, shown before the menu
    assert export.startswith("\n")  # then the Markdown export, after Done
    assert "- [ ] " in export
    assert saved() is None


def test_state_folder_permissions_are_private(monkeypatch: pytest.MonkeyPatch) -> None:
    play(monkeypatch, [("locked",), KeyboardInterrupt])
    assert os.stat(store().folder).st_mode & 0o077 == 0


# --- automatic checks propose answers ---------------------------------------------------------

TO_PEAK = {
    "risk": ["none"],
    "need": "other",
    "source": "in-app",
    "symptom": "timeout",
    "other-sites": "yes",
    "maintenance-notice": "no",
}
GIVEN = tuple(f"{q}={','.join(v) if isinstance(v, list) else v}" for q, v in TO_PEAK.items())
"""``--answer`` flags that lead to the peak-period question (``auto: clock.peak``)."""
SALE = "2026-11-11T19:40+07:00"
SALE_REASON = "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day."
QUIET = "2026-11-17T10:00+07:00"
BUSY = "Yes, it's a busy time"
PROPOSED_BUSY = {"answer": "yes", "label": BUSY, "reason": SALE_REASON}
OTHER_NOTE = f"The automatic check proposed “{BUSY}”: {SALE_REASON}"
"""The note under the question when the answer preselected is not the check's proposal."""


@pytest.mark.parametrize(
    ("now", "proposed", "reason"),
    [
        (
            "2026-11-11T19:40+07:00",
            "yes",
            "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day.",
        ),
        (
            "2026-11-17T10:00+07:00",
            "no",
            "It is 10:00 WIB on 17.11.2026: not a peak period (no big sale, Lebaran season, "
            "payday evening or major holiday).",
        ),
        ("2101-11-11T19:40+07:00", "no", ""),  # no dates: the question is simply asked
    ],
    ids=["sale-evening", "quiet-morning", "no-dates"],
)
def test_a_check_preselects_its_answer_and_shows_why(
    monkeypatch: pytest.MonkeyPatch, now: str, proposed: str, reason: str
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", now)
    played = play(monkeypatch, ["no", KeyboardInterrupt], flow="support-unreachable", answer=GIVEN)
    peak = played.asked[0]
    assert (peak.qid, peak.default, peak.note) == ("peak-period", proposed, reason)
    assert saved_answers("support-unreachable")["peak-period"] == ("no", "prompt")  # user wins


def test_the_network_check_is_not_run_without_check_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = play(
        monkeypatch,
        [KeyboardInterrupt],
        flow="support-unreachable",
        answer=("risk=none", "need=other", "source=in-app", "symptom=timeout"),
    )
    other_sites = played.asked[0]
    assert (other_sites.qid, other_sites.default, other_sites.note) == ("other-sites", "yes", "")


def test_a_check_that_cannot_run_says_why_and_the_default_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a flow without date questions the clock is only the peak check's: a time it
    cannot read is the check's note, and the question keeps its default."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "not a time")
    played = play(monkeypatch, [ACCEPT, KeyboardInterrupt], flow=str(AUTO))
    peak = played.asked[0]
    assert (peak.qid, peak.default) == ("peak", "no")
    assert peak.note.startswith("GOPAY_DOCTOR_NOW")
    assert (played.code, played.err) == (130, HINT)  # saved all the same, without a time
    data = saved("auto")
    assert data is not None
    assert data["saved_at"] == ""
    assert saved_answers("auto") == {"peak": ("no", "prompt")}


def test_a_flow_that_asks_for_dates_needs_a_time_it_can_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bundled flow asks for dates, judged as of today: a time it cannot read ends the
    run at once with the one-line error, before any question."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "not a time")
    played = play(monkeypatch, [], flow="support-unreachable", answer=GIVEN)
    assert (played.code, played.asked) == (2, [])
    assert played.err == (
        "gopay-doctor: error: GOPAY_DOCTOR_NOW: not an ISO 8601 date and time: 'not a time' "
        "(for example 2026-11-11T19:40:00+07:00)"
    )


def test_with_auto_the_checks_answer_and_their_questions_are_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    played = play(
        monkeypatch,
        ["no", "done"],
        flow="support-unreachable",
        answer=GIVEN[:5],  # maintenance-notice is asked; peak-period is answered by the clock
        auto=True,
        format="json",
    )
    assert played.qids == ["maintenance-notice", "_result"]
    document = json.loads(played.out)
    entry = document["transcript"][-1]
    assert (entry["question"], entry["answer"], entry["source"]) == ("peak-period", "yes", "auto")
    assert (entry["reason"], entry["proposed"]) == (SALE_REASON, PROPOSED_BUSY)


# --- the reason travels with the answer ---------------------------------------------------------


def last_document(out: str) -> dict[str, Any]:
    """The last JSON result shown (one each time the result screen is shown)."""
    found: dict[str, Any] = json.loads(out[out.rindex('{\n  "schema_version"') :])
    return found


def peak_entry(out: str) -> dict[str, Any]:
    entry: dict[str, Any] = last_document(out)["transcript"][-1]
    assert entry["question"] == "peak-period"
    return entry


def test_a_kept_proposal_keeps_the_check_s_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    played = play(
        monkeypatch, [ACCEPT, "done"], flow="support-unreachable", answer=GIVEN, format="json"
    )
    assert played.code == 0, played.err
    assert peak_entry(played.out) == {
        "question": "peak-period",
        "text": "Is it a busy time: a holiday, payday, a big sale day such as 11.11 or 12.12, "
        "or the evening rush?",
        "answer": "yes",
        "label": BUSY,
        "says": ["It is a busy time: a holiday, payday, a big sale day or the evening rush."],
        "source": "prompt",  # the person answered; the check proposed it, and why
        "reason": SALE_REASON,
        "proposed": PROPOSED_BUSY,
    }
    assert json.loads(played.out)["outcome"]["id"] == "peak-load"


def test_a_changed_proposal_records_what_was_proposed_why_and_what_was_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    played = play(
        monkeypatch, ["no", "done"], flow="support-unreachable", answer=GIVEN, format="json"
    )
    entry = peak_entry(played.out)
    assert (entry["answer"], entry["label"], entry["source"]) == (
        "no",
        "No, or I'm not sure",
        "prompt",
    )
    assert entry["reason"] is None  # the check did not propose "no"
    assert entry["proposed"] == PROPOSED_BUSY
    assert json.loads(played.out)["outcome"]["id"] == "general"


@pytest.mark.parametrize(
    ("reply", "shown"),
    [
        (ACCEPT, f"→ {BUSY} (proposed by the automatic check: {SALE_REASON})"),
        ("no", f"→ No, or I'm not sure (the automatic check proposed “{BUSY}”: {SALE_REASON})"),
    ],
    ids=["kept", "changed"],
)
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_the_result_screen_shows_the_proposal_and_why(
    monkeypatch: pytest.MonkeyPatch, reply: Step, shown: str, fmt: str
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    monkeypatch.setenv("NO_COLOR", "1")
    more = ["show-everything"] if fmt == "rich" else []  # rich opens with the first screen
    played = play(
        monkeypatch, [reply, *more, "done"], flow="support-unreachable", answer=GIVEN, format=fmt
    )
    assert played.code == 0, played.err
    assert shown in " ".join(played.out.split())  # as wrapped to the screen's width


def test_back_shows_the_check_s_proposal_and_reason_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    steps: list[Step] = [ACCEPT, BACK, "no", BACK, ACCEPT, "done"]
    played = play(monkeypatch, steps, flow="support-unreachable", answer=GIVEN, format="json")
    assert played.qids == ["peak-period", "_result"] * 3
    first, kept, changed = played.asked[0::2]
    assert (first.default, first.note) == ("yes", SALE_REASON)
    assert (kept.default, kept.note) == ("yes", SALE_REASON)  # kept: the reason, again
    assert (changed.default, changed.note) == ("no", OTHER_NOTE)  # what the check proposed
    entry = peak_entry(played.out)  # "no" kept at the last asking: still a changed proposal
    assert (entry["answer"], entry["reason"], entry["proposed"]) == ("no", None, PROPOSED_BUSY)


def test_the_saved_session_keeps_the_proposal_and_resuming_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After resuming, Back shows the proposal the answer was given against, even when the
    check would now propose something else; the result records that proposal."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    play(monkeypatch, ["no", KeyboardInterrupt], flow="support-unreachable", answer=GIVEN)
    data = saved("support-unreachable")
    assert data is not None
    assert data["format"] == 1
    assert data["answers"][-1] == {
        "question": "peak-period",
        "value": "no",
        "source": "prompt",
        "origin": "prompt",
        "reason": "",
        "proposed": {"value": "yes", "reason": SALE_REASON},
    }
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)  # the check would now propose "no"
    played = play(
        monkeypatch,
        [BACK, ACCEPT, "done"],
        resume=True,
        flow="support-unreachable",
        format="json",
    )
    assert played.qids == ["_result", "peak-period", "_result"]
    assert (played.asked[1].default, played.asked[1].note) == ("no", OTHER_NOTE)
    entry = peak_entry(played.out)
    assert (entry["answer"], entry["reason"], entry["proposed"]) == ("no", None, PROPOSED_BUSY)


def test_a_session_saved_without_proposals_still_resumes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files saved before proposals were recorded (format 1 all the same) are read as they
    are; asked again, the question gets the check's proposal now."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", SALE)
    document = {
        "format": 1,
        "flow_id": "support-unreachable",
        "flow_version": 3,
        "flow_ref": "support-unreachable",
        "lang": "en",
        "answers": [
            *({"question": q, "value": v, "source": "given"} for q, v in TO_PEAK.items()),
            {"question": "peak-period", "value": "no", "source": "prompt", "reason": ""},
        ],
    }
    path = store("support-unreachable").path
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    played = play(monkeypatch, ["done"], resume=True, format="json")
    assert (peak_entry(played.out)["reason"], peak_entry(played.out)["proposed"]) == (None, None)
    path.write_text(json.dumps(document), encoding="utf-8")  # again, to go back this time
    played = play(monkeypatch, [BACK, ACCEPT, "done"], resume=True, format="json")
    assert (played.asked[1].default, played.asked[1].note) == ("no", OTHER_NOTE)
    assert peak_entry(played.out)["proposed"] == PROPOSED_BUSY


def test_a_saved_proposal_that_no_longer_fits_is_a_clean_error(cli: CliRunner) -> None:
    document = {
        "format": 1,
        "flow_id": "mini",
        "flow_version": 2,
        "flow_ref": str(MINI),
        "lang": "en",
        "answers": [
            {"question": "signs", "value": ["locked"], "source": "prompt"},
            {"question": "slow", "value": "no", "source": "prompt", "proposed": {"value": "maybe"}},
        ],
    }
    path = corrupt(json.dumps(document).encode())
    run_ = cli("diagnose", "--resume")
    assert (run_.code, run_.out) == (2, "")
    assert run_.err == (
        f"gopay-doctor: error: the saved session {path} no longer fits flow 'mini' "
        "(invalid answer 'maybe' for question 'slow' (from the check's proposal); "
        f"valid values: yes, no); run gopay-doctor diagnose --flow {MINI} without --resume "
        "to start over\n"
    )


# --- the test double itself: a reply the real prompt could not give fails the test -------------

TEXT = QuestionView(qid="_export_path", kind="text", text="Save to?", choices=())
PICK = QuestionView(
    qid="pick",
    kind="select",
    text="Pick",
    choices=(ChoiceView("a", "A"), ChoiceView("b", "B")),
    default="b",
)


@pytest.mark.parametrize(
    ("question", "step", "message"),
    [
        (TEXT, ACCEPT, "question '_export_path' takes text and preselects none"),
        (TEXT, ("a",), "question '_export_path' takes text, not ('a',)"),
        (PICK, "c", "question 'pick' offers no 'c'"),
        (PICK, ("a", "b"), "question 'pick' offers no ('a', 'b')"),
        (PICK, BACK, "Back is not offered at question 'pick'"),
    ],
    ids=["accept-text", "tuple-for-text", "unknown-value", "tuple-for-select", "back-at-first"],
)
def test_the_scripted_prompter_refuses_impossible_replies(
    question: QuestionView, step: Step, message: str
) -> None:
    with pytest.raises(AssertionError) as caught:
        ScriptedPrompter([step]).ask(question)
    assert str(caught.value) == message


def test_the_scripted_prompter_accepts_what_is_preselected() -> None:
    assert ScriptedPrompter([ACCEPT]).ask(PICK) == "b"
    assert ScriptedPrompter([ACCEPT]).ask(TEXT._replace(default="x.md")) == "x.md"
    with pytest.raises(AssertionError, match="no scripted reply left for question 'pick'"):
        ScriptedPrompter([]).ask(PICK)
