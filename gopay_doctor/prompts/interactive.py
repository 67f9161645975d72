"""The real prompter: questionary on a terminal.

The only module that imports questionary or prompt_toolkit, and only when a question
is asked, so scripted runs never load them.

Every question is a questionary ``select`` (confirm questions too: Yes / No, so Back
works the same everywhere; a date question's quick picks too, with "Another date…" for a
typed one) or ``checkbox`` (``text`` only for a file name or a typed date), with the
keys and the question's help text under it and its default preselected. Keys: arrows
(or j/k) move, Enter chooses, Space ticks a checkbox; ← (left arrow) or Backspace goes
back, as does the "← Back" row; Ctrl-C (or SIGINT from another process) raises
``KeyboardInterrupt`` and Ctrl-D ``EOFError``. Texts are wrapped to the terminal's
width (prompt_toolkit would cut them off), the prompt is erased when answered and
replaced by one line: the question and the answer. All text from flows goes through :func:`~gopay_doctor.plaintext.plain`
and is never parsed as markup.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.utils import get_cwidth
from questionary import Question
from questionary.prompts.common import InquirerControl
from questionary.styles import merge_styles_default

from gopay_doctor.i18n import label, long_date
from gopay_doctor.output import Output
from gopay_doctor.plaintext import inert, plain
from gopay_doctor.prompts import BACK, ChoiceView, QuestionView, Reply, shown
from gopay_doctor.render.lines import break_offsets, wrap_lines

BACK_VALUE = "_back"
"""The value of the "← Back" row (flow values cannot start with ``_``)."""
ANOTHER_DATE = "_another-date"
"""The value of a date question's "Another date…" row."""


class QuestionaryPrompter:
    """A :class:`~gopay_doctor.prompts.Prompter` on the terminal (standard input and output)."""

    def __init__(self, *, lang: str, out: Output) -> None:
        self.lang = lang
        self.out = out
        self.color = out.color

    def ask(self, question: QuestionView) -> Reply:
        if question.kind == "date":
            return self._ask_date(question)
        prompt = self._build(question)
        with _terminal_gone_is_eof():
            result = prompt.unsafe_ask()
        reply = self._reply(question, result)
        if reply is not BACK and reply != ():  # nothing ticked is refused: no "✔ (none)" line
            with _terminal_gone_is_eof():
                self._echo(question, reply)
        return reply

    def _ask_date(self, question: QuestionView) -> Reply:
        """A date question: the quick picks (the last days, with their weekdays) and
        "Another date…", which asks for the date as YYYY-MM-DD and refuses, as it is typed,
        one the question does not accept; an empty line goes back to the picks."""
        picked = {c.value for c in question.choices}
        earlier = question.default if isinstance(question.default, str) else ""
        typed = "" if earlier in picked else earlier  # an answer Back stepped over
        while True:
            picks = question._replace(
                kind="select",
                choices=(
                    *question.choices,
                    ChoiceView(ANOTHER_DATE, label("another_date", self.lang)),
                ),
                default=ANOTHER_DATE if typed else earlier or None,
            )
            prompt = self._build(picks)
            with _terminal_gone_is_eof():
                reply = self._reply(picks, prompt.unsafe_ask())
            if reply == ANOTHER_DATE:
                reply = self._type_date(question, typed)
                if not reply:
                    continue
            if isinstance(reply, str) and reply not in picked:  # typed: echoed written out
                day = datetime.date.fromisoformat(reply)
                question = question._replace(
                    choices=(ChoiceView(reply, long_date(day, self.lang)),)
                )
            if reply is not BACK:
                with _terminal_gone_is_eof():
                    self._echo(question, reply)
            return reply

    def _type_date(self, question: QuestionView, typed: str) -> str:
        """The date typed for ``question`` (``YYYY-MM-DD``), or "" to choose again."""
        shown = {"earliest": question.earliest, "latest": question.latest}
        refused = label("not_a_date", self.lang).format(example=question.latest, **shown)
        accepts = question.accepts

        def check(text: str) -> bool | str:
            text = text.strip()
            return not text or accepts is None or accepts(text) or refused

        message = plain(question.text) + "\n  " + label("type_date", self.lang).format(**shown)
        prompt = questionary.text(
            message, default=typed, validate=check, erase_when_done=True, **self._colour()
        )
        _add_keys(prompt, back=False, checkbox=False)
        with _terminal_gone_is_eof():
            return str(prompt.unsafe_ask() or "").strip()

    def tell(self, text: str) -> None:
        with _terminal_gone_is_eof():
            print_formatted_text(inert(text), **self._colour())

    def _colour(self) -> dict[str, Any]:
        if self.color:
            return {}

        return {"color_depth": ColorDepth.DEPTH_1_BIT}

    def _build(self, question: QuestionView) -> "Question":
        if question.kind == "text":
            typed = question.default if isinstance(question.default, str) else ""
            return questionary.text(
                plain(question.text), default=typed, erase_when_done=True, **self._colour()
            )
        width = self.out.width
        ticked = question.default if isinstance(question.default, tuple) else ()
        indent = 5 if question.kind == "checkbox" else 3  # " » " and "● "
        choices = [
            questionary.Choice(
                title=_wrapped(plain(c.label), width - 1 - indent, indent),
                value=c.value,
                checked=question.kind == "checkbox" and c.value in ticked,
            )
            for c in question.choices
        ]
        if question.can_go_back:
            choices.append(questionary.Choice(title=label("back", self.lang), value=BACK_VALUE))
        message, instruction = self._head(question, width)
        common: dict[str, Any] = {
            "instruction": instruction,
            "erase_when_done": True,
            **self._colour(),
        }
        if question.kind == "checkbox":
            prompt = questionary.checkbox(message, choices=choices, **common)
        else:
            values = [c.value for c in question.choices]
            default = question.default if question.default in values else None
            prompt = questionary.select(message, choices=choices, default=default, **common)
        _add_keys(prompt, back=question.can_go_back, checkbox=question.kind == "checkbox")
        return prompt

    def _head(self, question: QuestionView, width: int) -> tuple[str, str]:
        """The question (after "? ") and what follows it: the keys, the help text and the
        reason for a proposal, each wrapped to the terminal's width."""
        keys = label("keys_checkbox" if question.kind == "checkbox" else "keys_select", self.lang)
        if question.can_go_back:
            keys += label("keys_back", self.lang)
        keys = f"({keys})"
        lines = wrap_lines(plain(question.text), width - 3, get_cwidth)
        message = "\n  ".join(lines)
        inline = get_cwidth(lines[-1]) + 3 + get_cwidth(keys) < width
        below = [] if inline else [keys]
        for text in (question.help, question.note):
            if text:
                below += wrap_lines(plain(text), width - 3, get_cwidth)
        return message, (keys if inline else "") + "".join(f"\n  {line}" for line in below)

    def _reply(self, question: QuestionView, result: object) -> Reply:
        if question.kind == "text":
            return str(result or "")
        if result == BACK_VALUE:
            return BACK
        if question.kind == "checkbox":
            ticked = result if isinstance(result, list) else []
            order = [c.value for c in question.choices]
            return tuple(v for v in order if v in ticked)
        return str(result)

    def _echo(self, question: QuestionView, reply: Reply) -> None:
        """The answered question, in one (wrapped) line: ``✔ question answer``."""
        answer = shown(question, reply, label("none_selected", self.lang))
        parts = [
            ("class:question", plain(question.text)),
            ("", " "),
            ("class:answer", plain(answer)),
        ]
        line = FormattedText([("class:qmark", "✔ "), *_break(parts, self.out.width - 3, 2)])
        print_formatted_text(line, style=merge_styles_default([None]), **self._colour())


