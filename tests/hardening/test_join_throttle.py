"""Wrong join codes from many browser tabs at once: the wait holds across all of them.

Each browser tab is its own console process with its own connection to the session file, so a
guesser can open ten tabs and press Enter in all of them at the same moment. Here each tab is a
browser console (`ParticipantApp` behind its join-code gate) running in its own thread, with its
own event loop and store connection; all press Enter together, on a disk where every commit
takes a while, as a busy machine's would. Only one guess per wait may be tried: the others must
be told to wait, and only that one is counted.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from textual.widgets import Input

from rmworkshop.agendas import load_agenda
from rmworkshop.core import joincode
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.roster import Person, Roster
from rmworkshop.store import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.join_code_screen import JoinCodeScreen
from tests.ui.pilot_helpers import settled, text_of

ROOT = Path(__file__).resolve().parents[2]
TABS = 6
ROUNDS = 3
COMMIT_SECONDS = 0.05
"""Every commit on a tab's connection is held up this long, so that tabs overlap in the store
however the threads are scheduled; far longer than the skew of threads leaving a barrier."""
RIGHT, WRONG = "K7P-Q3M", "WRONG1"
NOT_RIGHT, WAIT = "That join code is not right.", "Too many wrong codes. Wait"


def slow_commits(store: SessionStore) -> SessionStore:
    """Hold up every commit on this store's connection, as a slow disk's fsync would."""

    def trace(statement: str) -> None:
        if statement.strip().upper() == "COMMIT":
            time.sleep(COMMIT_SECONDS)

    connection: sqlite3.Connection = store._db
    connection.set_trace_callback(trace)
    return store


class Tab(threading.Thread):
    """One browser tab: presses Enter on a wrong code once per round, at the same moment as
    every other tab, and keeps what its gate said each time."""

    def __init__(
        self, path: Path, clock: FakeClock, ready: threading.Barrier, answered: threading.Barrier
    ) -> None:
        super().__init__(daemon=True)
        self.path, self.clock, self.ready, self.answered = path, clock, ready, answered
        self.said: list[str] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self.guess())
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
            self.ready.abort()
            self.answered.abort()

    async def guess(self) -> None:
        store = slow_commits(SessionStore.open(self.path, self.clock))
        # No polling: only the gate touches the store, so only the gate can race.
        app = ParticipantApp(store, self.clock, join_digest=joincode.digest(RIGHT), poll=3600)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, JoinCodeScreen)
            for _ in range(ROUNDS):
                app.screen.query_one("#code", Input).value = WRONG
                self.ready.wait(timeout=30)
                await pilot.press("enter")
                await settled(pilot)  # the guess runs in a worker; its answer comes back
                self.said.append(text_of(app, "#code-error"))
                self.answered.wait(timeout=30)


def test_tabs_guessing_at_once_get_one_guess_per_wait(tmp_path: Path) -> None:
    clock = FakeClock(1_795_000_000.0)
    agenda_name, agenda = load_agenda(str(ROOT / "agendas" / "cross-generational-brainstorm.toml"))
    path = tmp_path / "gate.workshop"
    roster = Roster(people=[Person(name="Ana", level="junior")])
    with SessionStore.create(path, agenda, agenda_name, clock, roster=roster) as facilitator:
        counted: list[int] = []

        def wait_out() -> None:
            # Between rounds, once every tab has its answer: let the wait run out, so that
            # exactly one more guess may be tried in the next round.
            count, _ = facilitator.join_failures()
            counted.append(count)
            clock.advance(joincode.delay_after(count))

        ready, answered = threading.Barrier(TABS), threading.Barrier(TABS, action=wait_out)
        tabs = [Tab(path, clock, ready, answered) for _ in range(TABS)]
        started = time.monotonic()
        for tab in tabs:
            tab.start()
        for tab in tabs:
            tab.join(timeout=120)
        elapsed = time.monotonic() - started
        for tab in tabs:
            assert not tab.is_alive(), "a tab hung"
            assert tab.error is None, repr(tab.error)

    print(f"{TABS} tabs, {ROUNDS} rounds in {elapsed:.2f}s; wrong codes counted: {counted}")
    for round_ in range(ROUNDS):
        said = [tab.said[round_] for tab in tabs]
        tried = [text for text in said if text.startswith(NOT_RIGHT)]
        assert len(tried) == 1, f"round {round_ + 1}: {len(tried)} of {TABS} tabs got a guess"
        assert f"try again in {joincode.delay_after(round_ + 1):.0f} s" in tried[0], tried
        waits = [text for text in said if text.startswith(WAIT)]
        assert len(waits) == TABS - 1, said
    assert counted == list(range(1, ROUNDS + 1)), "only the guesses tried are counted"


def test_a_guess_is_tried_and_counted_in_one_step(tmp_path: Path) -> None:
    """The single-tab rules the gate relies on, through the one store operation."""
    clock = FakeClock(1_795_000_000.0)
    agenda_name, agenda = load_agenda(str(ROOT / "agendas" / "cross-generational-brainstorm.toml"))
    with SessionStore.create(tmp_path / "one.workshop", agenda, agenda_name, clock) as store:
        first = clock.now()
        assert store.try_join_code(right=False) == (0.0, 1)
        assert store.join_failures() == (1, first)
        clock.advance(0.25)
        # Not tried while the wait runs, right or wrong, and so not counted either.
        assert store.try_join_code(right=True) == (0.75, 1)
        assert store.try_join_code(right=False) == (0.75, 1)
        assert store.join_failures() == (1, first)
        clock.advance(0.75)  # the wait is over at exactly one second
        assert store.try_join_code(right=False) == (0.0, 2)
        clock.advance(1.5)
        assert store.try_join_code(right=False) == (0.5, 2)
        clock.advance(0.5)
        assert store.try_join_code(right=True) == (0.0, 2), "a right code is not counted"
        assert store.join_failures() == (2, first + 1.0)
        clock.advance(joincode.FAILURE_WINDOW_SECONDS + 1)
        assert store.try_join_code(right=True) == (0.0, 0)
