"""Rich renderables that break text with :mod:`gopay_doctor.render.lines` (CJK-aware), and
one that never breaks it (an address)."""

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from gopay_doctor.render.lines import break_offsets, widest_token


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, styles kept."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        for part in line.divide(break_offsets(line.plain, max(width, 2), cell_len)):
            part.rstrip()
            lines.append(part)
    return lines


class Wrapped:
    """``text``, broken into lines where Chinese and English text may break."""

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
        return Measurement(min(widest_token(plain, cell_len), widest_line), widest_line)


class Unbroken:
    """One line that is never broken, ``indent`` columns in: an address, which must stay
    whole to be clicked or copied. Wider than the screen, it overflows (the terminal shows
    the rest on the next row, and a click or a copy still takes it whole).

    Only a part printed on its own can overflow (a panel or a table cuts what is wider
    than itself): :func:`gopay_doctor.output.rich_text` prints a part whose ``overflows``
    is true without wrapping or cropping it."""

    overflows = True

    def __init__(self, text: Text, indent: int = 0) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(" " * self.indent)
        yield from self.text.render(console)
        yield Segment.line()
