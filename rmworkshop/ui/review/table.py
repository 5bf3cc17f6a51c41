"""A table that draws only the rows on screen, for lists of tens of thousands of ideas.

DataTable measures every cell of every row it is given: 50,000 ideas took over ten seconds
to reach the first frame, and each refilter as long again. This table keeps its rows as
plain data and turns only the visible ones into `Text` cells, so filling or filtering it
costs no more than building a Python list. Cells are always `Text`: never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")
GAP = 1
"""Spaces between columns, and before the first one."""


FLEXIBLE_MIN = 16
"""A flexible column gets at least this many cells before fixed columns shrink."""


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 0
    """Cells wide; 0 takes whatever room the other columns leave."""
    justify: Literal["left", "right"] = "left"
    min_width: int = 0
    """On a narrow screen the column may shrink to this (0: it never shrinks)."""


class RowTable(ScrollView, Generic[RowT], can_focus=True):
    COMPONENT_CLASSES = {"row-table--header", "row-table--cursor", "row-table--odd"}
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        overflow-x: hidden;
        height: 1fr;
        & > .row-table--header { text-style: bold; background: $panel; }
        & > .row-table--cursor { background: $block-cursor-blurred-background; }
        & > .row-table--odd { background: $surface-darken-1 40%; }
        &:focus > .row-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
    ]

    class Highlighted(Message):
        """The cursor is on another row (or the rows changed under it)."""

        def __init__(self, table: RowTable[Any]) -> None:
            super().__init__()
            self.table = table

    class Selected(Message):
        """A double click on a row; screens bind Enter to whatever opening means there."""

        def __init__(self, table: RowTable[Any]) -> None:
            super().__init__()
            self.table = table

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[RowT], Sequence[Text]],
        key: Callable[[RowT], Hashable],
        *,
        empty: str = "Nothing to show.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._columns = list(columns)
        self._cells = cells
        self._key = key
        self._empty = empty
        self._rows: Sequence[RowT] = ()
        self._cursor = 0
        self._width_cache: dict[int, list[int]] = {}

    # -- data --------------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def current(self) -> RowT | None:
        return self._rows[self._cursor] if self._rows else None

    def set_rows(self, rows: Sequence[RowT], empty: str | None = None) -> None:
        """Show these rows, keeping the cursor on the same row if it is still there."""
        current = self.current
        position = self._cursor
        if current is not None:
            wanted = self._key(current)
            position = next((n for n, row in enumerate(rows) if self._key(row) == wanted), position)
        self._rows = rows
        if empty is not None:
            self._empty = empty
        self.virtual_size = Size(0, len(rows) + 1)
        self._cursor = -1  # so that the move below always announces the row
        self.move_to(position)
        self.refresh()

    def move_to(self, index: int) -> None:
        last = len(self._rows) - 1
        index = max(0, min(last if index < 0 else index, last))
        changed = index != self._cursor
        self._cursor = index
        top = round(self.scroll_y)
        visible = max(1, self.size.height - 1)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + visible:
            self.scroll_to(y=index - visible + 1, animate=False, immediate=True)
        self.refresh()
        if changed:
            self.post_message(self.Highlighted(self))

    def plain(self, index: int) -> list[str]:
        """One row's cells as plain text, as a test or a screen reader would read them."""
        return [cell.plain for cell in self._cells(self._rows[index])]

    # -- keys and mouse ----------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.move_to(max(0, self._cursor + step))

    def action_page(self, pages: int) -> None:
        self.action_move(pages * max(1, self.size.height - 2))

    def action_move_to(self, index: int) -> None:
        self.move_to(index)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        index = event.y - 1 + round(self.scroll_y)
        if event.y >= 1 and 0 <= index < len(self._rows):
            self.move_to(index)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self) -> None:
        self.move_to(self._cursor)

    # -- drawing -----------------------------------------------------------------------------
    def _widths(self, width: int) -> list[int]:
        """Column widths for a screen `width` wide: the flexible columns share the room
        left, and when that is too little, shrinkable columns give up cells, widest first."""
        cached = self._width_cache.get(width)
        if cached is not None:
            return cached
        widths = [column.width for column in self._columns]
        flexible = sum(1 for column in self._columns if not column.width) or 1
        room = width - sum(widths) - GAP * (len(widths) + 1)
        while room < FLEXIBLE_MIN * flexible:
            shrinkable = [
                n for n, column in enumerate(self._columns) if widths[n] > column.min_width > 0
            ]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda n: widths[n] - self._columns[n].min_width)
            widths[widest] -= 1
            room += 1
        share = max(8, room // flexible)
        result = [w or share for w in widths]
        self._width_cache[width] = result
        return result

    def _line(self, cells: Sequence[Text], width: int, style: Style) -> Strip:
        line = Text(" " * GAP, no_wrap=True, end="")
        widths = self._widths(width)
        for column, cell_width, cell in zip(self._columns, widths, cells, strict=False):
            piece = cell.copy()
            piece.truncate(cell_width, overflow="ellipsis")
            padding = " " * (cell_width - piece.cell_len)
            if column.justify == "right":
                line.append(padding)
                line.append_text(piece)
            else:
                line.append_text(piece)
                line.append(padding)
            line.append(" " * GAP)
        strip = Strip(list(line.render(self.app.console)), line.cell_len)
        return strip.crop_extend(0, width, None).apply_style(style)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("row-table--header")
            return self._line([Text(column.label) for column in self._columns], width, header)
        index = y - 1 + round(self.scroll_y)
        if not self._rows and y == 1:
            empty = Text(" " * GAP + self._empty, style="italic", no_wrap=True, end="")
            empty.truncate(width, overflow="ellipsis")
            strip = Strip(list(empty.render(self.app.console)), empty.cell_len)
            return strip.crop_extend(0, width, None).apply_style(base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        style = base
        if index == self._cursor:
            style = base + self.get_component_rich_style("row-table--cursor")
        elif index % 2:
            style = base + self.get_component_rich_style("row-table--odd")
        return self._line(self._cells(self._rows[index]), width, style)
