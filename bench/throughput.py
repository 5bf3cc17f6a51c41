"""4. Store throughput: 100 processes submit 20 ideas each then cast a ballot, through the
real store code, against raw sqlite3 single-row transactions with the same pragmas."""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Section, median, spawn_worker, verdict

PROCESSES = 100
IDEAS = 20
TARGET = 0.5


def spawn(kind: str, path: str | Path, index: int) -> subprocess.Popen[str]:
    return spawn_worker(kind, str(path), str(index), str(IDEAS))


def step(workers: list[subprocess.Popen[str]], expect: str) -> None:
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        assert worker.stdout is not None
        line = worker.stdout.readline().strip()
        if line != expect:
            raise RuntimeError(f"a worker said {line!r}, not {expect!r}")


def _timed(kind: str, path: Path, between: Callable[[], None]) -> float:
    """Seconds spent in the two timed steps; start-up and the phase change are not counted."""
    workers = [spawn(kind, path, i) for i in range(PROCESSES)]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    start = time.monotonic()
    step(workers, "submitted")
    submitting = time.monotonic() - start
    between()
    start = time.monotonic()
    step(workers, "done")
    voting = time.monotonic() - start
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait(30)
    return submitting + voting


def _store_run(folder: Path) -> tuple[float, str]:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / "throughput.workshop"
    roster = Roster(people=[Person(name=f"p{i}", level="junior") for i in range(PROCESSES)])
    with SessionStore.create(path, agenda, name, SystemClock(), roster=roster) as store:
        store.start()
        store.next_phase()

    def to_vote() -> None:
        with SessionStore.open(path, SystemClock()) as store:
            while store.snapshot().kind != "vote":
                store.next_phase()

    seconds = _timed("store", path, to_vote)
    with SessionStore.open(path, SystemClock()) as store:
        store.close_voting()
        session = store.snapshot()
        ideas, ballots = session.idea_count, session.voting.ballots
        dots = sum(idea.votes or 0 for idea in session.ideas)
    lost = (PROCESSES * IDEAS - ideas) + (PROCESSES - ballots) + (PROCESSES - dots)
    return seconds, f"{ideas} ideas, {ballots} ballots, {dots} dots counted; lost: {lost}"


def _raw_run(folder: Path) -> float:
    path = folder / "raw.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(
        "CREATE TABLE ideas (key TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE tally (id INTEGER PRIMARY KEY, votes INTEGER NOT NULL DEFAULT 0);"
        "CREATE TABLE voters (id INTEGER PRIMARY KEY, voted INTEGER NOT NULL DEFAULT 0);"
    )
    db.executemany("INSERT INTO tally (id) VALUES (?)", [(i,) for i in range(10)])
    db.executemany("INSERT INTO voters (id) VALUES (?)", [(i,) for i in range(PROCESSES)])
    db.close()
    return _timed("raw", path, lambda: None)


def run(section: Section, runs: int, quick: bool) -> None:
    store_times, raw_times = [], []
    checks = ""
    for _ in range(1 if quick else runs):
        folder = Path(tempfile.mkdtemp(prefix="rmw-throughput-"))
        raw_times.append(_raw_run(folder))
        seconds, checks = _store_run(folder)
        store_times.append(seconds)
    operations = PROCESSES * (IDEAS + 1)
    store_rate = operations / median(store_times)
    raw_rate = operations / median(raw_times)
    ratio = store_rate / raw_rate
    section.add(
        f"{PROCESSES} processes at once, each {IDEAS} idea submissions and then one ballot"
        f" ({operations} write transactions), median of {len(store_times)} runs."
        " Process start-up and the move to the vote phase are not timed."
    )
    section.add("")
    section.table(
        ["writer", "transactions/s", "ratio", "target", ""],
        [
            ["raw sqlite3, single-row transactions", f"{raw_rate:.0f}", "1.00", "", ""],
            [
                "rmworkshop store",
                f"{store_rate:.0f}",
                f"{ratio:.2f}",
                f"≥ {TARGET}",
                verdict(ratio >= TARGET),
            ],
        ],
    )
    section.add("")
    section.add(f"Last store run: {checks}.")
