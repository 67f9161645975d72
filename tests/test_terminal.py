"""The wizard end to end, in a real pseudo-terminal: keys in, screen and exit status out."""

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from gopay_doctor import diagnose, load_flow
from gopay_doctor.contract.model import Flow
from gopay_doctor.i18n import label, pick
from gopay_doctor.result import Result
from tests.conftest import MINI, ROOT, isolate, run_process
from tests.terminal import (
    BACKSPACE,
    CTRL_C,
    CTRL_D,
    DOWN,
    ENTER,
    LEFT,
    SPACE,
    UP,
    Terminal,
    env_for,
)

# The program runs in the pseudo-terminal; this process only draws its screen (pyte), and
# tracing that doubled these tests' time for no line of ours (children are measured where
# marked cover_children).
pytestmark = [pytest.mark.slow, pytest.mark.unmeasured]

TERMINAL_FLOW = ROOT / "tests" / "fixtures" / "terminal" / "terminal.yaml"
HINT = (
    "gopay-doctor: cancelled. Your answers are saved. To go on:\n  gopay-doctor diagnose --resume"
)


def mini(tmp_path: Path, *args: str, **env: str) -> Terminal:
    return Terminal("diagnose", "--flow", str(MINI), *args, env=env_for(tmp_path, **env))


def session_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "gopay-doctor" / "sessions" / "mini.json"


def test_arrow_keys_space_and_enter_answer_the_questions(tmp_path: Path) -> None:
    term = mini(tmp_path)
    term.wait_for(
        "? What do you see?", "(↑/↓ move, Space tick, Enter confirm)", "Tick all that apply."
    )
    assert "← Back" not in term.text  # nothing to go back to
    term.wait_pointer("○ Money missing")
    term.press(DOWN)
    term.wait_pointer("○ Account locked")
    term.press(SPACE)
    term.wait_pointer("● Account locked")
    term.press(ENTER)

    term.wait_for("✔ What do you see? Account locked", "? Is it slow?", "← Back")
    term.wait_pointer("No")  # the default is preselected
    term.press(UP)
    term.wait_pointer("Yes")
    term.press(ENTER)

    term.wait_for("✔ Is it slow? Yes", "? How busy?")
    term.wait_pointer("Very")
    term.press(DOWN, ENTER)

    term.wait_for("Most likely cause: Busy", "Other ways to get help", "Stay safe", "? What next?")
    assert "✔ How busy? A bit" in term.text
    term.wait_pointer("Done")
    term.press(ENTER)
    assert term.exit_status() == 0
    assert "✔ What next? Done" in term.text
    assert not session_file(tmp_path).exists()
    assert term.colours() != []  # in colour, unless asked not to (test_no_colour_when_asked)


def test_enter_without_space_ticks_nothing_and_is_asked_again(tmp_path: Path) -> None:
    """Highlighting a choice and pressing Enter (without Space) is not an answer."""
    term = mini(tmp_path)
    term.wait_for("? What do you see?")
    term.press(DOWN)
    term.wait_pointer("○ Account locked")
    term.press(ENTER)
    term.wait_for(
        "Nothing is ticked: tick what applies with Space, or “None of these” if nothing does,",
        "? What do you see?",
    )
    term.until(lambda: "(↑/↓ move, Space tick" in term.text, "the question asked again")
    assert term.answered() == 0  # no "✔ ... (none)" line
    # "None of these" stands alone: ticking it unticks the others, and the other way (#20)
    term.wait_pointer("○ Money missing")
    term.press(SPACE, DOWN, DOWN)
    term.wait_pointer("○ None of these")
    term.press(SPACE)
    term.wait_pointer("● None of these")
    term.wait_for("○ Money missing")
    term.press(UP, UP, SPACE)
    term.wait_pointer("● Money missing")
    term.wait_for("○ None of these")
    term.press(DOWN, DOWN, SPACE)
    term.wait_pointer("● None of these")
    term.wait_for("○ Money missing")
    term.press(ENTER)
    term.wait_for("✔ What do you see? None of these", "? Is it slow?")
    assert "cannot be ticked together" not in term.text
    assert term.answered() == 1
    term.press(ENTER)
    term.wait_for("All fine", "? What next?")
    term.press(ENTER)
    assert term.exit_status() == 0


