"""Typed text is never merged or lost: keys in a burst, pasted lines, the kiosk's clipboard."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import IDLE_SECONDS, KioskApp
from rmworkshop.ui.widgets.line_input import LineInput
from tests.helpers import go_to
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, wait_until

SIZE = (100, 30)


def burst(app: Any, *typed: str) -> None:
    """Each text then Enter, all queued at once, as a terminal delivers keys typed fast or sent
    by `tmux send-keys`: nothing waits for the screen between them."""
    for text in typed:
        for character in text:
            app.post_message(events.Key(character, character))
        app.post_message(events.Key("enter", "\r"))


def ideas(store: Store) -> list[str]:
    store.reveal()
    return sorted(idea.text for idea in store.snapshot().ideas)


async def test_a_burst_of_ideas_stores_each_once_as_typed(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "alpha", "beta", "gamma", "delta")
        await wait_until(pilot, lambda: len(app.my_ideas) == 4)
        assert app.screen.query_one("#idea", Input).value == ""
    assert ideas(store) == ["alpha", "beta", "delta", "gamma"]


async def test_a_burst_on_the_kiosk_stores_each_idea_once(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "one", "two", "three")
        await wait_until(pilot, lambda: store.snapshot().idea_count == 3)
        await pilot.pause()
        assert store.snapshot().idea_count == 3
    assert ideas(store) == ["one", "three", "two"]


async def test_pasted_lines_become_one_idea_and_the_console_says_so(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#idea", LineInput)
        field.post_message(events.Paste("Pair juniors with\n\nexecutives\r\nevery quarter\n"))
        await pilot.pause()
        assert field.value == "Pair juniors with executives every quarter"
        assert any("3 pasted lines" in n.message for n in app._notifications)
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.my_ideas) == 1)
    assert ideas(store) == ["Pair juniors with executives every quarter"]


async def test_kiosk_forgetting_also_empties_its_clipboard(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"my secret half idea", "ctrl+shift+a", "ctrl+x")
        field = app.screen.query_one("#idea", Input)
        assert field.value == "" and app.clipboard == "my secret half idea"
        clock.advance(IDLE_SECONDS + 1)  # the person walks off
        app.tick()
        await pilot.pause()
        assert app.clipboard == ""
        await pilot.press("ctrl+v")  # the next person pastes
        await pilot.pause()
        assert field.value == ""
