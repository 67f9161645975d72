"""Shell completion of ``--answer``/``-a`` (bash, zsh, fish): the flow's question ids, then
each question's values.

``gopay-doctor --install-completion`` installs typer's completion for the shell; the
shell then runs the program with ``_GOPAY_DOCTOR_COMPLETE=complete_bash`` (or ``_zsh``,
``_fish``) and the words typed so far, and :func:`answers` says what may follow ``-a``:

* ``-a <TAB>``: ``risk=``, ``source=``, ... (each question's text beside it, in zsh and
  fish); a start that only one question id has (``-a ri<TAB>``) completes to its values;
* ``-a risk=<TAB>``: ``risk=phone-lost``, ``risk=none``, ... (each choice's label beside
  it); a checkbox question goes on after a comma (``-a risk=phone-lost,<TAB>``) with the
  values not ticked yet, never with one that must stand alone ("None of these").

The flow is the one ``--flow`` names (else the default), found in ``--flows-dir`` as for
the command itself, its texts in ``--lang``; nothing is completed when it cannot be
loaded, and completion never prints an error.

Bash splits words at ``=`` (``COMP_WORDBREAKS``), so ``risk=lo`` reaches the program as
three words and click would complete a file name: :class:`BashComplete` joins them again
and gives bash only the part after the ``=``, which is the word bash replaces.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class, split_arg_string
from typer._completion_classes import BashComplete as TyperBashComplete

from gopay_doctor.contract.folder import DEFAULT_FLOW, Sources
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import choice_label
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.i18n import pick, resolve_lang
from gopay_doctor.plaintext import one_line, width

Completion = tuple[str, str]
"""What may be typed, and what it means (shown beside it by zsh and fish)."""


def answers(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """What may complete ``incomplete``, the value of ``-a`` typed so far."""
    try:
        flow = _flow(ctx)
        lang = resolve_lang(_value(ctx.params.get("lang")))
    except (GopayDoctorError, OSError, ValueError):
        return []
    qid, equals, typed = incomplete.partition("=")
    if not equals:
        starting = [q for q in flow.spec.questions if q.startswith(qid)]
        if len(starting) != 1:
            return [(f"{q}=", _brief(pick(flow.spec.questions[q].text, lang))) for q in starting]
        qid, typed = starting[0], ""
    return values(flow, qid, typed, lang)


def values(flow: Flow, qid: str, typed: str, lang: str) -> list[Completion]:
    """``qid=VALUE`` for each value that may follow ``typed`` (for a checkbox, the values
    ticked so far and a comma, then one not ticked yet that may go with them)."""
    question = flow.spec.questions.get(qid)
    if question is None:
        return []
    ticked, comma, _ = typed.rpartition(",")
    before = ticked + comma
    if question.kind != "checkbox" and comma:
        return []
    chosen = {v.strip() for v in ticked.split(",") if v.strip()}
    alone = {c.value for c in question.choices if c.exclusive}
    if chosen & alone:
        return []
    return [
        (f"{qid}={before}{c.value}", _brief(choice_label(question, c.value, lang)))
        for c in question.choices
        if c.value not in chosen and not (chosen and c.value in alone)
    ]


BRIEF = 60
"""The cells a text beside a completion may take: typer draws it with rich, which would
break a longer one into lines of its own (each a completion to fish)."""


def _brief(text: str) -> str:
    """``text`` on one line of at most :data:`BRIEF` cells, never read as rich markup."""
    from rich.markup import escape  # typer draws the text with rich, which reads markup

    line = one_line(text)
    if width(line) > BRIEF:
        while width(line) > BRIEF - 1:
            line = line[:-1]
        line = line.rstrip() + "…"
    return escape(line)


def _flow(ctx: typer.Context) -> Flow:
    params = ctx.params
    dirs = [Path(d) for d in params.get("flows_dir") or ()]
    channels = params.get("channels")
    sources = Sources.default(dirs, Path(channels) if channels else None)
    return load_flow(str(params.get("flow") or DEFAULT_FLOW), sources)


def _value(given: object) -> str | None:
    """A parameter as typed: an enum's value, or the string itself."""
    value = getattr(given, "value", given)
    return str(value) if value else None


class BashComplete(TyperBashComplete):
    """Typer's bash completion, with the words bash split at ``=`` or ``:`` joined again."""

    replaced = 0
    """How much of the word being completed bash does not replace (up to its last ``=``)."""

    def get_completion_args(self) -> tuple[list[str], str]:
        words = split_arg_string(os.environ["COMP_WORDS"])
        cword = int(os.environ["COMP_CWORD"])
        typed = [*words[:cword], words[cword] if cword < len(words) else ""]
        joined: list[str] = []
        glue = False
        for word in typed:
            if word in ("=", ":") and joined:
                joined[-1] += word
                glue = True
            elif glue:
                joined[-1] += word
                glue = False
            else:
                joined.append(word)
        *args, incomplete = joined
        self.replaced = max(incomplete.rfind("="), incomplete.rfind(":")) + 1
        return args[1:], incomplete

    def format_completion(self, item: CompletionItem) -> str:
        """Only what follows the last ``=`` or ``:`` typed: the word bash replaces."""
        return str(item.value)[self.replaced :]


def register() -> None:
    """Use :class:`BashComplete` for bash (after typer has registered its own classes)."""
    add_completion_class(BashComplete, "bash")
