"""Store work runs in Textual workers, never on the event loop: a write that waits for a held
session file leaves the console taking keys, writes keep the order they were asked in, and no
screen asks the backend anything while it draws (the roll of names comes with the state)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from functools import partial
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.people import Profile
from rmworkshop.remote.participant_state import ParticipantState, Roll
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app import FacilitatorApp
from rmworkshop.ui.participant import app as participant_app
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.console import ParticipantScreen
from rmworkshop.ui.participant.identify import IdentifyScreen
from rmworkshop.ui.participant.local_participant import LocalParticipant
from tests.helpers import go_to
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import Drawn, other_process, settled, wait_until

SIZE = (100, 30)


def hold(path: Path) -> sqlite3.Connection:
    """Another program takes the session file's write lock and keeps it."""
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


def typed(app: ParticipantApp) -> str:
    return app.screen.query_one("#idea", Input).value


async def test_keys_are_handled_while_a_write_waits_for_a_held_file(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        blocker = hold(file_of(store))
        try:
            await pilot.press(*"held idea", "enter")
            # The write is under way in its worker, and the event loop goes on meanwhile.
            assert app.store_busy
            await pilot.press(*"next one")
            assert typed(app) == "next one"
            assert "next one" in Drawn(app).text("#idea")
            await wait_until(pilot, lambda: bool(app.screen.query("#store-waiting")), within=5)
            assert app.screen.query_one("#store-waiting").display
            assert "Waiting for the session file" in Drawn(app).text()
            await pilot.press("backspace")  # still taking keys, banner and all
            assert typed(app) == "next on"
            assert app.store_busy and app.my_ideas == [], "nothing stored while it is held"
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        await wait_until(pilot, lambda: app.my_ideas == ["held idea"], within=5)
        await settled(pilot)
        assert not app.screen.query_one("#store-waiting").display
        assert typed(app) == "next on", "nothing typed meanwhile is lost"
    assert store.snapshot().idea_count == 1


async def test_writes_run_one_at_a_time_in_the_order_asked(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    go_to(store, "capture")
    app = ParticipantApp(other_process(store.path, clock), clock, name="Ana")
    ran: list[int] = []
    answered: list[int] = []
    running = [0, 0]  # now, most at once
    guard = threading.Lock()

    def submit(number: int) -> int:
        with guard:
            running[0] += 1
            running[1] = max(running)
        try:
            app.store.submit(f"idea {number}")
            ran.append(number)
            return number
        finally:
            with guard:
                running[0] -= 1

    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        blocker = hold(file_of(store))
        try:
            for number in range(6):  # the first waits for the file; the rest queue behind it
                app.write(partial(submit, number), answered.append)
            await pilot.pause()
            assert ran == [] and app.store_busy
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        # The first write still says it waits for the file: until all six have answered.
        await wait_until(pilot, lambda: not app.store_busy, within=10)
        await settled(pilot)
    assert ran == answered == list(range(6))
    assert running[1] == 1, "never two store jobs at once"
    assert store.snapshot().idea_count == 6


class RollOnlyWithTheState(LocalParticipant):
    """A backend that fails if anything asks it for the roll of names, and notes every
    question the console's event loop asks it itself."""

    loop_thread: int | None = None
    asked_on_loop: list[str]

    def _asked(self, what: str) -> None:
        if threading.get_ident() == self.loop_thread:
            self.asked_on_loop.append(what)

    def roll(self) -> Roll:
        raise AssertionError("the roll comes with the state: nobody asks for it")

    def snapshot(self) -> ParticipantState:
        self._asked("snapshot")
        return super().snapshot()

    def data_version(self) -> int:
        self._asked("data_version")
        return super().data_version()

    def claim(self, name: str, level: str | None, profile: Profile | None = None) -> None:
        self._asked("claim")
        super().claim(name, level, profile)

    def submit(self, text: str) -> str:
        self._asked("submit")
        return super().submit(text)


async def test_who_are_you_draws_the_roll_it_was_given_and_asks_nothing(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    go_to(store, "capture")
    backend = RollOnlyWithTheState(SessionStore.open(file_of(store), clock), clock)
    backend.asked_on_loop = []
    app = ParticipantApp(backend, clock)
    async with app.run_test(size=SIZE) as pilot:
        backend.loop_thread = threading.get_ident()
        await settled(pilot)
        assert isinstance(app.screen, IdentifyScreen)
        names = app.screen.query_one("#names", OptionList)
        assert names.option_count == 5
        other_process(store.path, clock).add_person("Fay", "junior")
        await wait_until(pilot, lambda: names.option_count == 6)
        await pilot.press("enter")  # Ana, first by name
        await wait_until(pilot, lambda: isinstance(app.screen, ParticipantScreen))
        await pilot.press(*"an idea", "enter")
        await wait_until(pilot, lambda: app.my_ideas == ["an idea"])
    assert backend.asked_on_loop == [], "the event loop never waits on the backend"


class CountedClose(SessionStore):
    """A session file that counts how often it is closed, and from how many threads at once."""

    closes = 0
    at_once = 0
    inside = 0
    lock = threading.Lock()
    closed = threading.Event()

    def close(self) -> None:
        with self.lock:
            type(self).closes += 1
            type(self).inside += 1
            type(self).at_once = max(type(self).at_once, type(self).inside)
        try:
            threading.Event().wait(0.05)  # a second close, if any, lands inside this one
            super().close()
        finally:
            with self.lock:
                type(self).inside -= 1
            self.closed.set()


@pytest.mark.parametrize("worker_busy", [False, True], ids=["idle", "a write under way"])
@pytest.mark.parametrize("console", ["participant", "facilitator"])
async def test_the_store_is_closed_once_whoever_finishes_last(
    make_store: MakeStore, clock: FakeClock, worker_busy: bool, console: str
) -> None:
    """The event loop and the last worker never both close the store: SQLite would be used
    from two threads at once, which crashed a console as it closed."""
    from rmworkshop.ui.facilitator.app.factory import make_facilitator

    store = make_store()
    go_to(store, "capture")
    CountedClose.closes = CountedClose.at_once = 0
    CountedClose.closed.clear()
    release = threading.Event()
    counted = CountedClose.open(file_of(store), clock)
    app: ParticipantApp | FacilitatorApp = (
        ParticipantApp(counted, clock, name="Ana")
        if console == "participant"
        else make_facilitator(counted, clock)
    )
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        if worker_busy:
            app.write(lambda: release.wait(5))
            assert app.store_busy
    release.set()
    assert await asyncio.to_thread(CountedClose.closed.wait, 5), "closed by the last worker"
    assert CountedClose.closes == 1, "closed exactly once"
    assert CountedClose.at_once == 1


async def test_store_work_waits_for_the_first_frame(
    make_store: MakeStore, clock: FakeClock
) -> None:
    """`join --as NAME` claims the name in a worker, but only once the first frame (drawn from
    the snapshot read before the console ran) is on screen: a worker started sooner competes
    with drawing it for the interpreter, and the console opens later."""
    store = make_store()
    go_to(store, "capture")
    order: list[str] = []
    backend = LocalParticipant(other_process(store.path, clock), clock, kiosk=False)
    claim = backend.claim

    def claiming(*args: object, **kwargs: object) -> object:
        order.append("claim")
        return claim(*args, **kwargs)  # type: ignore[arg-type]

    backend.claim = claiming  # type: ignore[method-assign,assignment]

    class Watched(ParticipantApp):
        CSS_PATH = [  # relative paths are read from the module that defines the class
            str(Path(participant_app.__file__).parent / css) for css in ParticipantApp.CSS_PATH
        ]

        def on_ready(self) -> None:
            order.append("first frame")
            super().on_ready()

    app = Watched(backend, clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.me == "Ana", within=5)
    assert order == ["first frame", "claim"]
