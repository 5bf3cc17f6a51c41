"""A QR code drawn in the terminal with half blocks, as large as the space it is given.

Each character cell holds two modules, one above the other, so modules come out about square.
The code is drawn black on white whatever the theme, with a quiet zone, since phone cameras
look for dark modules on a light ground; it grows in whole modules to fill its widget, so it
can be read from the back of a room when the console is projected.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

QUIET_MODULES = 2
"""White border around the code, in modules; scanners want some, and screen space is dear."""
INK = Style(color="#000000", bgcolor="#ffffff")
"""Foreground dark, background light: a cell's upper or lower half is dark where drawn."""
HALVES = {
    (False, False): " ",
    (True, False): "\u2580",
    (False, True): "\u2584",
    (True, True): "\u2588",
}
"""The character for a cell from whether its top and bottom modules are dark."""


def modules(text: str) -> list[list[bool]]:
    """The code's modules, dark as True, with the quiet zone around them."""
    import segno  # only when the join screen is first shown, not at every start

    code = segno.make(text, error="m", micro=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=QUIET_MODULES)]


def half_block_lines(dark: list[list[bool]], scale: int = 1) -> list[str]:
    """Lines of text drawing `dark`, each module `scale` cells wide and `scale` half-cells high."""
    rows = [[m for m in row for _ in range(scale)] for row in dark for _ in range(scale)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
    ]


class QrCode(Widget):
    """The QR code of `text`, at the largest whole scale that fits this widget."""

    DEFAULT_CSS = """
    QrCode { width: 1fr; height: 1fr; }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._dark = modules(text)
        self._lines: list[str] = []
        self._for_size: tuple[int, int] | None = None

    @property
    def scale(self) -> int:
        side = len(self._dark)
        width, height = self.size
        return max(1, min(width // side, (height * 2) // side))

    def render_line(self, y: int) -> Strip:
        if self._for_size != tuple(self.size):
            self._for_size = (self.size.width, self.size.height)
            self._lines = half_block_lines(self._dark, self.scale)
        top = max(0, (self.size.height - len(self._lines)) // 2)  # centred both ways
        if not top <= y < top + len(self._lines):
            return Strip.blank(self.size.width)
        line = self._lines[y - top]
        left = max(0, (self.size.width - len(line)) // 2)
        return Strip([Segment(" " * left), Segment(line, INK)]).crop(0, self.size.width)
