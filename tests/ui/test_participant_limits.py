"""A participant console, in a terminal or a kiosk, offers no facilitator action."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import KioskApp
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process

FACILITATOR_ACTIONS = {
    "next_phase",
    "back_phase",
    "pause",
    "extend",
    "reveal",
    "mark",
    "merge",
    "close_voting",
    "owners",
    "next_speaker",
    "pass_turn",
    "end_turn",
    "people",
    "export",
    "start",
}
FACILITATOR_KEYS = [
    "greater_than_sign",
    "less_than_sign",
    "space",
    "plus",
    "r",
    "m",
    "M",
    "c",
    "o",
    "n",
    "p",
    "e",
    "a",
    "x",
    "s",
    "enter",
]


def offered(app: App[Any]) -> set[str]:
    """Every action a key or the palette can reach on the current screen stack."""
    actions = {binding.action for _, binding in app._bindings}
    for screen in app.screen_stack:
        for node in [screen, *screen.walk_children()]:
            actions |= {binding.action for _, binding in node._bindings}
    return {action.split(".")[-1].split("(")[0] for action in actions}


def state(store: Store) -> tuple[object, ...]:
    session = store.snapshot()
    return (
        session.index,
        session.timer,
        session.voting,
        session.idea_count,
        session.ideas,
        session.turns,
        session.rounds,
        tuple(member.present for member in session.people),
    )


@pytest.mark.parametrize("kind", ["capture", "share", "vote", "actions"])
@pytest.mark.parametrize("console", ["join", "kiosk"])
async def test_no_facilitator_action_is_offered_or_reachable(
    make_store: MakeStore, clock: FakeClock, console: str, kind: str
) -> None:
    store = make_store()
    store.start()
    store.next_phase()
    for text in ("one", "two", "three"):
        store.submit(text)
    while store.snapshot().kind != kind:
        store.next_phase()
    connection = other_process(store.path, clock)
    app: ParticipantApp
    if console == "kiosk":
        app = KioskApp(connection, clock)
    else:
        app = ParticipantApp(connection, clock, name="Ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not offered(app) & FACILITATOR_ACTIONS
        before = state(store)
        for key in FACILITATOR_KEYS:
            if kind == "capture":
                break  # keys typed during capture go into the idea box
            if key == "o" and console != "kiosk":
                continue  # o volunteers this participant as an owner: their own action
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running
        assert state(store) == before


@pytest.mark.parametrize("kiosk", [False, True], ids=["console", "kiosk"])
async def test_the_idea_box_counts_to_the_limit_and_a_long_idea_stays_in_it(
    make_store: MakeStore, clock: FakeClock, kiosk: bool
) -> None:
    from textual.widgets import Input

    from rmworkshop.core.text import MAX_IDEA_CHARS
    from tests.helpers import go_to
    from tests.ui.pilot_helpers import Drawn, settled, wait_until

    store = make_store()
    go_to(store, "capture")
    backend = other_process(store.path, clock)
    app = KioskApp(backend, clock) if kiosk else ParticipantApp(backend, clock, name="Ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await wait_until(pilot, lambda: bool(app.screen.query("#idea-count")), within=5)
        assert Drawn(app).text("#idea-count").strip() == f"0/{MAX_IDEA_CHARS}"
        app.screen.query_one("#idea", Input).value = "x" * (MAX_IDEA_CHARS + 4)
        await settled(pilot)
        assert Drawn(app).text("#idea-count").strip() == (
            f"{MAX_IDEA_CHARS + 4}/{MAX_IDEA_CHARS}: 4 too many"
        )
        app.screen.query_one("#idea", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "at most" in Drawn(app).text(), within=5)
        assert app.screen.query_one("#idea", Input).value == "x" * (MAX_IDEA_CHARS + 4)
    assert store.snapshot().idea_count == 0
