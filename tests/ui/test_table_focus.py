"""The facilitator's tables take the keys when shown: the board of revealed ideas, the vote's
results, the actions table and the pairs table each have the focus and a cursor from the start,
so arrows work at once, m marks the row the cursor shows and Enter opens the idea selected."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import DataTable

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.modals import OwnersDialog
from tests.helpers import go_to
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, polled, settled, text_of, wait_until

SIZE = (80, 24)
IDEAS = ["Lunches", "Show-and-tell", "Unwritten rules", "Chair a meeting"]


def focused_table(app: App[Any]) -> DataTable[Any]:
    focused = app.focused
    assert isinstance(focused, DataTable), f"a table has the keys, not {focused!r}"
    return focused


def _revealed(store: Store) -> Store:
    go_to(store, "capture")
    for text in IDEAS:
        store.submit(text)
    store.reveal()
    return store


async def test_the_board_has_the_keys_once_ideas_are_revealed(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    for text in IDEAS:
        store.submit(text)
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("r")  # reveal: the capture count gives way to the board
        await wait_until(pilot, lambda: isinstance(app.focused, DataTable))
        board = focused_table(app)
        assert board.id == "board" and board.cursor_row == 0 and board.show_cursor
        await pilot.press("down", "m")
        await settled(pilot)
        assert "marked: #2" in text_of(app, "#board-status"), "the row the cursor shows"


async def test_the_results_take_the_keys_when_voting_closes(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = _revealed(make_store())
    go_to(store, "vote")
    store.cast_ballot("Ana", {2: 1})
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert focused_table(app).id == "board"
        other_process(store.path, clock).close_voting(force=True)
        await polled(pilot)
        await wait_until(pilot, lambda: getattr(app.focused, "id", None) == "results")


async def test_down_enter_in_actions_opens_the_idea_selected(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = _revealed(make_store())
    go_to(store, "vote")
    store.cast_ballot("Ana", {3: 1})
    store.close_voting(force=True)
    go_to(store, "discuss")
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("greater_than_sign")  # on to actions, as the facilitator does
        await wait_until(pilot, lambda: isinstance(app.focused, DataTable))
        table = focused_table(app)
        assert table.id == "results" and table.cursor_row == 0
        await pilot.press("down")
        second = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, OwnersDialog)
        assert text_of(app, "#owner-idea").startswith(f"#{second} ")


async def test_the_pairs_table_has_the_keys(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store("reverse-mentoring-kickoff")
    go_to(store, "pairs")
    store.back_phase()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: isinstance(app.focused, DataTable))
        table = focused_table(app)
        assert table.id == "pairs-table" and table.cursor_row == 0
        await pilot.press("down")
        assert table.cursor_row == 1
