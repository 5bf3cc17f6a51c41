"""The facilitator's owners dialog follows the one due-date rule: it refuses a week date, and
an emptied field removes what was set."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input

from rmworkshop.core.clock import FakeClock
from rmworkshop.exporting import session_outcomes
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.modals import OwnersDialog
from tests.core.test_dates import NOT_CALENDAR_DATES
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import one_idea_to_own, text_of


@pytest.mark.parametrize("typed", ["2026-W50-1", "20261215"])
async def test_the_owners_dialog_refuses_a_week_date(
    make_store: MakeStore, clock: FakeClock, typed: str
) -> None:
    assert typed in NOT_CALENDAR_DATES
    store = one_idea_to_own(make_store())
    app = make_facilitator(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o", "space", "tab", *typed, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OwnersDialog), "a bad date keeps the dialog open"
        assert "write it as YYYY-MM-DD" in text_of(app, "#owner-error")
    with SessionStore.open(file_of(store), clock) as reopened:
        assert reopened.snapshot().votable[0].due is None


async def test_the_owners_dialog_clears_what_it_set(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """Emptying a field removes it: the session and its export read as if it was never set."""
    store = one_idea_to_own(make_store())
    never_set = session_outcomes(store, clock.now())[0].to_toml()
    app = make_facilitator(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o", "space", "tab", *"2026-12-15", "tab", *"Book a table", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OwnersDialog)
        idea = store.snapshot().votable[0]
        assert (idea.owners, idea.due, idea.first_step) == (
            ("Bo",),
            date(2026, 12, 15),
            "Book a table",
        )
        await pilot.press("o")
        assert isinstance(app.screen, OwnersDialog)
        assert app.screen.query_one("#owner-due", Input).value == "2026-12-15"
        await pilot.press("space", "tab", "ctrl+u", "tab", "ctrl+u", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OwnersDialog), "an empty date is no date, not a mistake"
    with SessionStore.open(file_of(store), clock) as reopened:
        idea = reopened.snapshot().votable[0]
        assert (idea.owners, idea.due, idea.first_step) == ((), None, None)
        assert session_outcomes(reopened, clock.now())[0].to_toml() == never_set


async def test_the_owners_dialog_keeps_a_date_set_elsewhere_while_open(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """A field left as the dialog showed it is kept: a date given meanwhile is not undone."""
    store = one_idea_to_own(make_store())
    app = make_facilitator(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OwnersDialog)
        with SessionStore.open(file_of(store), clock) as elsewhere:
            elsewhere.set_owners(1, [], due=date(2027, 1, 31), first_step="Ask around")
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
    with SessionStore.open(file_of(store), clock) as reopened:
        idea = reopened.snapshot().votable[0]
        assert (idea.owners, idea.due, idea.first_step) == (
            ("Bo",),
            date(2027, 1, 31),
            "Ask around",
        )
