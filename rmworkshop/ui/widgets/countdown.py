"""The large phase countdown: mm:ss, warning colours in the last minute and when overrun."""

from __future__ import annotations

from textual.widgets import Digits

from rmworkshop.core.timer import format_remaining

LAST_MINUTE = 60.0


class Countdown(Digits):
    DEFAULT_CSS = """
    Countdown { width: auto; }
    Countdown.-last-minute { color: $warning; }
    Countdown.-overrun { color: $error; text-style: bold; }
    Countdown.-paused { color: $text-muted; }
    """

    def show(self, seconds: float, paused: bool = False, warn_below: float = LAST_MINUTE) -> None:
        text = format_remaining(seconds)
        if text != self.value:
            self.update(text)
        self.set_class(0 <= seconds < warn_below, "-last-minute")
        self.set_class(seconds < 0, "-overrun")
        self.set_class(paused, "-paused")
