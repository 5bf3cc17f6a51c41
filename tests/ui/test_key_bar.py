"""At 80 columns every console's key bar still draws the keys that matter: read from what the
screen draws, not from the bindings declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from rmworkshop.core.clock import FakeClock
from rmworkshop.files.outcomes import open_files
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.review.app.factory import make_review
from tests.review.conftest import TODAY, make_outcomes, write
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import drawn_text, other_process, settled

SMALL = (80, 24)
WIDE = (160, 24)

FACILITATOR_MINOR = {"export", "people", "quit", "extend"}
"""The only keys a facilitator may miss on the bar at 80 columns (help lists them)."""
REVIEW_MINOR = {"reload", "command_palette", "quit", "trends", "first_step"}
PARTICIPANT_MINOR = {"command_palette", "quit"}


def offered(app: App[Any]) -> dict[str, str]:
    """Each key the screen offers on its bar that does something now, by action, as the bar
    writes it (an action bound to several keys shows the first)."""
    keys: dict[str, str] = {}
    for _, binding, enabled, _ in app.screen.active_bindings.values():
        if binding.show and binding.description and enabled:
            keys.setdefault(binding.action, f"{app.get_key_display(binding)} {binding.description}")
    return keys


async def bar(pilot: Pilot[Any]) -> str:
    """The key bar as drawn, once the screen has settled and the bar has caught up."""
    await settled(pilot)
    await pilot.pause()
    return drawn_text(pilot.app, "Footer")


async def assert_drawn(
    pilot: Pilot[Any], minor: set[str], where: str, *, help_key: bool = True
) -> str:
    drawn = await bar(pilot)
    missing = [
        label
        for action, label in offered(pilot.app).items()
        if action not in minor and label not in drawn
    ]
    assert not missing, f"{where}: {missing} not drawn in {drawn!r}"
    if help_key:
        assert "? Help" in drawn, f"{where}: help lists every key, so it is always on the bar"
    return drawn


async def test_the_facilitator_keeps_its_keys_in_sight_in_every_phase(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SMALL) as pilot:
        await assert_drawn(pilot, FACILITATOR_MINOR, "start")
        await pilot.press("enter")
        seen: set[str] = set()
        while not app.session.is_finished:
            kind = app.session.kind
            if kind == "capture" and not app.session.votable:
                store.submit_many(["Async updates", "Explain acronyms", "Quiet Fridays"])
                app.poll()
            await assert_drawn(pilot, FACILITATOR_MINOR, kind)
            if kind in ("share", "discuss"):
                await pilot.press("n")  # someone has the floor: pass and end turn join in
                await assert_drawn(pilot, FACILITATOR_MINOR, f"{kind}, speaking")
            seen.add(kind)
            await pilot.press("greater_than_sign")
            await settled(pilot)
            if app.session.kind == "vote" and not app.session.votable:
                await pilot.press("r", "y")
        assert seen == {"info", "capture", "share", "vote", "discuss", "actions"}


async def test_the_facilitator_bar_shows_the_minor_keys_when_there_is_room(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.start()
    app = make_facilitator(store, clock)
    async with app.run_test(size=WIDE) as pilot:
        drawn = await bar(pilot)
        for label in ("+ +1 min", "a People", "^q Quit", "x Export"):
            assert label in drawn
        await pilot.resize_terminal(*SMALL)
        await settled(pilot)
        await assert_drawn(pilot, FACILITATOR_MINOR, "resized to 80 columns")


async def test_review_keys_stay_in_sight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = write(Path("first.toml"), make_outcomes())
    second = write(Path("second.toml"), make_outcomes("Second"))
    app = make_review(open_files([first]), TODAY)
    async with app.run_test(size=SMALL) as pilot:
        await assert_drawn(pilot, REVIEW_MINOR, "one session")
        await pilot.press("a")
        await assert_drawn(pilot, REVIEW_MINOR, "one session's figures")
    app = make_review(open_files([first, second]), TODAY)
    async with app.run_test(size=SMALL) as pilot:
        drawn = await assert_drawn(pilot, REVIEW_MINOR, "programme")
        assert "c Clear" not in drawn, "no filter to clear"
        await pilot.press("t", "down", "enter")  # only the open actions
        drawn = await assert_drawn(pilot, REVIEW_MINOR, "programme, filtered")
        assert "c Clear" in drawn
        await pilot.press("c", "enter")
        await assert_drawn(pilot, REVIEW_MINOR, "a session from the programme")
        await pilot.press("escape", "g")
        await assert_drawn(pilot, REVIEW_MINOR, "trends")


async def test_participant_keys_stay_in_sight(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    store.start()
    store.next_phase()
    store.submit_many(["Async updates", "Explain acronyms", "Quiet Fridays"])
    while store.snapshot().kind != "vote":
        store.next_phase()
    app = ParticipantApp(other_process(store.path, clock), clock, name="Eli")
    async with app.run_test(size=SMALL) as pilot:
        drawn = await assert_drawn(pilot, PARTICIPANT_MINOR, "vote", help_key=False)
        assert "v Cast ballot" in drawn
