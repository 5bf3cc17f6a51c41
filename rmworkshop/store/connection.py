"""Opening the session file: WAL mode, private permissions, one short transaction per write."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rmworkshop.core.errors import BadFile, Refused

BUSY_TIMEOUT_MS = 30_000
# FULL keeps every acknowledged write across power loss as well as crashes; workshops write
# rarely enough that the extra fsync is not felt (see docs/reliability.md).
SYNCHRONOUS = "FULL"


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    # Freed pages are zeroed, so removed rows leave nothing behind in the file.
    connection.execute("PRAGMA secure_delete = ON")


def create_file(path: Path) -> sqlite3.Connection:
    """A new, empty database file with mode 0600, refusing to overwrite anything."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Refused(f"{path}: already exists; open it to resume the session") from None
    except OSError as error:
        raise Refused(f"{path}: cannot create the session file ({error.strerror})") from None
    os.close(descriptor)
    os.chmod(path, 0o600)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode = WAL")
    _configure(connection)
    return connection


def open_file(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise BadFile(f"{path}: no such session file")
    if path.is_dir():
        raise BadFile(f"{path}: is a directory, not a session file")
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        # Reading the header fails on a file that is not a database. Nothing is written until
        # the caller has checked that this is a session file (see `ensure_wal`).
        connection.execute("PRAGMA journal_mode").fetchone()
        _configure(connection)
    except sqlite3.DatabaseError:
        raise BadFile(f"{path}: not an rmworkshop session file") from None
    return connection


def ensure_wal(connection: sqlite3.Connection) -> None:
    """Put a session file (already checked to be one) back in WAL mode if a copy lost it."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")


@contextmanager
def write(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction: all of it is stored, or none of it."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


@contextmanager
def read(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent read of several tables."""
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        connection.execute("COMMIT")
