"""Make text from data files and answers harmless to print.

C0 and C1 control characters (except newline and tab), DEL and the Unicode
bidirectional controls could move the cursor, change colours, rewrite the title or
reorder what the user reads. :func:`plain` shows each as a visible ``\\x1b``-style
escape instead; :func:`json_dumps` keeps JSON exact but escapes them as ``\\uXXXX``.

Error messages go further (:func:`inert`): zero-width characters (U+200B to U+200D,
U+2060, U+FEFF) are escaped too, so that ``'fine'`` and ``'fi\\u200bne'`` never look the
same where a user must tell them apart, and so is a newline, so that a message stays one
line. Shown flow text keeps them (a joiner is part of some emoji).

Input quoted in a message is cut to a readable length, with its size (:func:`quoted`):
an 8 MiB answer is named, not echoed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str) -> str:
    """``text`` with every control and bidi character shown as a visible escape."""
    return _UNSAFE.sub(_escape, text)


_INVISIBLE = re.compile("[\n\u200b-\u200d\u2060\ufeff]")


def inert(line: str) -> str:
    """A line of a message, :func:`plain`, with zero-width characters shown as escapes
    too, and a newline as ``\\n``: data quoted in a message cannot add a line of its own."""
    return _INVISIBLE.sub(lambda m: "\\n" if m.group() == "\n" else _escape(m), plain(line))


QUOTE_LIMIT = 60
"""How many characters of a quoted input a message shows (:func:`quoted`)."""


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as ``repr`` shows it in a message (text quoted, control characters
    escaped); longer than ``limit`` characters, cut, with its size: ``'abcd…' (8.0 MiB)``.
    Every message that quotes input quotes it with this."""
    if not isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else f"{text[:limit]}… ({size(text)})"
    if len(value) <= limit:
        return repr(value)
    shown = repr(value[:limit])
    return f"{shown[:-1]}…{shown[-1]} ({size(value)})"


_LONG = re.compile(rf"'([^'\n]{{{QUOTE_LIMIT + 1},}})'|([^\s']{{{QUOTE_LIMIT + 1},}})")


def clipped(message: str) -> str:
    """``message`` (written by a library, such as Click's usage errors) with every quoted
    part or word longer than :data:`QUOTE_LIMIT` cut as :func:`quoted` cuts it."""
    return _LONG.sub(lambda m: quoted(m.group(1) or m.group(2)), message)


def size(text: str) -> str:
    """How much room ``text`` takes in UTF-8: ``300 bytes``, ``100.0 KiB``, ``8.0 MiB``."""
    amount = len(text.encode("utf-8", "surrogatepass"))
    if amount < 1024:
        return count(amount, "byte")
    if amount < 1024 * 1024:
        return f"{amount / 1024:.1f} KiB"
    return f"{amount / (1024 * 1024):.1f} MiB"


def one_line(text: str) -> str:
    """``text`` made :func:`plain`, with every run of whitespace (newlines, tabs) as one space:
    for a cell of a one-line row, which data must not break into rows of its own."""
    return " ".join(plain(text).split())


_SAFE_URL = re.compile(r"https://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an ``https://`` address of plain URL characters (safe to link), else None.

    Flow files are checked on load, but a saved JSON result may hold anything: a
    ``javascript:`` address, spaces, quotes or brackets that would end a link.
    """
    if url is None or len(url) > 2000 or not _SAFE_URL.fullmatch(url):
        return None
    return url


def json_dumps(data: Any) -> str:
    """JSON with real Unicode text, but control and bidi characters as ``\\uXXXX`` escapes."""
    raw = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", raw)


def width(text: str) -> int:
    """How many terminal cells ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def count(n: int, noun: str) -> str:
    """``1 flow``, ``2 flows``: a number and an English noun that takes an s."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
