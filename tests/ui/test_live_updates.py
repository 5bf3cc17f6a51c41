"""Ideas, joins, hands and ballots written by other processes reach the console by polling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui import session_app as facilitator_app
from rmworkshop.ui.facilitator.factory import make_facilitator
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
        other_process(Path(store.path), clock).submit("From the store directly")
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
