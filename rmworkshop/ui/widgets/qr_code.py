"""A QR code in the terminal, as large as the space it is given.

The code is drawn black on white whatever the theme, with a quiet zone, since phone cameras
look for dark modules on a light ground; it grows in whole modules to fill its widget, so it
can be read from the back of a room when the console is projected. The drawing itself is
`rmworkshop.qr`.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from rmworkshop.qr import half_block_lines, modules

INK = Style(color="#000000", bgcolor="#ffffff")
"""Foreground dark, background light: a cell's upper or lower half is dark where drawn."""


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