def test_go_back_and_change_an_answer(tmp_path: Path) -> None:
    term = mini(tmp_path)
    term.wait_for("? What do you see?")
    term.press(DOWN, SPACE)
    term.wait_pointer("● Account locked")
    term.press(ENTER)
    term.wait_for("? Is it slow?")
    term.press(UP)
    term.wait_pointer("Yes")
    term.press(ENTER)
    term.wait_for("? How busy?", "(↑/↓ move, Enter choose, ← back)")

    term.press(LEFT)  # the key
    term.wait_for("? Is it slow?")
    term.wait_pointer("Yes")  # the answer given before
    term.press(DOWN)
    term.wait_pointer("No")
    term.press(ENTER)
    term.wait_for("Result", "All fine", "? What next?")

    term.press(DOWN, DOWN)  # the "← Back" row
    term.wait_pointer("← Back")
    term.press(ENTER)
    term.wait_for("? Is it slow?")
    term.press(BACKSPACE)  # the other key
    term.wait_for("? What do you see?", "● Account locked")
    term.wait_pointer("○ Money missing")
    term.press(SPACE, ENTER)
    term.wait_for(
        "✔ What do you see? Money missing; Account locked", "Money at risk", "? What next?"
    )
    term.press(ENTER)
    assert term.exit_status() == 0


@pytest.mark.cover_children
def test_back_row_in_a_checkbox_goes_back_and_is_never_ticked(tmp_path: Path) -> None:
    term = Terminal("diagnose", "--flow", str(TERMINAL_FLOW), env=env_for(tmp_path))
    term.wait_for("(↑/↓ move, Enter choose)")
    term.press(DOWN)
    term.wait_pointer("二 \\x1b[31m红\\x1b[0m")
    term.press(ENTER)
    term.wait_for("(↑/↓ move, Space tick, Enter confirm, ← back)")
    term.press(UP)  # from the first row up to the last: "← Back"
    term.wait_pointer("← Back")
    term.press(SPACE)  # cannot be ticked
    term.press("a")  # "tick all" leaves it alone too
    term.wait_line(r"● B \\x1b\[\?1049h")
    assert "● ← Back" not in term.text
    term.press(ENTER)
    term.wait_pointer("二 \\x1b[31m红\\x1b[0m")  # back at the first question, its answer kept
    term.press(CTRL_C)
    assert term.exit_status() == 130


@pytest.fixture(scope="module")
def ctrl_c_at_the_second_question(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str]:
    """One journey the tests below share, each on a copy of what it leaves: at 60 columns,
    "Account locked" ticked at the first question of mini, Ctrl-C at the second. Its state
    folder and its screen."""
    home = tmp_path_factory.mktemp("ctrl-c")
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, tmp_path_factory.mktemp("home"))
        term = Terminal("diagnose", "--flow", str(MINI), env=env_for(home), cols=60)
        term.wait_for("? What do you see?")
        term.press(DOWN, SPACE, ENTER)
        term.wait_for("? Is it slow?")
        term.press(CTRL_C)
        assert term.exit_status() == 130
    return home / "state", term.text


def after_ctrl_c(tmp_path: Path, journey: tuple[Path, str]) -> str:
    """The state ``journey`` left, copied into ``tmp_path``; its screen."""
    state, text = journey
    shutil.copytree(state, tmp_path / "state")
    return text


