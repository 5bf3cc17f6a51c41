"""Pilot tests of the participant console (`rmworkshop join`) in every phase kind."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher, DataTable, Input, Static

from rmworkshop.core import joincode
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.text import MAX_IDEA_CHARS
from rmworkshop.store import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.identify import IdentifyScreen
from rmworkshop.ui.participant.join_code_screen import JoinCodeScreen
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import (
    PANEL_FOR_KIND,
    other_process,
    polled,
    table_rows,
    text_of,
)

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
        assert text_of(app, "#you") == "You are speaking now"
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
    session = SessionStore.open(Path(store.path), clock).snapshot()
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


async def test_browser_console_asks_for_the_join_code_first(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    expected = joincode.digest("K7P-Q3M")
    app = ParticipantApp(other_process(store.path, clock), clock, join_digest=expected)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JoinCodeScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert store.snapshot().agenda.title not in shown
        await pilot.press(*"AAA-BBB", "enter")
        await pilot.pause()
        assert "not right" in text_of(app, "#code-error")
        assert isinstance(app.screen, JoinCodeScreen)
        assert store.join_failures()[0] == 1
        await pilot.press(*"k7p q3m", "enter")  # right, but within the 1 s wait
        await pilot.pause()
        assert "Wait 1 s" in text_of(app, "#code-error")
        assert isinstance(app.screen, JoinCodeScreen)
        clock.advance(1.5)
        await pilot.press("enter")  # the code is still typed; case and spaces do not matter
        await pilot.pause()
        assert isinstance(app.screen, IdentifyScreen)


async def test_wrong_codes_slow_down_every_browser_console(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """A reload starts a new console process; the wait is kept in the session file."""
    store = make_store()
    expected = joincode.digest("K7P-Q3M")
    for _ in range(3):
        app = ParticipantApp(other_process(store.path, clock), clock, join_digest=expected)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"WRONG1", "enter")
            await pilot.pause()
            clock.advance(joincode.delay_after(store.join_failures()[0]))
    assert store.join_failures()[0] == 3
    app = ParticipantApp(other_process(store.path, clock), clock, join_digest=expected)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"WRONG2", "enter")
        await pilot.pause()
        assert "try again in 8 s" in text_of(app, "#code-error")
        await pilot.press(*"K7PQ3M", "enter")
        await pilot.pause()
        assert "Wait 8 s" in text_of(app, "#code-error")
    clock.advance(joincode.FAILURE_WINDOW_SECONDS + 1)
    assert store.join_failures() == (0, None), "old wrong codes stop counting"


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
