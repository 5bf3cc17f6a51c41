"""Ideas, joins, hands and ballots written by other processes reach the console by polling."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.session import Session
from rmworkshop.ui import session_app as facilitator_app
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import digits_of, other_process, text_of, wait_until

SIZE = (120, 36)


def rmworkshop(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rmworkshop", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_refresh_interval_is_within_the_latency_target() -> None:
    assert facilitator_app.POLL_SECONDS <= 0.25


async def test_ideas_submitted_by_other_processes_appear(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.next_phase()
    store.next_phase()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert digits_of(app, "#idea-count") == "0"
        rmworkshop("submit", str(store.path), "From another terminal")
        other_process(file_of(store), clock).submit("From the store directly")
        # No key is pressed: the console's own polling must pick both up.
        await wait_until(pilot, lambda: digits_of(app, "#idea-count") == "2")


async def test_ballots_cast_by_other_processes_are_counted(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    store.next_phase()
    store.next_phase()
    for text in ("one", "two", "three"):
        store.submit(text)
    store.next_phase()
    store.next_phase()
    app = make_facilitator(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Ballots 0/5" in text_of(app, "#vote #board-status")
        rmworkshop("ballot", str(store.path), "--as", "Ana", "1=1")
        await wait_until(pilot, lambda: "Ballots 1/5" in text_of(app, "#vote #board-status"))
        rmworkshop("add", str(store.path), "Fay", "--level", "mid")
        await wait_until(pilot, lambda: "Ballots 1/6" in text_of(app, "#vote #board-status"))


async def test_a_busy_session_file_is_retried_not_a_crash(
    make_store: MakeStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store()
    store.next_phase()
    store.next_phase()
    console_store = other_process(file_of(store), clock)
    app = make_facilitator(console_store, clock)
    real = console_store.snapshot
    busy = [True]

    def snapshot() -> Session:
        if busy.pop() if busy else False:
            raise Refused("The session file is busy: another program has kept it locked.")
        return real()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(console_store, "snapshot", snapshot)
        store.submit("While the file was locked")
        # The console's next poll is refused as busy: a notice, no crash, and it tries again.
        await wait_until(pilot, lambda: not busy)
        assert app.is_running
        await wait_until(pilot, lambda: digits_of(app, "#idea-count") == "1")