def test_ctrl_c_saves_and_resume_finishes(
    tmp_path: Path, ctrl_c_at_the_second_question: tuple[Path, str]
) -> None:
    """At 60 columns too, the command that goes on stands whole on a line of its own."""
    text = after_ctrl_c(tmp_path, ctrl_c_at_the_second_question)
    assert HINT in text
    lines = text.splitlines()
    assert "gopay-doctor: cancelled. Your answers are saved. To go on:" in lines
    assert "  gopay-doctor diagnose --resume" in lines
    saved = json.loads(session_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["answers"] == [
        {
            "question": "signs",
            "value": ["locked"],
            "source": "prompt",
            "origin": "prompt",
            "reason": "",
            "proposed": None,  # no automatic check
        }
    ]

    again = Terminal("diagnose", "--resume", env=env_for(tmp_path))
    again.wait_for("? Is it slow?", "← Back")
    again.press(UP, ENTER)
    again.wait_for("? How busy?")
    again.press(ENTER)
    again.wait_for("Busy", "? What next?")
    again.press(ENTER)
    assert again.exit_status() == 0
    assert not session_file(tmp_path).exists()


@pytest.mark.cover_children
def test_ctrl_d_saves_and_going_back_never_loses_an_answer(tmp_path: Path) -> None:
    """Ctrl-D saves; the session offered back by a plain diagnose goes on in its language;
    Back to the first question and Ctrl-C keeps every answer, preselected on --resume (#20)."""
    term = mini(tmp_path, "--lang", "id")
    term.wait_for("? Apa yang Anda lihat?", "(↑/↓ pindah, Spasi centang, Enter konfirmasi)")
    term.press(DOWN, SPACE, ENTER)
    term.wait_for("? Apakah lambat?")
    term.press(UP, ENTER)
    term.wait_for("? Seberapa sibuk?")
    term.press(CTRL_D)
    assert term.exit_status() == 130
    saved_hint = "gopay-doctor: dibatalkan. Jawaban Anda tersimpan. Lanjutkan:\n  gopay-doctor diagnose --resume"
    assert saved_hint in term.text

    again = mini(tmp_path)  # no --lang: the saved session's language
    again.wait_for("? Ada jawaban yang belum selesai dari")
    again.press(ENTER)
    again.wait_for("? Seberapa sibuk?", "← Kembali")
    again.press(LEFT)
    again.wait_for("? Apakah lambat?")
    again.wait_pointer("Ya")
    again.press(LEFT)
    again.wait_for("? Apa yang Anda lihat?", "● Akun terkunci")
    again.press(CTRL_C)
    assert again.exit_status() == 130
    assert saved_hint in again.text
    saved = json.loads(session_file(tmp_path).read_text(encoding="utf-8"))
    assert (saved["lang"], saved["answers"]) == ("id", [])
    assert [a["question"] for a in saved["remembered"]] == ["slow", "signs"]

    last = Terminal("diagnose", "--resume", env=env_for(tmp_path))
    last.wait_for("? Apa yang Anda lihat?", "● Akun terkunci")
    last.press(ENTER)
    last.wait_for("? Apakah lambat?")
    last.wait_pointer("Ya")
    last.press(CTRL_C)
    assert last.exit_status() == 130


def test_ctrl_c_at_the_first_question_saves_nothing_and_says_so(tmp_path: Path) -> None:
    term = mini(tmp_path)
    term.wait_for("? What do you see?")
    term.press(CTRL_C)
    assert term.exit_status() == 130
    assert "gopay-doctor: cancelled. No answer yet, so nothing is saved." in term.text
    assert "--resume" not in term.text
    assert not session_file(tmp_path).exists()


def test_text_from_flows_is_shown_literally(tmp_path: Path) -> None:
    term = Terminal("diagnose", "--flow", str(TERMINAL_FLOW), env=env_for(tmp_path))
    term.wait_for(
        "? [bold red]Pick[/bold red] :smile: \\x1b[2J\\x1b]0;owned\\x07 \\u202eevil",
        "[link=file:///etc/passwd]help[/link] \\x9b31m",
        "[blink]One[/blink] :fire:",
    )
    term.press(ENTER)
    term.wait_for("? 勾选 [reverse]所有[/reverse] \\u2066x\\u2069", "● [on red]A[/] :warning:")
    term.press(ENTER)
    term.wait_for(
        "[bold red]Owned[/] :skull:", "\\x1b[1;1H\\x1b[2Jwiped \\u202egnp.exe", "? What next?"
    )
    term.press(ENTER)
    assert term.exit_status() == 0
    raw = bytes(term.raw)
    for bad in (
        b"\x1b]0;",
        b"\x1b[2J",
        b"\x1b[?1049h",
        b"\x1b]8;",
        b"\xe2\x80\xae",
        b"\x07",
        b"\xc2\x9b",
    ):
        assert bad not in raw, bad
    assert term.screen.title == ""
    for emoji in ("😄", "🔥", "💀", "⚠️", "🔑"):
        assert emoji not in term.text


@pytest.mark.parametrize(
    ("flag", "env"),
    [(("--no-color",), {}), ((), {"NO_COLOR": "1"}), ((), {"TERM": "dumb"})],
    ids=["--no-color", "NO_COLOR", "TERM=dumb"],
)
def test_no_colour_when_asked(tmp_path: Path, flag: tuple[str, ...], env: dict[str, str]) -> None:
    term = mini(tmp_path, *flag, **env)
    term.wait_for("? What do you see?")
    term.press(SPACE, ENTER)
    term.wait_for("Money at risk", "? What next?")
    term.press(ENTER)
    assert term.exit_status() == 0
    assert term.colours() == []


@pytest.mark.cover_children
def test_chinese_result_fits_a_60_column_terminal(tmp_path: Path) -> None:
    term = Terminal(
        "diagnose", "--lang", "zh", env=env_for(tmp_path), rows=200, cols=60
    )  # the bundled flow
    term.wait_for("? 先看看您的资金和账户：是否出现了以下任何情况？")
    term.press(DOWN, DOWN, DOWN, SPACE, ENTER)  # unrecognised transactions: straight to the result
    term.wait_for("? 接下来要做什么？")
    framed = [line for line in term.lines if line[:1] in ("│", "┃", "║")]
    assert len(framed) > 10
    assert {cell_len(line) for line in framed} == {60}  # every right border in the last column
    assert "请先做这些" in term.text
    term.press(ENTER)
    assert term.exit_status() == 0


def test_the_bundled_flow_from_start_to_finish(tmp_path: Path) -> None:
    """Enter alone cannot pass the risk question; after "None of these", Enter takes every
    preselected answer, and the clock check proposes "yes" on 11.11."""
    env = env_for(tmp_path, GOPAY_DOCTOR_NOW="2026-11-11T19:40+07:00")
    term = Terminal("diagnose", env=env, rows=200)
    term.wait_for("? First, your money and your account: is any of this happening?")
    term.press(ENTER)
    term.wait_for("Nothing is ticked: tick what applies with Space, or “None of these” if")
    term.press(UP)  # from the first choice to the last: "None of these"
    term.wait_pointer("○ None of these")
    term.press(SPACE, ENTER)
    term.wait_for("✔ First, your money and your account: is any of this happening? None of")
    reasons = []
    for _ in range(12):
        if "? What next?" in term.text:
            break
        if "? Is it a busy time" in term.text:
            reasons.append(
                "It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day" in term.text
            )
        answered = term.answered()
        term.press(ENTER)
        term.until(
            lambda n=answered: term.answered() > n and "(↑/↓ move" in term.text,  # type: ignore[misc]
            "the next question",
        )
    else:
        raise AssertionError(f"never reached the result:\n{term.text}")
    assert reasons == [True]
    assert (
        "✔ Is it a busy time: a holiday, payday, a big sale day such as 11.11 or 12.12, or the"
        in term.text
    )
    assert "Support is probably very busy" in term.text
    assert "Do these first" not in term.text  # a queue is no alarm
    term.press(ENTER)
    assert term.exit_status() == 0


# --- the answer on the first screen ------------------------------------------------------------


def squeezed(text: str) -> str:
    """``text`` without frames and whitespace: what the screen says, however it wrapped."""
    return re.sub(r"[\s│┃║╭╮╰╯┏┓┗┛╔╗╚╝─━═]", "", text)


FIRST_SCREEN_CASES: dict[str, tuple[tuple[str, ...], dict[str, object]]] = {
    # what a person answers at the keyboard, and the answers the result then holds
    "risk": ((), {"risk": ["unrecognised-transactions"]}),
    "calm": (
        ("-a", "risk=none", "-a", "need=other", "-a", "source=in-app", "-a", "symptom=queue"),
        {
            "risk": ["none"],
            "need": "other",
            "source": "in-app",
            "symptom": "queue",
            "peak-period": "yes",
        },
    ),
}


@functools.cache
def bundled_flow() -> Flow:
    return load_flow("support-unreachable")


@pytest.mark.parametrize("kind", list(FIRST_SCREEN_CASES))
@pytest.mark.parametrize("lang", ["en", "id", "zh"])
def test_the_answer_is_on_the_first_screen(tmp_path: Path, kind: str, lang: str) -> None:
    """In a 24-row terminal the result screen, above its menu, holds the verdict, the most
    likely cause, the first urgent steps (when there are any: how many more there are)
    and one official way to get help; a calm result has no alarm panel. "Show everything"
    (preselected) shows the rest. At 80 columns, then, after Back, the terminal made 60
    columns wide and the last question answered again, at 60."""
    args, answers = FIRST_SCREEN_CASES[kind]
    env = env_for(tmp_path, GOPAY_DOCTOR_NOW="2026-11-11T19:40+07:00")  # a sale-day evening
    term = Terminal("diagnose", "--lang", lang, *args, env=env, rows=24, cols=80)
    result = diagnose(bundled_flow(), answers, lang=lang)
    asked = "? " + pick(bundled_flow().spec.questions[list(answers)[-1]].text, lang)[:12]
    if kind == "risk":
        term.wait_line("^" + re.escape(asked))
        term.press(*[DOWN] * 5, SPACE)  # the sixth situation: transactions not made
    for cols in (80, 60):
        term.wait_line("^" + re.escape(asked))  # for calm: is it a busy time? the clock says yes
        term.press(ENTER)  # what is ticked, or chosen
        term.wait_pointer(label("show_everything", lang))
        term.wait_for(label("back", lang))
        assert_first_screen(term, result, kind, lang)
        term.press(ENTER)
        term.wait_for(label("safety", lang), label("done", lang))
        assert label("show_everything", lang) not in term.lines[-4:]
        term.wait_pointer(label("done", lang))
        if cols == 80:
            term.press(LEFT)  # Back: the last question again, its answer kept
            term.resize(24, 60)
    term.press(ENTER)
    assert term.exit_status() == 0
    printed = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", bytes(term.raw).decode("utf-8", "replace"))
    steps = result.urgent_steps or result.steps
    assert all(squeezed(s.text) in squeezed(printed) for s in steps)  # everything, once asked


def assert_first_screen(term: Terminal, result: Result, kind: str, lang: str) -> None:
    """The result screen as the terminal shows it, from the top of the last result drawn."""
    top = "╭─ " + label("result", lang)
    starts = [i for i, line in enumerate(term.lines) if line.startswith(top)]
    assert starts, f"the top of the result is not in view:\n{term.text}"
    view = "\n".join(term.lines[starts[-1] :])
    seen = squeezed(view)
    assert squeezed(result.outcome.title) in seen
    assert (
        squeezed(label("likely_cause", lang) + label("colon", lang) + result.causes[0].title)
        in seen
    )
    way = next(c for c in result.channels if c.official)
    assert squeezed(label("get_help", lang) + label("colon", lang) + way.name) in seen
    urgent = result.urgent_steps
    assert bool(urgent) == (kind == "risk")
    assert ("┏━ " + label("urgent", lang) in view) == bool(urgent)
    steps = urgent or result.steps
    shown = [s for s in steps if squeezed(s.text) in seen]
    assert 1 <= len(shown) <= 3
    assert shown == steps[: len(shown)]
    more = label("more_steps", lang).format(
        n=len(steps) - len(shown), choice=label("show_everything", lang)
    )
    assert squeezed(more) in seen


# --- no terminal: never a prompt, never a hang ---------------------------------------------------

MISSING = (
    "gopay-doctor: error: no answer for question 'signs'"
    " (nothing is asked: standard input is not a terminal); valid values: theft, locked, none. "
    "Pass --answer signs=VALUE or --answers FILE\n"  # no --defaults: 'signs' has no default (#20)
)


def test_a_pipe_on_standard_input_fails_at_once() -> None:
    run = run_process("diagnose", "--flow", str(MINI), timeout=20)
    assert (run.code, run.out, run.err) == (2, "", MISSING)


def test_dev_null_on_standard_input_fails_at_once() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gopay_doctor", "diagnose", "--flow", str(MINI)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=20,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (2, b"", MISSING)


REDIRECTED = (
    "gopay-doctor: error: no answer for question 'signs'"
    " (nothing is asked: standard output is not a terminal); valid values: theft, locked, none. "
    "Pass --answer signs=VALUE or --answers FILE; to answer on the terminal and save the "
    "result, use -o FILE instead of "
    "redirecting the output: gopay-doctor diagnose -o result.md"
)


@pytest.mark.parametrize("to", ["| cat", "> out.txt"])
def test_a_terminal_with_output_elsewhere_says_why_nothing_is_asked(
    tmp_path: Path, to: str
) -> None:
    """A person at the keyboard who redirected the output is told why nothing was asked,
    and how to save the result instead."""
    line = f"set -o pipefail; cd {tmp_path}; {sys.executable} -m gopay_doctor diagnose --flow {MINI} {to}"
    term = Terminal(env=env_for(tmp_path), command=["bash", "-c", line], cols=400)
    assert term.exit_status() == 2
    assert term.text == REDIRECTED


def test_resume_without_a_terminal_never_prompts(
    tmp_path: Path, ctrl_c_at_the_second_question: tuple[Path, str]
) -> None:
    after_ctrl_c(tmp_path, ctrl_c_at_the_second_question)
    run = run_process("diagnose", "--resume", env=env_for(tmp_path), timeout=20)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "gopay-doctor: error: no answer for question 'slow' (nothing is asked: standard input "
        "is not a terminal); valid values: yes, no. Pass --answer slow=VALUE or --answers FILE, "
        "or --defaults to take every question's default\n"
    )


