"""Pilot tests of the participant console (`rmworkshop join`) in every phase kind."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.identify import IdentifyScreen
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, table_rows, text_of

SIZE = (100, 30)


def _to(store: SessionStore, kind: str) -> None:
    while not store.snapshot().is_started or store.snapshot().kind != kind:
        store.next_phase()


async def test_pick_a_name_or_join_with_a_level(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    app = ParticipantApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IdentifyScreen)
        await pilot.press("down", "down", "enter")  # names sorted: Ana, Bo, ...
        await pilot.pause()
        assert isinstance(app.screen, ParticipantScreen)
        assert app.me == "Bo"
    newcomer = ParticipantApp(
        other_process(store.path, clock), clock, name="[i]Gus[/i]", level="mid"
    )
    async with newcomer.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert newcomer.me == "[i]Gus[/i]"
        assert "you are [i]Gus[/i]" in text_of(newcomer, "#who")
    assert store.snapshot().person("[i]Gus[/i]") is not None


async def test_capture_keeps_own_ideas_in_memory_only(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"[b]Mine[/b]", "enter")
        await pilot.press("space", "enter")  # blank: refused with a message
        await pilot.pause()
        assert "[b]Mine[/b]" in text_of(app, "#mine")
        assert "blank" in text_of(app, "#capture-error")
    assert store.snapshot().idea_count == 1


async def test_share_shows_you_are_next_and_speaking(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _to(store, "share")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Bo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#you") == "You are next"
        store.turn_next()
        app.poll()
        await pilot.pause()
        assert text_of(app, "#you") == "You are speaking now"


async def test_discuss_hand_and_place(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _to(store, "discuss")
    store.hand("Dee", True)
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert "place 1 of 2" in text_of(app, "#you")  # junior before executive
        await pilot.press("h")
        await pilot.pause()
        assert "raises your hand" in text_of(app, "#you")
    assert [m.name for m in store.snapshot().hand_queue()] == ["Dee"]


async def test_vote_builds_and_casts_a_ballot_once(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _to(store, "capture")
    for text in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        store.submit(text)
    _to(store, "vote")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Eli")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Dots left: 2 of 2" in text_of(app, "#ballot-status")
        await pilot.press("plus", "plus", "plus")  # the third dot is over budget
        await pilot.pause()
        assert "Dots left: 0 of 2" in text_of(app, "#ballot-status")
        assert table_rows(app, "#ballot")[0][0] == "●●"
        await pilot.press("v")
        await pilot.pause()
        assert "Your ballot is cast" in text_of(app, "#ballot-status")
        await pilot.press("v")  # hidden and refused: cast once
    session = SessionStore.open(Path(store.path), clock).snapshot()
    assert session.voting.ballots == 1


async def test_actions_volunteer_and_info(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _to(store, "capture")
    store.submit("Lunch and learn")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Carl")
    async with app.run_test(size=SIZE) as pilot:
        _to(store, "actions")
        app.poll()
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert table_rows(app, "#results")[0][4] == "Carl"
        store.next_phase()  # closing: info
        app.poll()
        await pilot.pause()
        assert "Thank you" in text_of(app, "#big-prompt")
