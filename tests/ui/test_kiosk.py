"""Pilot tests of the kiosk (`rmworkshop kiosk`): one terminal passed round the room."""

from __future__ import annotations

from typing import Any

from textual.widgets import ContentSwitcher, DataTable, Input, OptionList, Static

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.ui.participant.app.kiosk import IDLE_SECONDS, KioskApp
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import (
    PANEL_FOR_KIND,
    other_process,
    polled,
    table_rows,
    text_of,
)

SIZE = (100, 30)
IDEAS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta")


def _to(store: Store, kind: str) -> None:
    while not store.snapshot().is_started or store.snapshot().kind != kind:
        store.next_phase()


def _voting(store: Store) -> None:
    _to(store, "capture")
    for text in IDEAS:
        store.submit(text)
    _to(store, "vote")


def voters(app: KioskApp) -> list[str]:
    options = app.screen.query_one("#voters", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def panel(app: KioskApp) -> str | None:
    return app.screen.query_one("#panels", ContentSwitcher).current


def everything_shown(app: KioskApp) -> str:
    """Every piece of text on the kiosk's screen, to prove what it does not show."""
    parts = [str(widget.render()) for widget in app.screen.query(Static)]
    parts += [widget.value for widget in app.screen.query(Input)]
    return "\n".join(parts)


async def _pick(pilot: Any, app: KioskApp, name: str) -> None:
    """Choose `name` in "who is voting?" from the keyboard."""
    names = voters(app)
    await pilot.press("home", *["down"] * names.index(name), "enter")
    await pilot.pause()
    assert app.me == name


async def test_capture_thanks_and_forgets_the_idea(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _to(store, "capture")
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert panel(app) == "capture"
        await pilot.press(*"[b]my secret idea[/b]", "enter")
        await pilot.pause()
        assert app.screen.query_one("#idea", Input).value == ""
        assert "Thank you" in text_of(app, "#kiosk-note")
        assert "my secret idea" not in everything_shown(app)
        assert app.my_ideas == []  # no history kept, not even in memory
        await pilot.press("space", "enter")
        await pilot.pause()
        assert "blank" in text_of(app, "#kiosk-note")
        await pilot.press("x")  # the next person starts typing: the old message goes
        await pilot.pause()
        assert text_of(app, "#kiosk-note") == ""
    store.reveal()
    assert [idea.text for idea in store.snapshot().ideas] == ["[b]my secret idea[/b]"]


async def test_three_people_vote_one_after_another(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _voting(store)
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert panel(app) == "vote"
        assert voters(app) == ["Ana", "Bo", "Carl", "Dee", "Eli"]
        for turn, name in enumerate(("Carl", "Ana", "Eli"), 1):
            await _pick(pilot, app, name)
            assert "Dots left: 2 of 2" in text_of(app, "#ballot-status")
            await pilot.press("plus", "down", "plus", "v", "v")
            await pilot.pause()
            assert app.me is None, "the screen returns to the start after a ballot"
            assert name not in voters(app), "who is voting? lists only people yet to vote"
            assert store.snapshot().voting.ballots == turn
        assert voters(app) == ["Bo", "Dee"]
        for name in ("Bo", "Dee"):
            await _pick(pilot, app, name)
            await pilot.press("plus", "v", "v")
            await pilot.pause()
        assert "Everyone who votes at this terminal has voted" in text_of(app, "#voters-note")
        assert not app.screen.query_one("#voters").display, "no empty list under the note"
    session = store.snapshot()
    assert {m.name for m in session.people if m.id in session.voting.voted} == {
        "Ana",
        "Bo",
        "Carl",
        "Dee",
        "Eli",
    }
    store.close_voting()
    assert sum(idea.votes or 0 for idea in store.snapshot().ideas) == 8  # 2 + 2 + 2 + 1 + 1


async def test_the_next_voter_sees_nothing_of_the_last_ballot(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """The cursor and the highlighted name start at the top for every voter."""
    store = make_store()
    _voting(store)
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _pick(pilot, app, "Ana")
        await pilot.press("down", "down", "down", "plus", "v", "v")  # Ana's dot on the 4th row
        await pilot.pause()
        assert app.me is None
        options = app.screen.query_one("#voters", OptionList)
        assert options.highlighted == 0
        await pilot.press("enter")  # the next person takes the first name
        await pilot.pause()
        assert app.me == voters(app)[0] == "Bo"
        table = app.screen.query_one("#ballot", DataTable)
        assert table.cursor_row == 0, "the cursor must not point at Ana's choice"
        await pilot.press("plus", "v", "v")
        await pilot.pause()
    assert store.snapshot().voting.ballots == 2


async def test_idle_ballot_is_put_away_and_nothing_cast(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _voting(store)
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _pick(pilot, app, "Bo")
        await pilot.press("plus", "plus")
        await pilot.pause()
        clock.advance(IDLE_SECONDS - 1)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert app.me == "Bo", "a minute has not passed since the last key"
        await pilot.press("minus")  # a key press restarts the minute
        clock.advance(IDLE_SECONDS - 1)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert app.me == "Bo"
        clock.advance(2)
        app.tick()
        await pilot.pause()
        assert app.me is None
        assert app.ballot == {}
        assert "Bo" in voters(app)
        assert app.screen.focused is app.screen.query_one("#voters")
        await pilot.press("v")  # nothing to cast from the start screen
        await pilot.pause()
    assert store.snapshot().voting.ballots == 0


async def test_escape_cancels_a_ballot(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _voting(store)
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _pick(pilot, app, "Dee")
        await pilot.press("plus", "escape")
        await pilot.pause()
        assert app.me is None
        assert "Dee" in voters(app)
    assert store.snapshot().voting.ballots == 0


async def test_idle_kiosk_clears_a_half_typed_idea(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    _to(store, "capture")
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"half an idea")
        clock.advance(IDLE_SECONDS + 1)
        app.tick()
        await pilot.pause()
        assert app.screen.query_one("#idea", Input).value == ""
    assert store.snapshot().idea_count == 0


async def test_voting_closed_mid_ballot_returns_to_the_start(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _voting(store)
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _pick(pilot, app, "Ana")
        store.close_voting(force=True)
        await polled(pilot)
        await pilot.pause()
        assert app.me is None
        # The half-built ballot is dropped, and the room's results are shown at once.
        assert table_rows(app, "#results"), "the ranked results, not a blank"
        await pilot.press("v")
    assert store.snapshot().voting.ballots == 0


async def test_every_phase_kind_on_the_kiosk(make_store: MakeStore, clock: FakeClock) -> None:
    """The kiosk follows the facilitator through a whole agenda that has every phase kind."""
    store = make_store("reverse-mentoring-kickoff")
    app = KioskApp(other_process(store.path, clock), clock)
    expected = PANEL_FOR_KIND
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Waiting for the facilitator" in text_of(app, "#phase-name")
        while not store.snapshot().is_finished:
            store.next_phase()
            await polled(pilot)
            await pilot.pause()
            session = store.snapshot()
            if session.is_finished:
                break
            seen.add(session.kind)
            assert text_of(app, "#phase-name") == session.phase.name
            assert panel(app) == expected[session.kind]
            if session.kind == "discuss":
                await pilot.press("h")  # a kiosk knows nobody: no hand to raise
                assert not session.hands
                assert "raises your hand" not in text_of(app, "#you")
            if session.kind == "share":
                assert [row for row in text_of(app, "#order").splitlines() if row.strip()]
            if session.kind == "actions":
                assert table_rows(app, "#results") is not None
                await pilot.press("o")  # nobody to volunteer
        assert "Thank you" in text_of(app, "#phase-name")
    assert seen == set(expected)
    assert not any(idea.owners for idea in store.snapshot().ideas)


async def test_quitting_the_kiosk_needs_ctrl_q_twice(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert app.ENABLE_COMMAND_PALETTE is False
        clock.advance(10)
        await pilot.press("ctrl+q")  # too late: asks again
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_kiosk_on_the_file_lists_nobody_a_device_holds_nor_anyone_away(
    make_store: MakeStore, clock: FakeClock
) -> None:
    from rmworkshop.core.errors import Refused
    from rmworkshop.store import token_digest
    from rmworkshop.ui.participant.local_participant import LocalParticipant

    store = make_store()
    store.claim(token_digest(store.join_device(kiosk=False)), "Ana", None)
    store.set_present("Bo", False)
    _voting(store)
    app = KioskApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert voters(app) == ["Carl", "Dee", "Eli"], "Ana's phone holds her name; Bo is away"
    kiosk = LocalParticipant(other_process(store.path, clock), clock, kiosk=True)
    try:
        for name in ("Ana", "Bo"):
            try:
                kiosk.cast({1: 1}, name)
            except Refused as refusal:
                assert "not on its list" in str(refusal)
            else:
                raise AssertionError(f"the kiosk cast for {name}")
    finally:
        kiosk.close()
    assert store.snapshot().voting.ballots == 0