@contextmanager
def _terminal_gone_is_eof() -> Iterator[None]:
    """A terminal that fails under the prompt (it hung up: EIO) gives no more answers: that
    is the end of input, as Ctrl-D is, so the answers so far are saved."""
    try:
        yield
    except OSError as exc:
        raise EOFError(exc.strerror or str(exc)) from exc


def _wrapped(text: str, width: int, indent: int) -> str:
    """``text`` broken to ``width`` cells, continuation lines indented under the first."""
    return ("\n" + " " * indent).join(wrap_lines(text, width, get_cwidth))


def _break(parts: list[tuple[str, str]], width: int, indent: int) -> list[tuple[str, str]]:
    """Styled ``parts`` broken into lines of ``width`` cells, continuation lines indented."""
    whole = "".join(text for _, text in parts)
    breaks = set(break_offsets(whole, width, get_cwidth))
    out: list[tuple[str, str]] = []
    position = 0
    for style, text in parts:
        piece = ""
        for char in text:
            if position in breaks:
                out.append((style, piece.rstrip()))
                out.append(("", "\n" + " " * indent))
                piece = ""
            piece += char
            position += 1
        out.append((style, piece))
    return out


def _add_keys(prompt: "Question", *, back: bool, checkbox: bool) -> None:
    """Ctrl-D ends like Ctrl-C (but as ``EOFError``); ← and Backspace go back when Back is offered.

    SIGINT from another process (``kill -INT``) ends like Ctrl-C too: while a prompt is
    shown, prompt_toolkit takes SIGINT in its event loop and turns it into the
    ``<sigint>`` key, which its basic bindings ignore and questionary does not bind
    (prompt_toolkit's own ``PromptSession`` binds it; python-prompt-toolkit #1537, #1538).
    SIGTERM and SIGHUP arrive here as SIGINT (``commands.diagnose.stop_signals``).

    In a checkbox, Enter on the "← Back" row goes back, and the row can never be ticked.
    """
    app = prompt.application
    keys = KeyBindings()

    @keys.add(Keys.ControlD, eager=True)
    def _eof(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    @keys.add(Keys.SIGINT, eager=True)
    def _interrupted(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    if back:

        @keys.add(Keys.Left, eager=True)
        @keys.add(Keys.Backspace, eager=True)
        def _back(event: KeyPressEvent) -> None:
            event.app.exit(result=BACK_VALUE)

    if back and checkbox:
        control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
        on_back_row = Condition(lambda: control.get_pointed_at().value == BACK_VALUE)

        @keys.add(Keys.ControlM, eager=True, filter=on_back_row)
        def _enter_back(event: KeyPressEvent) -> None:
            event.app.exit(result=BACK_VALUE)

        @keys.add(" ", eager=True, filter=on_back_row)
        def _no_tick(event: KeyPressEvent) -> None:
            pass

        def untick_back(_sender: object) -> None:
            if BACK_VALUE in control.selected_options:
                control.selected_options.remove(BACK_VALUE)

        app.key_processor.after_key_press += untick_back

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])
