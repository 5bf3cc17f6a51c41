"""The facilitator's owners dialog follows the one due-date rule: it refuses a week date."""

from __future__ import annotations

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.modals import OwnersDialog
from tests.core.test_dates import NOT_CALENDAR_DATES
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import text_of


@pytest.mark.parametrize("typed", ["2026-W50-1", "20261215"])
async def test_the_owners_dialog_refuses_a_week_date(
    make_store: MakeStore, clock: FakeClock, typed: str
) -> None:
    assert typed in NOT_CALENDAR_DATES
    store = make_store()
    store.next_phase()
    store.next_phase()
    store.submit("Reverse-mentoring lunches")
    for _ in range(4):
        store.next_phase()
    app = make_facilitator(store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o", "space", "tab", *typed, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OwnersDialog), "a bad date keeps the dialog open"
        assert "write it as YYYY-MM-DD" in text_of(app, "#owner-error")
    with SessionStore.open(file_of(store), clock) as reopened:
        assert reopened.snapshot().votable[0].due is None
