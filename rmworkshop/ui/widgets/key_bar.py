"""The key bar at the foot of every console: Textual's footer, compact, whose minor keys give way
when the keys do not fit on one line.

Textual's footer is one line that scrolls sideways, and scrolling it needs a mouse: at 80
columns the keys past the right edge were simply not there. Here a screen names its minor keys
(by action, the first named gives way first); while the line is too narrow for every key, the
keys that do nothing now (drawn dimmed) leave the bar first, then the minor ones one by one, and
the keys that matter stay in sight. Help (`?`) and the command palette still list every key.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Footer

KEY = "FooterKey"
"""The footer's keys, by the name of their widget type (a type Textual does not export)."""
PALETTE = "command_palette"
"""The action of the command palette's key, on the right of the bar when it is shown."""


class KeyBar(Footer):
    def __init__(self, *, give_way: Sequence[str] = (), show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=True)
        self._give_way = tuple(give_way)

    async def recompose(self) -> None:
        """Keys are made anew whenever the screen's bindings change; then they are fitted."""
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show every key that fits, hiding the dimmed keys, then the minor ones, first named
        first, until all fit."""
        keys = list(self.query_children(KEY))
        room = self.size.width
        if not keys or not room:
            return
        widths = {key: _width(key) for key in keys}
        needed = sum(widths.values())
        for key in keys:
            key.display = True
        dimmed = [key for key in keys if key.has_class("-disabled")]
        minor = [
            key for action in self._give_way for key in keys if getattr(key, "action", "") == action
        ]
        for key in [*dimmed, *minor]:
            if needed <= room:
                break
            if key.display:
                key.display = False
                needed -= widths[key]


def _width(key: Widget) -> int:
    """Columns the key takes on the bar: its key and description, padding, border and margin."""
    shown = key.render()
    text = shown.cell_len if isinstance(shown, Text) else key.size.width
    return text + key.styles.gutter.width + key.styles.margin.width
