"""One stuck process never stalls the room: a reader that holds the session file open makes
no later write redo the compaction, the log stays bounded, and a write that must wait is
refused as busy after the caller's patience, for it to try again off its screen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Busy, Refused
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.store.sqlite.compaction import RETRY_SECONDS, Compaction
from tests.helpers import go_to, make_agenda, make_roster

IDEAS = 300


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A capture phase with a few hundred long ideas, so one copy of the file is large."""
    path = tmp_path / "stuck.workshop"
    with SessionStore.create(path, make_agenda(), "stuck", FakeClock(), make_roster()) as store:
        go_to(store, "capture")
        store.submit_many([f"idea {n:03d} " + "x" * 400 for n in range(IDEAS)])
    return path


@pytest.fixture
def reader(path: Path) -> Iterator[sqlite3.Connection]:
    """Another process in the middle of a read, holding an old snapshot of the file."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM ideas").fetchone()
    yield other
    other.execute("COMMIT")
    other.close()


def wal_size(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def pending(path: Path) -> bool:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as check:
        found = check.execute("SELECT 1 FROM meta WHERE key = 'compact_pending'").fetchone()
    return found is not None


class Counting:
    """Counts the compactions a process attempts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = Compaction._compact

        def counted(compaction: Compaction, mark: str) -> bool:
            self.count += 1
            return original(compaction, mark)

        monkeypatch.setattr(Compaction, "_compact", counted)


def test_a_compaction_that_cannot_finish_is_retried_at_intervals_not_on_every_write(
    path: Path, reader: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fails on the old code, which re-ran the compaction (and waited for it) on every write."""
    attempts = Counting(monkeypatch)
    clock = FakeClock()
    with SessionStore.open(path, clock) as store:
        assert store.reveal() == IDEAS
        assert attempts.count == 1 and pending(path)
        for _ in range(5):
            clock.advance(RETRY_SECONDS / 10)
            store.submit("one more")
        assert attempts.count == 1, "no retry before the interval has passed"
        clock.advance(RETRY_SECONDS)
        store.submit("after the interval")
        assert attempts.count == 2, "tried again once the interval passed"
        reader.execute("COMMIT")
        clock.advance(RETRY_SECONDS)
        store.submit("the reader has let go")
        assert attempts.count == 3
        assert not pending(path)
        reader.execute("BEGIN")  # for the fixture's own COMMIT


def test_the_log_grows_by_at_most_one_copy_of_the_file_while_a_reader_holds_it(
    path: Path, reader: sqlite3.Connection
) -> None:
    """Fails on the old code: every retry rewrote the whole file into the log again (2.1 MB
    grew to 9.1 MB over five ballots)."""
    file_size = path.stat().st_size
    clock = FakeClock()
    with SessionStore.open(path, clock) as store:
        store.reveal()
        after_reveal = wal_size(path)
        assert pending(path)
        for index in range(10):
            clock.advance(RETRY_SECONDS + 1)  # every write is allowed to retry
            store.pause() if index % 2 == 0 else store.resume()  # one small page each
        grown = wal_size(path) - after_reveal
    assert grown < file_size / 2, (grown, file_size)


def test_a_write_that_must_wait_is_refused_as_busy_after_the_callers_patience(
    path: Path,
) -> None:
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        with SessionStore.open(path, FakeClock(), patience=0.2) as store:
            (timeout,) = store._db.execute("PRAGMA busy_timeout").fetchone()
            assert timeout == 200
            before = store.unrevealed()
            blocker.execute("BEGIN IMMEDIATE")
            with pytest.raises(Busy, match="busy"):
                store.submit("blocked")
            blocker.execute("ROLLBACK")
            assert store.submit("tried again") == "tried again"
            assert store.unrevealed() == before + 1
    finally:
        blocker.close()


def test_busy_is_a_refusal_so_commands_still_say_one_line() -> None:
    assert issubclass(Busy, Refused)


def test_commands_keep_their_patience() -> None:
    from rmworkshop.store.sqlite import connection

    assert connection.BUSY_TIMEOUT_MS >= 10_000