def test_the_scripted_path_never_loads_the_prompts(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from gopay_doctor.cli import main\n"
        f"flow = {str(MINI)!r}\n"
        "assert main(['diagnose', '--flow', flow, '-a', 'signs=none', '--defaults', '--no-input', "
        "'-f', 'json']) == 0\n"
        "assert main(['diagnose', '--flow', flow]) == 2\n"
        "assert main(['diagnose', '--resume']) == 2\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rich', 'questionary', 'prompt_toolkit'})\n"
        "print(heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        timeout=60,
        check=True,
    )
    assert proc.stderr.splitlines()[-1] == "[]"


def test_resume_without_a_terminal_loads_no_prompt_or_rich(
    tmp_path: Path, ctrl_c_at_the_second_question: tuple[Path, str]
) -> None:
    """A saved session, continued by a script, loads neither the prompt libraries nor rich."""
    after_ctrl_c(tmp_path, ctrl_c_at_the_second_question)  # account locked, then Ctrl-C
    code = (
        "import sys\n"
        "from gopay_doctor.cli import main\n"
        "assert main(['diagnose', '--resume', '--defaults', '-f', 'json']) == 0\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rich', 'questionary', 'prompt_toolkit'})\n"
        "print(heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        timeout=60,
        check=True,
    )
    assert json.loads(proc.stdout)["answers"] == {"signs": ["locked"], "slow": "no"}
    assert proc.stderr.splitlines()[-1] == "[]"
    assert not session_file(tmp_path).exists()  # finished: the saved session is cleared
