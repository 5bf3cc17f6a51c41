"""The check-in phase on the consoles: the facilitator sees how many pairs have answered and
never an answer while it runs, the pairs all away and who is in no pair; a participant at a
terminal sees who reads the answers, their pair, answers once, and is told it is sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import RadioButton, RadioSet

from rmworkshop.core.checkin import READERS, CheckinPair
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.roster import Person, Roster
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.local_participant import LocalParticipant
from tests.helpers import go_to, make_agenda
from tests.ui.pilot_helpers import drawn_text, other_process, settled, text_of, wait_until

SIZE = (120, 36)
SMALL = (80, 24)
HOSTILE = "[b]Zed[/b] [@click=app.quit]"
FOLLOW_UP = (
    ("Welcome back", "info", 2),
    ("Pair check-in", "checkin", 5),
    ("What changed", "share", 10),
)
PAIRS = [
    CheckinPair(("Ana",), ("Dee",), ("AI tools",)),
    CheckinPair(("Bo",), ("Carl", HOSTILE)),
    CheckinPair(("Yan",), ("Xi",)),  # neither is here today
]


@pytest.fixture
def follow_up(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.chdir(tmp_path)
    people = [
        Person(name=name, level=level)
        for name, level in (
            ("Ana", "junior"),
            ("Bo", "intern"),
            ("Carl", "senior"),
            ("Dee", "executive"),
            ("Eli", "junior"),
            (HOSTILE, "mid"),
        )
    ]
    with SessionStore.create(
        Path("follow-up.workshop"),
        make_agenda(phases=FOLLOW_UP, title="Follow-up"),
        "follow-up",
        clock,
        roster=Roster(people=people),
        seed=3,
    ) as store:
        store.set_checkin_pairs(PAIRS)
        yield store


async def test_the_facilitator_sees_counts_never_answers(
    follow_up: Store, clock: FakeClock
) -> None:
    go_to(follow_up, "checkin")
    app = make_facilitator(follow_up, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#checkin-count")))
        assert text_of(app, "#checkin-count").startswith("0 of 3 pairs have answered (0 people)")
        other = other_process(follow_up.path, clock)
        other.check_in("Ana", "2-3", "well", "SECRET-ANA learned prompts")
        other.check_in("Dee", "0", "stuck", "SECRET-DEE")
        other.check_in(HOSTILE, "4+", "ended", "[red]SECRET-ZED[/red]")
        await wait_until(pilot, lambda: text_of(app, "#checkin-count").startswith("2 of 3"))
        assert "(3 people)" in text_of(app, "#checkin-count")
        drawn = drawn_text(app)
        assert "SECRET" not in drawn and "stuck" not in drawn
        assert "SECRET" not in repr(app.session)
        away = text_of(app, "#checkin-away")
        assert "Yan, Xi" in away and "Ana" not in away
        assert text_of(app, "#checkin-unpaired").endswith(": Eli")
        assert READERS in text_of(app, "#checkin-readers")
        await pilot.press("greater_than_sign")
        await wait_until(pilot, lambda: app.session.kind == "share")
        answers = app.session.checkin.answers
        assert answers is not None and answers["dee"].note == "SECRET-DEE"


async def test_a_participant_answers_once_at_a_terminal(follow_up: Store, clock: FakeClock) -> None:
    go_to(follow_up, "checkin")
    app = ParticipantApp(
        LocalParticipant(other_process(follow_up.path, clock), clock), clock, name="Carl"
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#checkin-readers")))
        await settled(pilot)
        assert text_of(app, "#checkin-readers") == READERS
        assert text_of(app, "#checkin-pair") == f"Your pair: you and Bo, {HOSTILE}."
        await pilot.click("#checkin-note")
        await pilot.press(*"no choice yet", "enter")
        assert "Pick how often" in text_of(app, "#checkin-error")
        met = app.screen.query_one("#checkin-met", RadioSet)
        going = app.screen.query_one("#checkin-going", RadioSet)
        met.query(RadioButton)[2].value = True  # 2-3 times
        going.query(RadioButton)[1].value = True  # stuck
        # Each set learns its pick from a message: wait for both, as a person's keys would.
        await wait_until(
            pilot, lambda: met.pressed_button is not None and going.pressed_button is not None
        )
        await pilot.click("#checkin-note")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "sent" in text_of(app, "#checkin-status"))
        assert not app.screen.query_one("#checkin-met").display
    snapshot = other_process(follow_up.path, clock).snapshot()
    assert snapshot.checkin.answered == {"carl"}
    follow_up.next_phase()
    answers = follow_up.snapshot().checkin.answers
    assert answers is not None and answers["carl"] == ("2-3", "stuck", "no choice yet")


async def test_someone_in_no_pair_is_told_so(follow_up: Store, clock: FakeClock) -> None:
    go_to(follow_up, "checkin")
    app = ParticipantApp(
        LocalParticipant(other_process(follow_up.path, clock), clock), clock, name="Eli"
    )
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query("#checkin-pair")))
        await settled(pilot)
        assert text_of(app, "#checkin-pair").startswith("You are not in a pair")
        assert not app.screen.query_one("#checkin-note").display


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x36", "80x24"])
def test_checkin_phase_snapshot(
    snap_compare: Callable[..., bool], follow_up: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Two of three pairs answered (one person each way), one pair all away, Eli in none."""
    go_to(follow_up, "checkin")
    follow_up.check_in("Ana", "1", "well", "hidden")
    follow_up.check_in("Carl", "0", "stuck", "hidden too")
    assert snap_compare(make_facilitator(follow_up, clock), terminal_size=size)
