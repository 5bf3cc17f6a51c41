"""A console opens straight on its first real screen, and collects garbage as usual once its
first frame is drawn."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from textual.screen import Screen

from rmworkshop import memory
from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.live import LiveScreen
from rmworkshop.ui.facilitator.start import StartScreen
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.identify import IdentifyScreen
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import other_process, wait_until

SIZE = (120, 36)


def kinds(stack: list[Screen[object]]) -> list[type[Screen[object]]]:
    return [type(screen) for screen in stack]


async def test_the_facilitator_opens_on_one_screen_and_follows_by_replacing_it(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert kinds(app.screen_stack) == [StartScreen], "no blank screen below"
        assert not app.screen.query("#store-waiting"), "made only when a write waits"
        other_process(store.path, clock).next_phase()
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        assert kinds(app.screen_stack) == [LiveScreen], "the start screen is gone, not hidden"
        other_process(store.path, clock).next_phase()
        await pilot.pause()
        assert kinds(app.screen_stack) == [LiveScreen]


async def test_a_resumed_session_opens_on_the_live_screen(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.start()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert kinds(app.screen_stack) == [LiveScreen]


async def test_a_participant_named_at_start_opens_on_the_console(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert kinds(app.screen_stack) == [ParticipantScreen]
        assert app.me == "Ana"


async def test_a_refused_name_asks_who_you_are_instead(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = ParticipantApp(other_process(store.path, clock), clock, name="Nobody-known")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, IdentifyScreen))
        assert kinds(app.screen_stack) == [IdentifyScreen]
        assert app.me is None


async def test_choosing_a_name_replaces_the_picker_with_the_console(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    app = ParticipantApp(other_process(store.path, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert kinds(app.screen_stack) == [IdentifyScreen]
        app.identify("Bo", None)
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantScreen))
        assert kinds(app.screen_stack) == [ParticipantScreen]
        assert app.me == "Bo"


@pytest.fixture
def thresholds() -> Iterator[None]:
    """Whatever a test does to the collector, the suite's process gets it back as it was."""
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("thresholds")
def test_starting_collects_rarely_and_started_puts_the_usual_thresholds_back() -> None:
    memory.starting()
    assert gc.get_threshold() == memory.STARTING
    assert memory.STARTING[0] > memory.USUAL[0], "rarer than usual"
    frozen = gc.get_freeze_count()
    memory.started()
    assert gc.get_threshold() == memory.USUAL
    assert gc.get_freeze_count() > frozen, "what start-up made is out of the collector's way"
    memory.started()  # a second call changes nothing
    assert gc.get_threshold() == memory.USUAL


@pytest.mark.usefixtures("thresholds")
def test_started_leaves_a_process_that_did_not_start_lean_alone() -> None:
    gc.set_threshold(123, 4, 5)
    frozen = gc.get_freeze_count()
    memory.started()
    assert gc.get_threshold() == (123, 4, 5)
    assert gc.get_freeze_count() == frozen


@pytest.mark.usefixtures("thresholds")
async def test_a_console_collects_as_usual_once_its_first_frame_is_drawn(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    memory.starting()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_threshold() == memory.USUAL
