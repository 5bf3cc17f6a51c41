"""Opening the session file: WAL mode, private permissions, one short transaction per write."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.store.sqlite.problems import (
    BUSY,
    Damaged,
    check_regular,
    failure,
    is_busy,
    named,
    path_of,
    storage_problem,
)

BUSY_TIMEOUT_MS = 30_000
"""How long a command waits for another program's write; consoles open with less patience."""
CONSOLE_PATIENCE_SECONDS = 0.5
"""How long a console's write waits before it is refused as `Busy`, to be tried again off the
screen's thread while the console says it is waiting (``SessionStore.open(patience=...)``)."""
SERVER_PATIENCE_SECONDS = 2.0
"""How long the participant server's write waits before it is answered "busy, try again": a
device tries again by itself, and a queue of writes never keeps the server's place."""
# FULL keeps every acknowledged write across power loss as well as crashes; workshops write
# rarely enough that the extra fsync is not felt (see docs/reliability.md).
SYNCHRONOUS = "FULL"

__all__ = ["BUSY", "is_busy"]  # re-exported for the store


class SessionConnection(sqlite3.Connection):
    """A connection that knows which session file it has open, for messages."""

    path = Path("session file")


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    # Freed pages are zeroed, so removed rows leave nothing behind in the file.
    connection.execute("PRAGMA secure_delete = ON")
    # VACUUM's scratch copy of the ideas stays in memory rather than in a temporary file.
    connection.execute("PRAGMA temp_store = MEMORY")


def create_file(path: Path) -> sqlite3.Connection:
    """A new, empty database file with mode 0600, refusing to overwrite anything."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Refused(f"{path}: already exists; open it to resume the session") from None
    except OSError as error:
        raise Refused(f"{path}: cannot create the session file ({error.strerror})") from None
    os.close(descriptor)
    connection: sqlite3.Connection | None = None
    try:
        os.chmod(path, 0o600)
        connection = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, factory=SessionConnection
        )
        connection.path = path
        connection.execute("PRAGMA journal_mode = WAL")
        _configure(connection)
    except (sqlite3.Error, OSError) as error:
        # Nothing is left behind: an empty file would be "not a session file" ever after.
        if connection is not None:
            connection.close()
        path.unlink(missing_ok=True)
        raise failure(path, error, writing=True) from None
    return connection


def open_file(path: Path) -> sqlite3.Connection:
    check_regular(path)
    try:
        # Connecting reads the file too: one that only looks regular (/proc/self/mem) fails
        # here, before any statement.
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
            factory=SessionConnection,
        )
    except sqlite3.DatabaseError as error:
        raise not_a_session(path, error) from None
    connection.path = path
    try:
        # Reading the header fails on a file that is not a database. Nothing is written until
        # the caller has checked that this is a session file (see `ensure_wal`).
        connection.execute("PRAGMA journal_mode").fetchone()
        _configure(connection)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise not_a_session(path, error) from None
    return connection


def not_a_session(path: Path, error: sqlite3.Error) -> Refused:
    """What a failed first read means: the file is locked, read-only, on a full disk, or
    beside files that cannot be made; else it is not a session file."""
    problem = storage_problem(path, error, writing=False)
    if problem is None or isinstance(problem, Damaged):
        # Before its format is known, a file SQLite cannot read is simply not a session file.
        return BadFile(f"{path}: not an rmworkshop session file")
    return problem


def ensure_wal(connection: sqlite3.Connection) -> None:
    """Put a session file (already checked to be one) back in WAL mode if a copy lost it."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")


@contextmanager
def write(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction: all of it is stored, or none of it.

    Waiting longer than the busy timeout for another writer is a refusal, not a crash.
    """
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back after some errors.
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except (sqlite3.Error, OSError) as error:
        if isinstance(error, sqlite3.ProgrammingError):
            raise  # a bug in the store, not a failure of the file
        raise failure(path_of(connection), error, writing=True) from None
    except Damaged as error:
        raise named(error, connection) from None


@contextmanager
def read(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent read of several tables."""
    try:
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")
    except (sqlite3.Error, OSError) as error:
        if isinstance(error, sqlite3.ProgrammingError):
            raise
        raise failure(path_of(connection), error, writing=False) from None
    except Damaged as error:
        raise named(error, connection) from None
