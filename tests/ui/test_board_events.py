"""Board panels are built the first time their phase comes, while the console keeps running.

Commit 9488d71 made a board panel answer "which table is on show?" with None while it is still
being built, instead of crashing. A row event can no longer reach a panel that early: Textual
hands a widget its messages only after it has composed its tables. What can still come early is
a key check: a poll that lands while the panel is being built used to make it the current
panel, and Textual asks the screen whether m and M apply whenever it refreshes or dispatches
keys. Now the switcher waits until the panel is whole, and the key checks stay safe.
"""

from __future__ import annotations

import asyncio

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.facilitator.panels import BoardPanel
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.widgets.idea_board import IdeaBoard
from rmworkshop.ui.widgets.phase_panels import PhasePanels
from tests.helpers import go_to
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, table_rows, wait_until


async def test_keys_are_checked_safely_while_the_board_panel_is_being_built(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    store.submit_many(["Pair on tools", "Quiet Fridays", "Reverse office hours"])
    facilitator = make_facilitator(other_process(file_of(store), clock), clock)
    async with facilitator.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        if isinstance(facilitator.screen, StartScreen):
            await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(facilitator.screen, LiveScreen))
        screen = facilitator.screen
        switcher = screen.query_one(PhasePanels)
        assert switcher.current == "capture", "no board yet: the ideas are hidden"

        store.reveal()  # in another process: the next poll wants the board panel
        facilitator.reload()  # what the poll does on seeing the commit: once read, the build begins
        # Step the event loop one turn at a time, to stop where the panel exists but its
        # tables do not yet: the moment a key check used to crash on.
        while not switcher.query_children("#board-panel"):
            await asyncio.sleep(0)
        panel = switcher.query_children("#board-panel").first(BoardPanel)
        assert not panel.query(IdeaBoard), "the scenario needs a panel without its tables yet"
        facilitator.tell_screens()  # a second poll's redraw, now: it must wait for the panel
        assert switcher.current == "capture", "a half-built panel is never made current"
        # What Textual asks before it shows or runs a key; a crash here stops the console.
        for action in ("mark", "merge"):
            assert screen.check_action(action, ()) is False, action
        # A row event posted this early waits for the panel's tables: it is harmless too.
        panel.post_message(DataTable.RowHighlighted(IdeaBoard("board"), 0, RowKey("1")))

        # Once built, the board is drawn and its keys work.
        await wait_until(pilot, lambda: bool(screen.query("#board")))
        await wait_until(pilot, lambda: len(table_rows(facilitator, "#board")) == 3)
        assert screen.check_action("mark", ()) is True
        await pilot.press("m")
        await pilot.pause()
        assert facilitator.is_running
        assert len(screen.query_one("#board", IdeaBoard).marked) == 1
