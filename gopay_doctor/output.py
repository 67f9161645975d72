"""The one owner of what the program prints: standard output and error, colour, width, rich.

Every command gets one :class:`Output` from the command line. What the command
produces (a result, a report, a document) goes to standard output with :meth:`~Output.emit`;
lines for the person at the keyboard (an error, a warning, "Saved to ...") go to standard
error with :meth:`~Output.note`, made inert first (control characters shown escaped).
Colour is on only when standard output is a terminal, and never with ``--no-color``,
``NO_COLOR`` or ``TERM=dumb``. Every rich screen is drawn by the console of
:func:`rich_console`, the one place rich is set up.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TextIO

import msgspec

from gopay_doctor.errors import PROG, OutputError
from gopay_doctor.plaintext import inert

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

BOX_SAMPLE = "╭─╮│╰╯┏━┓┃╔═╗║└├•→"
"""Characters rich screens draw (boxes, tree guides, bullets, arrows): where standard output
cannot show them (:meth:`Output.can_show`: ``TERM=dumb``, an encoding such as ASCII),
screens are drawn in ASCII."""


WARNING = "warning: {message}"
"""A warning after ``gopay-doctor: ``, in English; the label ``warning`` holds it in each
language."""


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Output(msgspec.Struct):
    """Where one command writes, and how."""

    stdout: TextIO = msgspec.field(default_factory=lambda: sys.stdout)
    stderr: TextIO = msgspec.field(default_factory=lambda: sys.stderr)
    no_color: bool = False
    """``--no-color``."""
    environ: Mapping[str, str] = msgspec.field(default_factory=lambda: os.environ)

    def emit(self, text: str) -> None:
        """Write ``text`` to standard output, as well as its encoding can show it.

        Raises :class:`~gopay_doctor.errors.OutputError` when standard output is closed,
        full or fails; ``BrokenPipeError`` (the reader went away) is left to the handler.
        """
        if self.stdout is None:  # started with standard output closed (>&-)
            raise OutputError("it is closed")
        try:
            _write(self.stdout, text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: a file closed meanwhile
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise OutputError(reason) from None

    def note(self, line: str) -> None:
        """One line for the person on standard error, made inert (nothing when it is closed)."""
        if self.stderr is not None:
            _write(self.stderr, inert(line) + "\n")

    def warn(self, message: str, words: str = WARNING) -> None:
        """``gopay-doctor: warning: message``; ``words`` is :data:`WARNING` in the user's
        language."""
        self.note(f"{PROG}: {words.format(message=message)}")

    @property
    def terminal(self) -> bool:
        """Whether standard output is a terminal."""
        return is_terminal(self.stdout)

    @property
    def color(self) -> bool:
        """Colour only on a terminal, and never with ``--no-color``, ``NO_COLOR`` or ``TERM=dumb``."""
        if self.no_color or self.environ.get("NO_COLOR") or self.environ.get("TERM") == "dumb":
            return False
        return self.terminal

    @property
    def width(self) -> int:
        """The terminal's width in columns (80 when standard output is no terminal)."""
        if not self.terminal:
            return 80
        return max(20, shutil.get_terminal_size((80, 24)).columns)

    @property
    def height(self) -> int:
        """The terminal's height in rows (24 when standard output is no terminal)."""
        if not self.terminal:
            return 24
        return max(5, shutil.get_terminal_size((80, 24)).lines)

    def can_show(self, text: str) -> bool:
        """Whether standard output can print ``text``: not with ``TERM=dumb``, nor in an
        encoding that lacks its characters."""
        if self.environ.get("TERM") == "dumb":
            return False
        encoding = getattr(self.stdout, "encoding", None) or "ascii"
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return False
        return True


def _write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show every character
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


_ASCII_MARKS = str.maketrans({"•": "*", "→": ">", "←": "<", "…": "."})


class _AsciiBuffer(io.StringIO):
    """A buffer rich takes for an ASCII-only stream, so it draws boxes and guides in ASCII."""

    encoding = "ascii"


def rich_text(
    parts: Iterable[RenderableType],
    *,
    color: bool,
    width: int,
    ascii: bool = False,
    soft_wrap: bool = False,
) -> str:
    """What rich draws for ``parts`` (with the console of :func:`rich_console`): boxes and
    guides in ASCII with ``ascii``; without colour (a file, a pipe, ``NO_COLOR``), no line
    ends in the spaces rich pads it with to the full width. A part whose ``overflows`` is
    true (an address, :class:`gopay_doctor.render.wrap.Unbroken`) is never wrapped or cut."""
    buffer = _AsciiBuffer() if ascii else io.StringIO()
    console = rich_console(buffer, color=color, width=width)
    for part in parts:
        console.print(part, soft_wrap=soft_wrap or getattr(part, "overflows", False))
    text = buffer.getvalue()
    if ascii:  # rich's boxes and guides are ASCII already; our own marks, one column each
        text = text.translate(_ASCII_MARKS)
    if color:
        return text
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def rich_console(file: TextIO, *, color: bool, width: int) -> Console:
    """The console every rich screen is drawn with: text from data is never parsed as
    markup or emoji codes, and colour is on only when ``color`` says so."""
    from rich.console import Console  # seam: rich loads only when a screen is drawn

    return Console(
        file=file,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
