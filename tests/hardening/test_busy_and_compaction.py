"""A session file held by another program: refusals that say so, and a reveal that is never lost
while the compaction after it waits for readers.

Busy timeouts are shortened here (they are 30 s in use) so the tests stay quick.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.cli import main
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.store.sqlite import SessionStore, connection
from rmworkshop.store.sqlite.compaction import Compaction
from tests.helpers import go_to, make_agenda, make_roster


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "busy.workshop"
    with SessionStore.create(path, make_agenda(), "busy", FakeClock(), make_roster()) as store:
        go_to(store, "capture")
        for index in range(12):
            store.submit(f"idea {index}")
    return path


@pytest.fixture(autouse=True)
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def blocker(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program's connection to the session file, holding nothing yet."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_a_file_locked_while_opening_is_busy_not_foreign(
    path: Path, blocker: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fails on the old code: it said "not an rmworkshop session file" (after 5 s)."""
    blocker.execute("PRAGMA locking_mode = EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    code, err = run(capsys, "status", str(path))
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "busy" in err and str(path) in err
    assert "not an rmworkshop session file" not in err


def test_a_write_that_waits_too_long_is_refused_not_a_bug(
    path: Path, blocker: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fails on the old code: the busy timeout escaped as an internal error (exit 1)."""
    blocker.execute("BEGIN IMMEDIATE")
    code, err = run(capsys, "submit", str(path), "one more idea")
    assert code == 2, err
    assert err.count("\n") == 1 and "busy" in err and "internal error" not in err
    blocker.execute("ROLLBACK")
    assert run(capsys, "submit", str(path), "one more idea") == (0, "")


def test_a_store_write_while_locked_changes_nothing(
    path: Path, blocker: sqlite3.Connection
) -> None:
    with SessionStore.open(path, FakeClock()) as store:
        before = store.unrevealed()
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(Refused, match="busy"):
            store.submit("blocked")
        blocker.execute("ROLLBACK")
        store.submit("after")
        assert store.unrevealed() == before + 1


def wal_size(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def pending(path: Path) -> bool:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as check:
        found = check.execute("SELECT 1 FROM meta WHERE key = 'compact_pending'").fetchone()
    return found is not None


def test_reveal_compacts_the_file_and_empties_the_log(path: Path) -> None:
    with SessionStore.open(path, FakeClock()) as store:
        store.submit("late idea")
        assert wal_size(path) > 0
        assert store.reveal() == 13
        assert wal_size(path) == 0
        assert not pending(path)
        store.pause()  # later writes go to a fresh log
        assert not pending(path)


def test_a_reader_delays_the_compaction_but_never_the_reveal(
    path: Path, blocker: sqlite3.Connection
) -> None:
    """A console mid-read keeps the old log alive; the reveal commits anyway, and the next
    write after the reader lets go (here from another process's store) finishes the job."""
    blocker.execute("BEGIN")
    blocker.execute("SELECT count(*) FROM ideas").fetchone()
    with SessionStore.open(path, FakeClock()) as store:
        started = time.monotonic()
        assert store.reveal() == 12
        assert time.monotonic() - started < 2.0, "the reveal waits only briefly"
        assert len(store.snapshot().votable) == 12
    assert pending(path), "still to do, and recorded in the file"
    assert wal_size(path) > 0
    blocker.execute("COMMIT")
    with SessionStore.open(path, FakeClock()) as other:
        other.pause()
        assert not pending(path)
        assert wal_size(path) == 0
        assert len(other.snapshot().votable) == 12


def test_a_failing_compaction_does_not_fail_the_reveal(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Compaction, mark: str) -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Compaction, "_compact", broken)
    with SessionStore.open(path, FakeClock()) as store:
        assert store.reveal() == 12
    with SessionStore.open(path, FakeClock()) as store:
        assert len(store.snapshot().votable) == 12
    assert pending(path)
