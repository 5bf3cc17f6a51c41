"""Every console shows the session's real state, whoever moved it on."""

from __future__ import annotations

from textual.css.query import NoMatches

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.facilitator.app import FacilitatorApp
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.facilitator.modals import ExportDialog
from rmworkshop.ui.facilitator.people_dialogs import PeopleDialog
from rmworkshop.ui.facilitator.start import StartScreen
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, text_of, wait_until

SIZE = (120, 36)


def phase_name(app: FacilitatorApp) -> str:
    """The phase the live screen names; empty while another screen or none is drawn."""
    try:
        return text_of(app, "#phase-name")
    except NoMatches:
        return ""


async def test_facilitator_follows_phases_moved_from_elsewhere(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    phases = store.snapshot().agenda.phases
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        shell = other_process(store.path, clock)  # `rmworkshop next S`, twice
        shell.next_phase()
        shell.next_phase()
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await wait_until(pilot, lambda: phase_name(app).startswith("2/"))
        assert phases[1].name in phase_name(app)
        assert isinstance(app.screen, LiveScreen)
        shell.back_phase()
        await wait_until(pilot, lambda: phase_name(app).startswith("1/"))
        while not shell.snapshot().is_finished:
            shell.next_phase()
        # Finishing elsewhere offers the export here, as finishing here does.
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: phase_name(app) == "Session finished")


async def test_a_dialog_open_when_the_session_moves_on_closes_onto_the_live_screen(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleDialog))
        other_process(store.path, clock).next_phase()
        await wait_until(pilot, lambda: app.session.is_started)
        assert isinstance(app.screen, PeopleDialog), "an open dialog is not swept away"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
