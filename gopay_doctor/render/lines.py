"""Line breaking that suits Chinese (and Japanese and Korean) text as well as English.

Breaking only at spaces, as most tools do, treats a run of Chinese as one "word":
after a Latin word such as "GoPay" the whole run jumps to the next line, leaving a
short orphan line, or it is chopped at the edge even before a comma. Here every CJK
character is a place to break, except before closing punctuation (，。、）」 ...) and
after opening punctuation (（「“ ...), the classic rules of Chinese typesetting.
Latin words (and addresses) still break only at spaces. Widths are terminal cells
(CJK characters take two), measured by the caller's function, so the result screen
(rich) and the prompts (prompt_toolkit) break text exactly as they draw it.
"""

import functools
import re
from collections.abc import Callable, Iterable

from gopay_doctor.plaintext import width as cells

Measure = Callable[[str], int]

_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u31ff\u3200-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_CLOSING = "、。，．：；！？）」』】〕〉》〗〙〛｝］”・ー々〜…‥％)"
"""Never at the start of a line."""
_OPENING = "（「『【〔〈《〖〘〚｛［“("
"""Never at the end of a line."""
_TOKEN = (
    rf"[{re.escape(_OPENING)}]*"
    rf"(?:[{_CJK}]|[^\s{_CJK}{re.escape(_OPENING + _CLOSING)}]+)"
    rf"[{re.escape(_CLOSING)}]*\s*"
    r"|\s+|\S\s*"
)
"""One piece that may not be split, with the spaces after it. Compiled on first use
(:func:`_token`): its character classes take about 6 ms to compile, which a scripted
run, importing this module through the exporters, would pay for nothing."""


@functools.cache
def _token() -> re.Pattern[str]:
    return re.compile(_TOKEN)


def tokens(text: str) -> Iterable[tuple[int, str]]:
    """The pieces that may not be split (with the spaces after them), and where they start."""
    for match in _token().finditer(text):
        yield match.start(), match.group()


def break_offsets(
    text: str, width: int, measure: Measure = cells, *, fold: bool = True
) -> list[int]:
    """Where to break one line of ``text`` so that no line is wider than ``width`` cells; a
    word wider than that is folded, character by character, or (without ``fold``) stands
    whole on a line of its own, wider than ``width`` (an address must never be broken)."""
    offsets: list[int] = []
    used = 0
    for start, token in tokens(text):
        need = measure(token.rstrip())
        if used + need <= width:
            used += measure(token)
            continue
        if need <= width or not fold:
            if used and start:
                offsets.append(start)
            used = measure(token)
            continue
        if used and start:  # longer than a line: fold it, character by character
            offsets.append(start)
        used = 0
        for index, char in enumerate(token, start):
            size = measure(char)
            if used + size > width and used and not char.isspace():
                offsets.append(index)
                used = 0
            used += size
    return offsets


def widest_token(text: str, measure: Measure = cells) -> int:
    """The narrowest width ``text`` can be broken to without folding a word."""
    return max((measure(token.rstrip()) for _, token in tokens(text)), default=0)


def wrap_lines(text: str, width: int, measure: Measure = cells) -> list[str]:
    """``text`` as lines of at most ``width`` cells (newlines in it are kept)."""
    lines: list[str] = []
    for line in text.split("\n"):
        offsets = break_offsets(line, max(width, 2), measure)
        starts = [0, *offsets]
        ends = [*offsets, len(line)]
        lines.extend(line[a:b].rstrip() for a, b in zip(starts, ends, strict=True))
    return lines


_HANGING = re.compile(r"(?:\s*(?:[-*•>]|\d+[.)]|\[[ x!]\]|#+)(?=\s))*\s*")
"""What a wrapped line's continuation lines are indented under: its indentation and its
list, checkbox, quote or heading marks (``- [ ] ``, ``> ``, ``  - ``, ``1. ``)."""


def reflow(text: str, width: int, measure: Measure = cells) -> str:
    """``text`` (plain text or Markdown, as printed on a terminal) with every line wider
    than ``width`` cells broken where a word ends, its continuation lines indented under
    its text (a quote's ``>`` kept); a word or address wider than a line is never broken
    but stands whole on a line of its own. Lines inside a fenced code block keep only
    their indentation. Spaces at the ends of lines (Markdown's line breaks, unseen on a
    terminal) are dropped, so none runs past the edge."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        line = line.rstrip()
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if measure(line) <= width or line.lstrip().startswith("```"):
            out.append(line)
            continue
        marks = None if fenced else _HANGING.match(line)
        head = marks.group() if marks else line[: len(line) - len(line.lstrip())]
        hang = "".join(c if c == ">" else " " for c in head)
        body = line[len(head) :]
        offsets = break_offsets(body, max(width - measure(head), 1), measure, fold=False)
        starts, ends = [0, *offsets], [*offsets, len(body)]
        pieces = [body[a:b].rstrip() for a, b in zip(starts, ends, strict=True)]
        out += [head + pieces[0], *(hang + piece for piece in pieces[1:])]
    return "\n".join(out)
