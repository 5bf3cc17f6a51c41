"""The selected idea stays in view when its detail below the board grows."""

from __future__ import annotations

from textual.widgets import DataTable

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from tests.ui.conftest import MakeStore

SIZE = (120, 36)


def _row_in_view(table: DataTable[object]) -> bool:
    top = round(table.scroll_y)
    rows_shown = table.scrollable_content_region.height - 1  # less the header row
    return top <= table.cursor_row < top + rows_shown


async def test_walking_the_board_onto_a_long_idea_keeps_it_in_view(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    while not store.snapshot().is_started or store.snapshot().kind != "capture":
        store.next_phase()
    for i in range(30):
        store.submit(f"Short idea number {i}")
        store.submit(f"A very long idea {i} " + "that goes on " * 36)  # about 500 characters
    store.reveal()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#board", DataTable)
        table.focus()
        rows_shown = table.scrollable_content_region.height - 1
        longs = ["very long" in str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
        # A long idea just below a short one, far enough down that the board must scroll.
        long_row = next(
            row for row in range(rows_shown, len(longs)) if longs[row] and not longs[row - 1]
        )
        # Put the short idea on the board's last row in view, then step onto the long one:
        # its detail is taller, so the board shrinks under it.
        table.move_cursor(row=long_row - 1, scroll=False)
        table.scroll_to(y=long_row - rows_shown, animate=False)
        await pilot.pause()
        assert _row_in_view(table)
        await pilot.press("down")
        await pilot.pause()
        await pilot.pause()
        assert table.cursor_row == long_row
        assert _row_in_view(table), (table.cursor_row, table.scroll_y)
