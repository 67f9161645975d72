"""Where normal output goes: standard output, written so it never fails on encoding."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def emit(text: str, stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    try:
        out.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show every character
        encoding = getattr(out, "encoding", None) or "ascii"
        out.write(text.encode(encoding, "replace").decode(encoding))
    out.flush()


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def wants_color(stream: TextIO, no_color_flag: bool = False) -> bool:
    """Colour only on a terminal, and never with ``--no-color``, ``NO_COLOR`` or ``TERM=dumb``."""
    if no_color_flag or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def terminal_width(stream: TextIO, fallback: int = 80) -> int:
    if not is_terminal(stream):
        return fallback
    import shutil

    return max(20, shutil.get_terminal_size((fallback, 24)).columns)
