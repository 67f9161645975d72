"""Line breaking that suits Chinese (and Japanese and Korean) text as well as English.

rich breaks lines only at spaces, so a run of Chinese without spaces is one "word":
after a Latin word such as "GoPay" it jumps to the next line whole, leaving a short
orphan line, or it is chopped at the edge even before a comma. Here every CJK
character is a place to break, except before closing punctuation (，。、）」 ...) and
after opening punctuation (（「“ ...), the classic rules of Chinese typesetting.
Latin words (and addresses) still break only at spaces. Widths are terminal cells (CJK takes two).
"""

import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

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


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break one line of ``text`` so that no line is wider than ``width`` cells."""
    offsets: list[int] = []
    used = 0
    for start, token in tokens(text):
        need = cell_len(token.rstrip())
        if used + need <= width:
            used += cell_len(token)
            continue
        if need <= width:
            if used and start:
                offsets.append(start)
            used = cell_len(token)
            continue
        if used and start:  # longer than a line: fold it, character by character
            offsets.append(start)
        used = 0
        for index, char in enumerate(token, start):
            size = cell_len(char)
            if used + size > width and used and not char.isspace():
                offsets.append(index)
                used = 0
            used += size
    return offsets


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, styles kept."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        for part in line.divide(break_offsets(line.plain, max(width, 2))):
            part.rstrip()
            lines.append(part)
    return lines


class Wrapped:
    """A rich renderable: ``text`` broken into lines with :func:`break_offsets`."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap(self.text, options.max_width):
            line.no_wrap = True
            line.overflow = "crop"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest_line = max((cell_len(line) for line in plain.split("\n")), default=0)
        widest_token = max((cell_len(token.rstrip()) for _, token in tokens(plain)), default=0)
        return Measurement(min(widest_token, widest_line), widest_line)
