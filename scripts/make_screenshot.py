"""The screenshot of README.md and docs/usage.md: a real wizard session on the bundled
flow, as an SVG.

    python -m scripts.make_screenshot          # write docs/screenshot.svg
    python -m scripts.make_screenshot --check  # exit 1 if it is out of date

The session is run by the ask loop itself (:func:`gopay_doctor.interview.interview`) with a
scripted prompter; each answered question is drawn the way the terminal prompter
draws it (``✔ question answer``), the result screen is the real ``--format rich``
one, and the last prompt is shown as it waits for a key. rich's own SVG export makes
the picture. The SVG names the rich version that drew it, and ``--check`` (and the
test) compare only when the same version is installed.
"""

import argparse
import contextlib
import io
import sys
import tempfile
from pathlib import Path

import rich
from rich.console import Console
from rich.text import Text

from gopay_doctor.commands.diagnose import MENU_ROWS
from gopay_doctor.contract.loading import load_flow
from gopay_doctor.errors import Cancelled
from gopay_doctor.i18n import label
from gopay_doctor.interview import Session, interview
from gopay_doctor.prompts import QuestionView, Reply, shown
from gopay_doctor.prompts.scripted import ScriptedPrompter, Step
from gopay_doctor.render.terminal import first_screen, renderables
from gopay_doctor.result import Result
from gopay_doctor.session import SessionStore

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "docs" / "screenshot.svg"
WIDTH = 88
ROWS = 24 - MENU_ROWS
ANSWERS: list[Step] = [("none",), "other", "in-app", "timeout", "yes", "no", "yes"]
TITLE = "gopay-doctor diagnose"
LANG = "en"


class Recorder(ScriptedPrompter):
    """Replays the answers and draws each question the way the real prompter leaves it."""

    def __init__(self, console: Console, steps: list[Step]) -> None:
        super().__init__(steps)
        self.console = console

    def ask(self, question: QuestionView) -> Reply:
        if not self.steps:  # the result menu, waiting for a key: draw it and stop
            self._waiting(question)
            raise EOFError
        reply = super().ask(question)
        line = Text("✔ ", style="green")
        line.append(question.text, style="bold")
        line.append(" ")
        line.append(shown(question, reply, label("none_selected", LANG)), "#ff9d00")
        self.console.print(line)
        return reply

    def _waiting(self, question: QuestionView) -> None:
        keys = label("keys_select", LANG) + label("keys_back", LANG)
        head = Text("? ", style="#5f819d")
        head.append(question.text, style="bold")
        head.append(f" ({keys})", style="dim")
        self.console.print(head)
        for index, choice in enumerate(question.choices):
            pointer = " » " if index == 0 else "   "
            self.console.print(Text(pointer + choice.label, "#ff9d00" if index == 0 else ""))
        self.console.print(Text("   " + label("back", LANG)))


def svg() -> str:
    console = Console(
        record=True,
        width=WIDTH,
        file=io.StringIO(),  # recorded, not shown
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        emoji=False,
        highlight=False,
    )
    flow = load_flow("support-unreachable")

    def show(result: Result, everything: bool) -> bool:
        """The wizard's first screen, at the height of a 24-row terminal."""
        parts = renderables(result, WIDTH) if everything else first_screen(result, WIDTH, ROWS)
        for part in parts:
            console.print(part)
        return not everything

    with tempfile.TemporaryDirectory() as state:
        session = Session(flow, LANG)
        with contextlib.suppress(Cancelled):  # the EOFError above ends it as Ctrl-D would
            interview(
                session, Recorder(console, list(ANSWERS)), SessionStore(flow.id, Path(state)), show
            )
    picture = console.export_svg(title=TITLE)
    return f"<!-- made by scripts/make_screenshot.py with rich {rich_version()} -->\n{picture}"


def rich_version() -> str:
    from importlib.metadata import version

    return version(rich.__name__)


def made_with(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first.removeprefix("<!-- made by scripts/make_screenshot.py with rich ").removesuffix(
        " -->"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when out of date")
    args = parser.parse_args(argv)
    fresh = svg()
    if args.check:
        current = SVG.read_text(encoding="utf-8") if SVG.exists() else ""
        if made_with(current) == rich_version() and current != fresh:
            print(
                f"{SVG.name} is out of date: run python -m scripts.make_screenshot", file=sys.stderr
            )
            return 1
        return 0
    SVG.parent.mkdir(exist_ok=True)
    SVG.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
