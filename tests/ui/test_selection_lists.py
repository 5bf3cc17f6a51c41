"""The facilitator's lists of people (People, Owners, Hands): a tick reads without colour, the
cursor starts on a row and stops at either end, and each save says exactly what it changed."""

from __future__ import annotations

from typing import Any

from textual.app import App

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.facilitator.modals import OwnersDialog
from rmworkshop.ui.facilitator.people_dialogs import HandsDialog, PeopleDialog
from rmworkshop.ui.widgets.tick_list import TickList
from tests.helpers import go_to
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, polled, settled, text_of

SIZE = (80, 24)
ORDER = ["Bo", "Ana", "Eli", "Carl", "Dee"]
"""The test roster, most junior first, as every list shows it."""


def rows(app: App[Any], selector: str) -> list[str]:
    ticks = app.screen.query_one(selector, TickList)
    return [ticks.ticked_line(index) for index in range(ticks.option_count)]


def notices(app: App[Any]) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def _actions(store: Store) -> Store:
    go_to(store, "capture")
    store.submit("Reverse-mentoring lunches")
    go_to(store, "actions")
    return store


async def test_people_shows_ticks_as_glyphs_starts_on_a_row_and_does_not_wrap(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.start()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settled(pilot)
        assert isinstance(app.screen, PeopleDialog)
        people = app.screen.query_one("#people-list", TickList)
        assert people.highlighted == 0, "the cursor is on the first row from the start"
        assert rows(app, "#people-list")[0].startswith("[x] Bo")
        await pilot.press("up")
        assert people.highlighted == 0, "no wrap to the last row"
        await pilot.press(*["down"] * 9)
        assert people.highlighted == len(ORDER) - 1, "no wrap to the first row"
        await pilot.press("space")  # Dee, the last row: marked away
        await settled(pilot)
        assert rows(app, "#people-list")[-1].startswith("[ ] Dee")
        assert all(line.startswith("[x] ") for line in rows(app, "#people-list")[:-1])
        assert "Marked away: Dee." in notices(app)
        await pilot.press("space")
        await settled(pilot)
        assert "Marked present: Dee." in notices(app)
    assert all(m.present for m in other_process(store.path, clock).snapshot().people)


async def test_owners_keeps_a_volunteer_and_says_what_the_save_changed(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = _actions(make_store())
    store.set_owners(1, ["Dee"])
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settled(pilot)
        assert isinstance(app.screen, OwnersDialog)
        assert rows(app, "#owner-people") == [
            "[ ] Bo  (intern)",
            "[ ] Ana  (junior)",
            "[ ] Eli  (junior)",
            "[ ] Carl  (senior)",
            "[x] Dee  (executive)",
        ]
        # Eli volunteers from a phone while the dialog is open: the dialog shows it.
        other_process(store.path, clock).volunteer(1, "Eli")
        await polled(pilot)
        assert rows(app, "#owner-people")[2] == "[x] Eli  (junior)"
        await pilot.press("space", "down", "down", "down", "space", "down", "space")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, LiveScreen)
        assert "Owners of #1: Eli, Bo, Carl (added: Bo, Carl; removed: Dee)." in notices(app)
    owners = other_process(store.path, clock).snapshot().votable[0].owners
    assert owners == ("Eli", "Bo", "Carl"), "the volunteer is kept"


async def test_owners_refuses_a_past_due_date_in_the_dialog(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = _actions(make_store())
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settled(pilot)
        due = app.screen.query_one("#owner-due")
        assert getattr(due, "placeholder", "") == "YYYY-MM-DD", "no date that looks real"
        await pilot.press("tab", *"2020-01-01", "ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, OwnersDialog)
        assert "2020-01-01 has already passed" in text_of(app, "#owner-error")


async def test_the_facilitator_raises_and_lowers_a_hand_for_someone(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "discuss")
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.screen.check_action("hands", ()), "the core offers hands in discussion"
        await pilot.press("h")
        await settled(pilot)
        assert isinstance(app.screen, HandsDialog)
        assert rows(app, "#hands-list")[0] == "[ ] Bo  (intern)"
        await pilot.press("down", "space")
        await settled(pilot)
        assert "Hand raised: Ana." in notices(app)
        assert rows(app, "#hands-list")[1] == "[x] Ana  (junior)"
        assert [m.name for m in other_process(store.path, clock).snapshot().hand_queue()] == ["Ana"]
        await pilot.press("space")
        await settled(pilot)
        assert "Hand lowered: Ana." in notices(app)
        await pilot.press("escape")
        await settled(pilot)
    assert other_process(store.path, clock).snapshot().hand_queue() == []


async def test_hands_are_not_offered_outside_discussion(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "share")
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert not app.screen.check_action("hands", ())
