"""Present means in the room: before the first phase, where people join from devices, the
facilitator says whether the people who joined on no device are here; and the vote shows who
present has not voted yet, by name only."""

from __future__ import annotations

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.store.contract import token_digest
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.arrival import ARRIVAL_HELP, ArrivalDialog
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.widgets.tick_list import TickList
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import (
    drawn_literally,
    drawn_text,
    other_process,
    polled,
    text_of,
)

SIZE = (120, 36)


def _joined(store: Store, clock: FakeClock, *names: str) -> None:
    phone = other_process(store.path, clock)
    for name in names:
        phone.claim(token_digest(phone.join_device(kiosk=False)), name, None)


async def _to_question(pilot: object, app: object) -> None:
    await polled(pilot)  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]
    await polled(pilot)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_starting_asks_who_is_here_once_people_join_from_devices(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _joined(store, clock, "Ana", "Eli")
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _to_question(pilot, app)
        assert isinstance(app.screen, ArrivalDialog)
        assert "3 people on the list joined on no device" in text_of(app, "#arrival-question")
        listed = app.screen.query_one(TickList)
        rows = [listed.ticked_line(i) for i in range(listed.option_count)]
        # Most junior first, each ticked as here to begin with; those on a device not asked.
        assert rows == ["[x] Bo  (intern)", "[x] Carl  (senior)", "[x] Dee  (executive)"]
        await pilot.press("down", "space", "down", "space", "down", "down", "space", "space")
        await pilot.pause()
        rows = [listed.ticked_line(i) for i in range(listed.option_count)]
        assert rows == ["[x] Bo  (intern)", "[ ] Carl  (senior)", "[ ] Dee  (executive)"]
        await pilot.press("enter")
        await polled(pilot)
        await pilot.pause()
        assert not isinstance(app.screen, StartScreen), "the first phase started"
        said = [notice.message for notice in app._notifications]
        assert any("Not here yet: Carl, Dee" in line for line in said), said
    session = other_process(store.path, clock).snapshot()
    assert session.is_started
    assert {m.name for m in session.people if not m.present} == {"Carl", "Dee"}


@pytest.mark.parametrize(
    ("joined", "keys", "asked", "started"),
    [
        (("Ana",), ("enter",), True, True),  # starting at once keeps everyone present
        (("Ana",), ("escape",), True, False),  # back from the question starts nothing
        ((), (), False, True),  # a room without devices starts without asking
    ],
    ids=["at-once", "back", "no-devices"],
)
async def test_everyone_stays_present_unless_unticked(
    make_store: MakeStore,
    clock: FakeClock,
    joined: tuple[str, ...],
    keys: tuple[str, ...],
    asked: bool,
    started: bool,
) -> None:
    store = make_store()
    _joined(store, clock, *joined)
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _to_question(pilot, app)
        assert isinstance(app.screen, ArrivalDialog) is asked
        await pilot.press(*keys)
        await polled(pilot)
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) is not started
    session = other_process(store.path, clock).snapshot()
    assert session.is_started is started
    assert len(session.present) == len(session.people)


async def test_someone_not_here_yet_is_present_on_joining(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    _joined(store, clock, "Ana")
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _to_question(pilot, app)
        await pilot.press("space", "down", "space", "down", "space", "down", "space", "enter")
        await polled(pilot)
        await pilot.pause()
        assert text_of(app, "#people-line").startswith("1 present of 5 people")
    later = other_process(store.path, clock)
    assert not later.snapshot().by_name["bo"].present
    _joined(later, clock, "Bo")  # before voting: arriving is enough
    assert later.snapshot().by_name["bo"].present


async def test_the_vote_shows_who_has_not_voted_yet(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.start()
    store.next_phase()
    for text in ("alpha", "beta", "gamma"):
        store.submit(text)
    store.next_phase()
    store.next_phase()
    store.set_present("Dee", False)
    others = other_process(store.path, clock)
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.kind == "vote"
        # Most junior level first; someone away is not waited for.
        assert text_of(app, "#vote #not-voted") == "Not voted yet: Bo, Ana, Eli, Carl"
        others.cast_ballot("Ana", {1: 1})
        others.cast_ballot("Carl", {2: 1})
        await polled(pilot)
        await pilot.pause()
        assert text_of(app, "#vote #not-voted") == "Not voted yet: Bo, Eli"
        others.cast_ballot("Bo", {1: 1})
        others.cast_ballot("Eli", {3: 1})
        await polled(pilot)
        await pilot.pause()
        assert text_of(app, "#vote #not-voted") == "Everyone present has voted."


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
async def test_the_arrival_help_wraps_in_a_narrow_terminal(
    make_store: MakeStore, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Every word of the dialog's help is drawn, wrapped, never cut off at the edge."""
    store = make_store()
    _joined(store, clock, "Ana")
    app = make_facilitator(store, clock)
    async with app.run_test(size=size) as pilot:
        await _to_question(pilot, app)
        assert isinstance(app.screen, ArrivalDialog)
        drawn = drawn_text(app, "#arrival-help")
        assert drawn_literally(ARRIVAL_HELP, drawn), drawn
