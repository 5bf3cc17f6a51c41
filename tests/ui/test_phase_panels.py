"""Phase panels are built the first time their phase comes; a redraw meanwhile must wait."""

from __future__ import annotations

import asyncio

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.widgets.phase_panels import PhasePanels
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process

SIZE = (100, 30)


@pytest.mark.parametrize("redraw", ["poll", "stray Built"])
async def test_a_redraw_while_a_panel_is_built_waits_for_it(
    make_store: MakeStore, clock: FakeClock, redraw: str
) -> None:
    store = make_store()
    store.start()  # info: the console builds only the info panel
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        store.next_phase()  # capture
        app.reload()  # the poll sees the commit (in a worker) and the capture panel is built
        switcher = app.screen.query_one(PhasePanels)
        while not switcher.query_children("#capture"):
            await asyncio.sleep(0)  # the panel is in the DOM; its input may not be yet
        if redraw == "poll":
            app.tell_screens()  # what a poll posts: a redraw from the same snapshot, now
        else:
            switcher.post_message(PhasePanels.Built())
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*"my idea", "enter")
        await pilot.pause()
        assert app.is_running
        assert app.focused is app.screen.query_one("#idea"), "the new panel takes the keys"
    assert store.snapshot().idea_count == 1
