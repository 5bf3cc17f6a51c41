"""The row a table's cursor is on, by the key the row was added with."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor; None in an empty table."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def cursor_number(table: DataTable[Any]) -> int | None:
    """The idea number keying the row under the cursor; None in an empty table."""
    key = cursor_key(table)
    return int(key) if key else None
