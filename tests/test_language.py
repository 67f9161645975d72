"""Every message is in the user's language (#20): no English word of the program's own
appears in an Indonesian or Chinese run.

The program's own English words are its English labels (``gopay_doctor/labels/en.py``):
each piece of text between placeholders that the other language does not share (so
"Data: holidays" or "gopay-doctor diagnose --resume", the same in every language, are
left out). A set of runs in Indonesian and in Chinese (the wizard to its result and its
export, a refused tick, Ctrl-C at each place it can come, a busy session, Ctrl-C in
another command, every result format, an export, ``check``, ``step`` and an error) must
show none of them. Texts from flows are the flows' own, and error messages for scripts
(``gopay-doctor: error: ...``) are in English by design (docs/usage.md, "Language").
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path

import pytest

from gopay_doctor import checks
from gopay_doctor.commands.diagnose import DiagnoseRequest, run
from gopay_doctor.contract.folder import Sources
from gopay_doctor.errors import Cancelled, GopayDoctorError
from gopay_doctor.i18n import TABLES
from gopay_doctor.output import Output
from gopay_doctor.prompts import BACK, QuestionView, Reply
from gopay_doctor.prompts.scripted import ACCEPT, ScriptedPrompter, Step
from gopay_doctor.session import SessionStore
from tests.conftest import CliRunner
from tests.test_wizard import Tty

LANGS = ("id", "zh")
NOW = "2026-11-11T19:40:00+07:00"


@cache
def english(lang: str) -> frozenset[str]:
    """The pieces of the English labels that ``lang``'s labels do not hold as well."""
    theirs = "\n".join(str(v) for v in TABLES[lang].values())
    pieces: set[str] = set()
    for key, text in TABLES["en"].items():
        if TABLES[lang][key] == text:
            continue
        for piece in re.split(r"\{[^}]*\}|\n", str(text)):
            piece = piece.strip(" :.,;“”")
            if re.search(r"[A-Za-z]{3}", piece) and piece not in theirs:
                pieces.add(piece)
    return frozenset(pieces)


def english_in(text: str, lang: str) -> list[str]:
    """The English pieces ``text`` shows, each as words of its own (``none`` in ``none,``
    but not in ``nonetheless``), HTML tags, their attributes and the page's styles left out."""
    shown = re.sub(r"<[^>]*>", " ", re.sub(r"(?s)<style>.*?</style>", " ", text))
    return sorted(
        piece
        for piece in english(lang)
        if re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", shown)
    )


class Person(ScriptedPrompter):
    """Replies with ``steps``, then takes what is preselected, and at the result shows
    everything before it is done."""

    def ask(self, question: QuestionView) -> Reply:
        if not self.steps:
            offered = [c.value for c in question.choices]
            if question.qid != "_result":
                self.steps.append(ACCEPT)
            else:
                self.steps.append("show-everything" if "show-everything" in offered else "done")
        return super().ask(question)


def wizard(steps: list[Step], lang: str, *, output: str | None = None) -> str:
    """A wizard run on a (pretend) terminal: everything it printed, asked and told."""
    script = Person(steps)
    out, err = Tty(), io.StringIO()
    request = DiagnoseRequest(sources=Sources.default(), lang=lang, lang_given=True, output=output)
    try:
        run(request, Output(stdout=out, stderr=err), stdin=Tty(), prompter=script)
    except GopayDoctorError as exc:
        err.write("\n".join(exc.lines()))
    asked = [
        "\n".join([q.text, q.help, q.note, *(c.label for c in q.choices)]) for q in script.asked
    ]
    return "\n".join([out.getvalue(), err.getvalue(), *asked, *script.told])


def runs(lang: str, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Everything a set of runs in ``lang`` showed."""
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", NOW)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")
    shown = [
        # the wizard: a refused tick, nothing ticked, Back, the checks' proposals, the
        # result (its first screen, then everything), the export printed
        wizard([("none", "locked"), (), ("none",), ACCEPT, BACK], lang, output="-"),
        wizard([KeyboardInterrupt], lang),  # Ctrl-C before any answer
        wizard([("phone-lost",), EOFError], lang),  # Ctrl-D at the result menu
        wizard(["continue", BACK, KeyboardInterrupt], lang),  # the offer, Back, Ctrl-C
        wizard([EOFError], lang),  # Ctrl-D at the offer
    ]
    holder = SessionStore("support-unreachable")
    assert holder.lock()
    shown.append(wizard([("none",), KeyboardInterrupt], lang))  # busy: nothing is saved
    holder.unlock()

    def interrupted(*_: object) -> object:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:  # Ctrl-C in another command
        patch.setattr(checks.Checker, "run", interrupted)
        shown.append(cli("check", "--lang", lang).err)
    answers = ("-a", "risk=none", "-a", "source=elsewhere", "--defaults", "--lang", lang)
    for fmt in ("text", "markdown", "rich", "html"):
        shown.append(cli("diagnose", *answers, "-f", fmt).out)
    saved = tmp_path / f"{lang}.json"
    saved.write_text(cli("diagnose", *answers, "-f", "json").out, encoding="utf-8")
    for name in ("txt", "md", "html"):
        shown.append(cli("export", str(saved), "--output-format", name).out)
    exported = cli("export", str(saved), "-o", str(tmp_path / f"{lang}.md"))
    shown.append(exported.err)  # "Saved to"
    shown.append(cli("check", "-v", "--lang", lang).out)
    step = json.loads(cli("step", "-a", "risk=none", "--lang", lang).out)
    shown.append(json.dumps(step["question"], ensure_ascii=False))
    shown.append(cli("diagnose", "--lang", lang).err)  # an error: for scripts, see above
    return "\n".join(shown)


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_word_of_the_program_s_own(
    lang: str, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = runs(lang, cli, monkeypatch, tmp_path)
    assert english_in(shown, lang) == []
    assert f"gopay-doctor: {'dibatalkan' if lang == 'id' else '已取消'}" in shown


def test_the_judge_finds_the_english_it_looks_for() -> None:
    """It can fail: the interrupt line the issue saw, and a label left in English."""
    assert english_in(Cancelled("Jawaban Anda tersimpan.").lines()[0], "id") == ["cancelled"]
    assert english_in("Cara lain mendapat bantuan\nOther ways to get help", "id") == [
        "Other ways to get help"
    ]
    assert len(english("id")) > 100
    assert "Data: holidays" not in english("id")  # the same in Indonesian


SAME = {
    "aside",
    "because",
    "check_data",
    "check_line",
    "colon",
    "holiday_on",
    "list_separator",
    "web_json",
}
"""Labels that are the same in Indonesian as in English: formats of punctuation and
placeholders, and "Data: {file}" and "Data (JSON)" ("data" is an Indonesian word too)."""


@pytest.mark.parametrize("lang", LANGS)
def test_a_label_is_the_same_as_in_english_only_on_purpose(lang: str) -> None:
    """A label copied from English and not translated is caught here (the runs above cannot
    tell it from one of the words both languages share)."""
    same = {key for key, text in TABLES["en"].items() if TABLES[lang][key] == text}
    assert same <= SAME, sorted(same - SAME)
