"""A participant's own ideas are listed as the store kept them, not cleaned a second time."""

from __future__ import annotations

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import text_of


class MarkingStore(SessionStore):
    """The real store, whose answer to a submit is told apart from the text typed."""

    def submit(self, text: str) -> str:
        return super().submit(text) + " (as stored)"


async def test_the_console_remembers_the_text_the_store_returned(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """Fails on the old code, which cleaned the typed text a second time instead of using
    what the store returned."""
    store = make_store()
    while not store.snapshot().is_started or store.snapshot().kind != "capture":
        store.next_phase()
    app = ParticipantApp(MarkingStore.open(file_of(store), clock), clock, name="Ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"[b]Mine[/b]", "enter")
        await pilot.pause()
        assert app.my_ideas == ["[b]Mine[/b] (as stored)"]
        assert "[b]Mine[/b] (as stored)" in text_of(app, "#mine")
    app.store.close()
