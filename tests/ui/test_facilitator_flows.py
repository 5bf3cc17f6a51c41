"""Pilot tests of the facilitator console, one per flow, on a fake clock."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.facilitator.modals import ExportDialog, OwnersDialog
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.widgets.countdown import Countdown
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import (
    digits_of,
    one_idea_to_own,
    other_process,
    polled,
    table_rows,
    text_of,
)

SIZE = (120, 36)


async def test_start_screen_shows_agenda_people_and_join_commands(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        assert text_of(app, "#start-title") == "Cross-generational brainstorm"
        assert "rmworkshop join workshop.workshop" in text_of(app, "#start-join")
        assert "press j to open the room" in text_of(app, "#start-join")
        # Someone joins from another process: the people list follows without a keystroke.
        other_process(store.path, clock).add_person("[b]Zoe[/b]", "intern")
        await polled(pilot)
        await pilot.pause()
        assert "[b]Zoe[/b]" in text_of(app, "#start-people-list")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert app.session.is_started


async def test_whole_session_from_start_to_export(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    path = store.path
    app = make_facilitator(store, clock)
    others = other_process(path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "greater_than_sign")
        await pilot.pause()
        assert app.session.kind == "capture"
        for text in ("Pair seniors with new hires", "Async stand-ups", "Tool show-and-tell"):
            others.submit(text)
        await polled(pilot)
        await pilot.pause()
        assert digits_of(app, "#idea-count") == "3"
        await pilot.press("r")
        await pilot.pause()
        assert len(table_rows(app, "#board")) == 3
        await pilot.press("greater_than_sign")  # share
        await pilot.press("n")
        clock.advance(40)
        await pilot.press("n", "n", "n", "n", "e")
        await pilot.press("greater_than_sign")  # vote
        await pilot.pause()
        assert app.session.voting.opened
        others.cast_ballot("Ana", {1: 1})
        others.cast_ballot("Bo", {1: 1})
        await polled(pilot)
        await pilot.press(
            "c", "y", "greater_than_sign", "greater_than_sign"
        )  # close, discuss, actions
        await pilot.pause()
        assert app.session.phase.name == "Action planning"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OwnersDialog)
        await pilot.press("down", "space", "ctrl+s")
        await pilot.press("greater_than_sign", "greater_than_sign")  # closing, finished
        await pilot.pause()
        assert app.session.is_finished
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("x", "greater_than_sign")  # keys still pressed as it opens, unasked
        await pilot.press("enter")
        await pilot.pause()
        assert "Ana" in text_of(app, "#top-ideas") or "Bo" in text_of(app, "#top-ideas")
    written = outcome_files.load(Path("workshop-outcomes.toml"))
    assert Path("workshop-outcomes.md").exists()
    assert written.voting.ballots == 2
    assert written.ideas[0].votes == 2 and written.ideas[0].rank == 1
    assert written.ideas[0].owners, "the owner picked in the dialog is exported"
    assert [p.actual_seconds for p in written.phases][2] >= 40
    assert written.airtime.levels


async def test_pause_extend_and_overrun(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        countdown = app.screen.query_one(Countdown)
        assert countdown.value == "05:00"
        clock.advance(60)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert countdown.value == "04:00"
        await pilot.press("space")  # pause
        clock.advance(120)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert countdown.value == "04:00"
        assert "PAUSED" in text_of(app, "#phase-state")
        await pilot.press("space", "plus")  # resume, extend by a minute
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert countdown.value == "05:00"
        clock.advance(5 * 60 - 30)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert countdown.has_class("-last-minute")
        clock.advance(95)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert countdown.value == "+01:05"
        assert countdown.has_class("-overrun")
        assert "OVERRUN" in text_of(app, "#phase-state")
    reopened = SessionStore.open(Path("workshop.workshop"), clock)
    assert reopened.snapshot().remaining(clock.now()) == -65


async def test_share_round_with_a_pass(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert app.session.kind == "share"
        assert text_of(app, "#queue").index("Bo") < text_of(app, "#queue").index("Dee")
        order = [m.name for m in app.session.speaking_order()]
        assert order[0] == "Bo" and order[-1] == "Dee"  # intern first, executive last
        await pilot.press("n")
        await pilot.pause()
        assert "Bo" in text_of(app, "#speaker")
        await pilot.press("p")  # Bo passes
        await pilot.pause()
        assert "Passed this round" in text_of(app, "#passed") and "Bo" in text_of(app, "#passed")
        for _ in range(4):
            await pilot.press("n")
            clock.advance(30)
        await pilot.press("n")  # Bo's second chance comes last
        await pilot.pause()
        assert "Bo" in text_of(app, "#speaker")
        clock.advance(100)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert digits_of(app, "#turn-clock") == "+00:10"
        await pilot.press("e")
        await pilot.pause()
        assert "Everyone present has had a turn in round 1" in text_of(app, "#queue")
        assert "n starts round 2" in text_of(app, "#queue")
        await pilot.press("n")  # a second round is a choice, and the console says so
        await pilot.pause()
        assert any("Round 2 begins" in str(n.message) for n in app._notifications)
        await pilot.press("e")
    session = SessionStore.open(Path("workshop.workshop"), clock).snapshot()
    spoken = [session.by_id[t.person_id].name for t in session.turns if not t.passed]
    assert spoken[-2] == "Bo" and len(spoken) == 6
    assert [session.by_id[t.person_id].name for t in session.turns if t.passed] == ["Bo"]


async def test_discussion_queue(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    for _ in range(5):
        store.next_phase()  # info, capture, share, vote, discuss
    assert store.snapshot().kind == "discuss"
    others = other_process(store.path, clock)
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        others.hand("Dee", True)
        others.hand("Carl", True)
        others.hand("Ana", True)
        await polled(pilot)
        await pilot.pause()
        assert [m.name for m in app.session.hand_queue()] == ["Ana", "Carl", "Dee"]
        assert text_of(app, "#speaker").startswith("Nobody has the floor")
        await pilot.press("n")
        await pilot.pause()
        assert "Ana" in text_of(app, "#speaker")
        clock.advance(20)
        others.hand("Ana", True)  # Ana again: she has spoken, so she goes after the others
        await polled(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "Carl" in text_of(app, "#speaker")
        assert [m.name for m in app.session.hand_queue()] == ["Dee", "Ana"]


async def test_vote_with_a_tie(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    store.next_phase()
    store.next_phase()
    for text in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        store.submit(text)
    store.next_phase()
    store.next_phase()
    others = other_process(store.path, clock)
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.kind == "vote"
        status = text_of(app, "#vote #board-status")
        assert "Ballots 0/5" in status and "2 dots each" in status and "at most 3" in status
        others.cast_ballot("Ana", {1: 2})
        others.cast_ballot("Bo", {2: 2})
        others.cast_ballot("Carl", {3: 1})
        await polled(pilot)
        await pilot.pause()
        assert "Ballots 3/5" in text_of(app, "#vote #board-status")
        assert app.screen.query_one("#vote #results").display is False  # no tallies yet
        await pilot.press("c", "y")  # closing asks first
        await pilot.pause()
        rows = table_rows(app, "#vote #results")
        assert rows[0][:3] == ["1=", "2", "1"] and rows[1][:3] == ["1=", "2", "2"]
        assert rows[2][:3] == ["3", "1", "3"]
        assert rows[3][0] == "4="


async def test_owner_assignment(make_store: MakeStore, clock: FakeClock) -> None:
    store = one_idea_to_own(make_store())
    assert store.snapshot().kind == "actions"
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OwnersDialog)
        await pilot.press("space", "down", "space", "tab")  # Bo, then Ana
        await pilot.press(*"2026-12-15", "tab", *"Book the first lunch")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        row = table_rows(app, "#actions #results")[0]
        assert row[3] == "Bo, Ana" and row[4] == "2026-12-15" and row[5] == "Book the first lu…"
        assert "first step: Book the first lunch" in text_of(app, "#board-detail"), "whole"
        await pilot.press("o", "tab", *"someday", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OwnersDialog), "a bad date keeps the dialog open"
        assert "not a date" in text_of(app, "#owner-error")
    idea = SessionStore.open(Path("workshop.workshop"), clock).snapshot().votable[0]
    assert idea.owners == ("Bo", "Ana") and idea.first_step == "Book the first lunch"


async def test_resume_after_close_mid_phase(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "greater_than_sign")
        clock.advance(100)
        app.tick()
        await pilot.pause()  # the screen redraws on the tick message
        assert app.screen.query_one(Countdown).value == "08:20"
    # The console is gone (as after a crash); time moves on; the file is opened again.
    clock.advance(30)
    resumed = make_facilitator(SessionStore.open(Path("workshop.workshop"), clock), clock)
    async with resumed.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(resumed.screen, LiveScreen)
        assert resumed.session.kind == "capture"
        assert resumed.screen.query_one(Countdown).value == "07:50"


async def test_closing_summary_counts_votes_and_says_when_more_are_tied(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    while not store.snapshot().is_started or store.snapshot().kind != "capture":
        store.next_phase()
    for text in ("one", "two", "three", "four", "five", "six", "seven"):
        store.submit(text)
    while store.snapshot().kind != "vote":
        store.next_phase()
    store.cast_ballot("Ana", {1: 1})
    store.cast_ballot("Bo", {2: 2})
    store.close_voting(force=True)  # two ballots: closing them is deliberate
    while not store.snapshot().is_finished:
        store.next_phase()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # the export offered at the end can wait
        await pilot.pause()
        top = text_of(app, "#top-ideas")
    assert "(2 votes; no owner yet)" in top
    assert "(1 vote; no owner yet)" in top
    assert "(0 votes; no owner yet)" in top
    # Ranks 1, 2, then five ideas tied at 3: three of them fit in the top five.
    assert "and 2 more tied at rank 3" in top


async def test_start_screen_counts_who_has_joined_against_who_is_expected(
    make_store: MakeStore, clock: FakeClock
) -> None:
    from rmworkshop.store.contract import token_digest

    store = make_store()
    expected = len(store.snapshot().people)
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await polled(pilot)
        await pilot.pause()
        assert text_of(app, "#start-people-title") == f"People: 0 of {expected} joined on a device"
        assert "✓ joined" not in text_of(app, "#start-people-list")
        phone = other_process(store.path, clock)
        token = phone.join_device(kiosk=False)
        phone.claim(token_digest(token), "Ana", None)
        await polled(pilot)
        await pilot.pause()
        await polled(pilot)
        await pilot.pause()
        assert text_of(app, "#start-people-title") == f"People: 1 of {expected} joined on a device"
        ana = next(
            line for line in text_of(app, "#start-people-list").splitlines() if "Ana" in line
        )
        assert "✓ joined" in ana
