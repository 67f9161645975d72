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
_TOKEN = re.compile(
    rf"[{re.escape(_OPENING)}]*"
    rf"(?:[{_CJK}]|[^\s{_CJK}{re.escape(_OPENING + _CLOSING)}]+)"
    rf"[{re.escape(_CLOSING)}]*\s*"
    r"|\s+|\S\s*"
)


def tokens(text: str) -> Iterable[tuple[int, str]]:
    """The pieces that may not be split (with the spaces after them), and where they start."""
    for match in _TOKEN.finditer(text):
        yield match.start(), match.group()


def break_offsets(text: str, width: int, measure: Measure = cells) -> list[int]:
    """Where to break one line of ``text`` so that no line is wider than ``width`` cells."""
    offsets: list[int] = []
    used = 0
    for start, token in tokens(text):
        need = measure(token.rstrip())
        if used + need <= width:
            used += measure(token)
            continue
        if need <= width:
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
