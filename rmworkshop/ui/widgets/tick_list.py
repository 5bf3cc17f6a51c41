"""A list of people to tick: the state shows as ``[x]`` or ``[ ]``, not by colour alone.

Textual's `SelectionList` draws ticked and unticked rows with the same ``X`` in another
brightness, wraps from the last row to the first and opens with no row highlighted. Here the
cursor starts on the first row and stops at either end, so a key pressed once too often never
lands on somebody at the other end of the list.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[x] "
UNTICKED = "[ ] "


class TickList(SelectionList[str]):
    def _get_left_gutter_width(self) -> int:
        return len(TICKED)

    def render_line(self, y: int) -> Strip:
        # OptionList's own line, without SelectionList's coloured button before it.
        line = super(SelectionList, self).render_line(y)
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        style = segments[0].style if segments else self.rich_style
        mark = TICKED if selection.value in self._selected else UNTICKED
        return Strip([Segment(mark, style), *segments])

    def on_mount(self) -> None:
        self.start_on_a_row()

    def start_on_a_row(self) -> None:
        """Put the cursor on the first row when it is on none (at first, or after a refill)."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_cursor_down(self) -> None:
        if self.highlighted is None:
            self.start_on_a_row()
        elif self.highlighted < self.option_count - 1:
            self.highlighted += 1

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            self.start_on_a_row()
        elif self.highlighted > 0:
            self.highlighted -= 1

    def ticked_line(self, index: int) -> str:
        """A row as it reads on screen, for tests and screen readers: ``[x] Ana  (junior)``."""
        selection = self.get_option_at_index(index)
        mark = TICKED if selection.value in self._selected else UNTICKED
        return mark + str(selection.prompt)
