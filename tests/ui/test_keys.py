"""Every action is reachable from the keyboard: footer, help screen and command palette."""

from __future__ import annotations

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.help import HelpScreen
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import text_of

SIZE = (120, 36)


async def test_help_lists_every_live_action(make_store: MakeStore, clock: FakeClock) -> None:
    store = make_store()
    store.start()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app, "#help-keys")
        for binding in LiveScreen.BINDINGS:
            assert binding.description in shown  # type: ignore[union-attr]
        for description in ("Export", "Help", "Quit", "Command palette"):
            assert description in shown
        assert "< " in shown, "Back is off the footer, so help must list it"
        assert "^q or q" in shown
        for default in ("Focus Next", "Copy selected text"):
            assert default not in shown, "Textual's own keys are not workshop actions"
        await pilot.press("escape")
        assert isinstance(app.screen, LiveScreen)


async def test_command_palette_offers_the_phase_actions(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.start()
    store.next_phase()
    store.next_phase()  # share
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Next speaker", "Pause", "Next phase", "Export"):
            assert title in titles
        assert "Close vote" not in titles, "keys for other phases are not offered"
        assert "End turn" not in titles, "nobody has the floor yet: the core allows no end"
        # Running a palette command acts like its key.
        next_speaker = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Next speaker"
        )
        next_speaker.callback()
        await pilot.pause()
        assert app.session.current_speaker is not None
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "End turn" in titles and "Pass" in titles
