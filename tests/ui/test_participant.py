"""Pilot tests of the participant console (`rmworkshop join`) in every phase kind."""

from __future__ import annotations

from textual.widgets import ContentSwitcher, DataTable, Input

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.text import MAX_IDEA_CHARS
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.identify import IdentifyScreen
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import (
    PANEL_FOR_KIND,
    other_process,
    polled,
    table_rows,
    text_of,
    wait_until,
)

SIZE = (100, 30)


def _to(store: Store, kind: str) -> None:
    while not store.snapshot().is_started or store.snapshot().kind != kind:
        store.next_phase()


async def test_pick_a_name_or_join_with_a_level(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    app = ParticipantApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IdentifyScreen)
        await pilot.press("down", "enter")  # names sorted, the first highlighted: Ana, Bo, ...
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


async def test_join_on_the_session_file_adds_nobody_once_voting_has_started(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """The README's promise: once voting has started, only the facilitator adds people."""
    store = make_store()
    _to(store, "vote")
    people = store.snapshot().people
    app = ParticipantApp(other_process(store.path, clock), clock, name="Mallory", level="junior")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.me is None
        assert isinstance(app.screen, IdentifyScreen), "asked who they are instead"
        said = [notice.message for notice in app._notifications]
        assert any("only the facilitator can add people" in line for line in said), said
        await pilot.press("enter")  # somebody already here may still pick their own name
        await pilot.pause()
        assert app.me == people[0].name
    assert store.snapshot().people == people, "no new voter"


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
        await polled(pilot)
        await pilot.pause()
        assert text_of(app, "#you") == "You are speaking now  01:30 left"
        clock.advance(75)  # the speaker's own countdown runs on their own screen
        app.tick()
        await pilot.pause()
        assert text_of(app, "#you") == "You are speaking now  00:15 left"
        clock.advance(20)
        app.tick()
        await pilot.pause()
        assert text_of(app, "#you") == "You are speaking now  00:05 over"
        store.pause()
        await polled(pilot)
        await pilot.pause()
        assert "paused by the facilitator" in text_of(app, "#phase-name")


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
    session = SessionStore.open(file_of(store), clock).snapshot()
    assert session.voting.ballots == 1


async def test_an_idea_over_the_limit_is_refused_not_cut_short(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#idea", Input)
        box.insert_text_at_cursor("y" * (MAX_IDEA_CHARS + 3))  # as a paste arrives
        await pilot.press("y", "y", "enter")  # and two more typed
        await pilot.pause()
        assert f"at most {MAX_IDEA_CHARS} characters" in text_of(app, "#capture-error")
        assert len(box.value) == MAX_IDEA_CHARS + 5, "kept, so it can be shortened"
        assert app.my_ideas == []
    assert store.snapshot().idea_count == 0


async def test_arrows_put_dots_on_long_ideas_shown_in_full_below(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _to(store, "capture")
    long_idea = "Let every new hire " + "really " * 40 + "shadow a leader for a day"
    for text in (long_idea, "beta", "gamma"):
        store.submit(text)
    _to(store, "vote")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Eli")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#ballot", DataTable)
        await pilot.press("right")
        await pilot.pause()
        first = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)
        assert app.ballot == {first: 1}, "right adds a dot; it does not scroll sideways"
        assert table.scroll_x == 0
        await pilot.press("left")
        await pilot.pause()
        assert not any(app.ballot.values())
        for _ in range(3):
            idea = app.session.idea(
                int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)
            )
            assert idea is not None
            assert idea.text in text_of(app, "#ballot-detail")  # the whole text, not cut
            await pilot.press("down")
            await pilot.pause()
        assert any("…" in str(row[2]) for row in table_rows(app, "#ballot"))


async def test_actions_volunteer_and_info(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _to(store, "capture")
    store.submit("Lunch and learn")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Carl")
    async with app.run_test(size=SIZE) as pilot:
        _to(store, "vote")
        store.close_voting(force=True)  # results are shown once voting has closed
        _to(store, "actions")
        await polled(pilot)
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert table_rows(app, "#results")[0][4] == "Carl"
        store.next_phase()  # closing: info
        await polled(pilot)
        await pilot.pause()
        assert "Thank you" in text_of(app, "#big-prompt")


async def test_join_follows_every_phase_kind(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store("reverse-mentoring-kickoff")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    expected = PANEL_FOR_KIND
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while True:
            store.next_phase()
            await polled(pilot)
            await pilot.pause()
            session = store.snapshot()
            if session.is_finished:
                break
            seen.add(session.kind)
            assert text_of(app, "#phase-name") == session.phase.name
            assert (
                app.screen.query_one("#panels", ContentSwitcher).current == expected[session.kind]
            )
            countdown = app.screen.query_one("#countdown")
            assert countdown.display
            if session.kind == "capture":
                await pilot.press(*"An idea", "enter")
            if session.kind in ("info", "break"):
                assert text_of(app, "#big-prompt") == (session.phase.prompt or session.phase.name)
        assert "Thank you" in text_of(app, "#phase-name")
    assert seen == set(expected)
    assert store.snapshot().idea_count >= 1


async def test_results_show_in_the_vote_phase_the_moment_voting_closes(
    make_store: MakeStore, clock: FakeClock
) -> None:
    from rmworkshop.participation.view import VOTE_CLOSED_PROMPT

    store = make_store()
    _to(store, "capture")
    store.submit("Lunch and learn")
    store.submit("Fewer status meetings")
    _to(store, "vote")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Carl")
    async with app.run_test(size=SIZE) as pilot:
        await polled(pilot)
        await pilot.pause()
        assert len(table_rows(app, "#ballot")) == 2
        assert text_of(app, "#prompt") != VOTE_CLOSED_PROMPT
        store.close_voting(force=True)
        await polled(pilot)
        await pilot.pause()
        assert store.snapshot().kind == "vote", "still the vote phase"
        assert len(table_rows(app, "#results")) == 2, "the ranked results, not a blank"
        assert text_of(app, "#prompt") == VOTE_CLOSED_PROMPT


async def test_casting_with_dots_left_asks_once_first(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _to(store, "capture")
    for text in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        store.submit(text)
    _to(store, "vote")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Eli")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Dots left: 2 of 2" in text_of(app, "#ballot-status")
        await pilot.press("plus", "v")
        await pilot.pause()
        assert "You still have 1 dot to give" in text_of(app, "#ballot-status")
        assert store.snapshot().voting.ballots == 0, "asked, not cast"
        await pilot.press("minus", "plus", "v")  # a change of dots asks again
        await pilot.pause()
        assert "You still have 1 dot to give" in text_of(app, "#ballot-status")
        assert store.snapshot().voting.ballots == 0
        await pilot.press("v")
        await wait_until(pilot, lambda: app.has_voted)
    assert store.snapshot().voting.ballots == 1


async def test_revealed_ideas_are_the_rooms_wall_in_the_share_round(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _to(store, "capture")
    store.submit("Lunch and learn")
    store.submit("[b]Fewer[/b] status meetings")
    store.submit("Open calendars")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Carl")
    async with app.run_test(size=SIZE) as pilot:
        await polled(pilot)
        store.reveal()
        _to(store, "share")
        await polled(pilot)
        await pilot.pause()
        wall = text_of(app, "#wall")
        assert "The room's ideas" in wall
        for text in ("Lunch and learn", "[b]Fewer[/b] status meetings", "Open calendars"):
            assert text in wall
