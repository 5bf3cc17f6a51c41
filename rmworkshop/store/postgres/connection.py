"""Connecting to the database, the settings each transaction begins with, and what went wrong
as one line.

The shared operations write ``?`` placeholders (`rmworkshop.store.database`); `Adapter`
hands psycopg the same statement with ``%s``. A failure of the server or of the connection
becomes a `StorageError` (`Busy` when another host held the session too long) that names the
session's address and the kind of failure, never psycopg's own message, which could quote
what was being written.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg import errors as pg
from psycopg import sql
from psycopg.pq import TransactionStatus

from rmworkshop.core.errors import Busy, StorageError
from rmworkshop.store.database import Rows

# psycopg logs what it leaves behind as warnings (the pool each failed attempt to connect; a
# pipeline, as `executemany` runs one, an error it ignored while another was on its way),
# naming the role and database. The store says what went wrong itself, in one line, and
# nothing of psycopg's may reach a console's screen or a command's output.
_psycopg_log = logging.getLogger("psycopg")
_psycopg_log.addHandler(logging.NullHandler())
_psycopg_log.propagate = False

CONNECT_TIMEOUT_SECONDS = 10
APPLICATION = "rmworkshop"

Connection = psycopg.Connection[tuple[Any, ...]]
Cursor = psycopg.Cursor[tuple[Any, ...]]


@functools.lru_cache(maxsize=512)
def _statement(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class Adapter:
    """A psycopg connection as the shared operations use one (see `Database`)."""

    def __init__(self, connection: Connection, answers: dict[str, Answer] | None = None) -> None:
        self.connection = connection
        self.rewrite = False
        """A write's: its privacy rewrite is due before the commit (see `privacy`)."""
        self._answers = answers or {}
        self._later: list[Statement] = []

    def later(self, statement: Statement) -> None:
        """A statement whose result nobody reads, sent in the round trip of the next (the
        commit's, when nothing comes between): in order, and in the same transaction."""
        self._later.append(statement)

    def sent_later(self, then: Statement) -> Cursor:
        """``then`` sent after what waits (`later`): the cursor holds ``then``'s result."""
        waiting, self._later = self._later, []
        cursor = self.connection.execute(joined([*waiting, then], self.connection))
        for _ in waiting:
            cursor.nextset()
        return cursor

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Rows:
        if not parameters and sql in self._answers:
            return self._answers.pop(sql)
        self._answers = {}  # read before anything else the transaction does, or not at all
        self._send_waiting()
        return self.connection.execute(_statement(sql), tuple(parameters))

    def _send_waiting(self) -> None:
        if self._later:
            waiting, self._later = self._later, []
            self.connection.execute(joined(waiting, self.connection))

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Rows:
        self._answers = {}
        self._send_waiting()
        rows = [tuple(row) for row in parameters]
        if len(rows) == 1:  # one round trip; psycopg's executemany pipelines, which costs two
            return self.execute(sql, rows[0])
        cursor = self.connection.cursor()
        cursor.executemany(_statement(sql), rows)
        return cursor


Statement = sql.Composable | bytes
"""A statement as composed, or as the bytes sent (made once, for those sent over and over)."""


def joined(statements: Sequence[Statement], connection: Connection) -> bytes:
    """Statements to send in one round trip (the simple protocol: no parameters)."""
    return b"; ".join(
        each if isinstance(each, bytes) else each.as_bytes(connection) for each in statements
    )


class Answer:
    """The result of a statement sent ahead (`answers`), held as it was read."""

    def __init__(self, cursor: Cursor) -> None:
        self._rows = cursor.fetchall() if cursor.description is not None else []
        self.rowcount = cursor.rowcount
        self.description = cursor.description

    def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


def answers(cursor: Cursor, reads: Sequence[str]) -> dict[str, Answer]:
    """The results of ``reads``, sent after the statement ``cursor`` holds the result of, in
    the same round trip: each is answered from here by `Adapter.execute`, once, provided it
    is asked before the transaction does anything else."""
    found = {}
    for read in reads:
        cursor.nextset()
        found[read] = Answer(cursor)
    return found


def begin(
    connection: Connection,
    schema: str | None,
    patience_seconds: float,
    read_only: bool,
    then: Statement | None = None,
    start: bool = False,
) -> Cursor:
    """Inside a transaction (or one begun here, when ``start``): the session's ``schema`` on
    the search path, and a lock timeout of ``patience_seconds``, both for this transaction
    only (a pooled connection serves several sessions and patiences); a read-only REPEATABLE
    READ snapshot when ``read_only``. Sent with ``then`` in one round trip; the cursor holds
    the result of ``then``'s first statement (and `Cursor.nextset` moves on to the others)."""
    lock_ms = max(1, round(patience_seconds * 1000))
    opening, count = _opening(schema, lock_ms, read_only, start)
    cursor = connection.execute(opening if then is None else joined([opening, then], connection))
    for _ in range(count - (then is None)):
        cursor.nextset()
    return cursor


@functools.lru_cache(maxsize=256)
def _opening(schema: str | None, lock_ms: int, read_only: bool, start: bool) -> tuple[bytes, int]:
    """`begin`'s statements, as bytes (the same for every transaction of a handle), and how
    many they are."""
    settings = sql.SQL("set_config('lock_timeout', {}, true)").format(sql.Literal(str(lock_ms)))
    if schema is not None:
        settings = sql.SQL("set_config('search_path', {}, true), {}").format(
            sql.Literal(schema), settings
        )
    statements: list[sql.Composable] = [sql.SQL("SELECT {}").format(settings)]
    if read_only:
        statements.insert(0, sql.SQL("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    if start:
        statements.insert(0, sql.SQL("BEGIN"))
    return sql.SQL("; ").join(statements).as_bytes(None), len(statements)


@contextmanager
def transaction(
    connection: Connection,
    schema: str | None,
    patience_seconds: float,
    read_only: bool,
    then: Statement | None = None,
) -> Iterator[Cursor]:
    """One transaction on an autocommit ``connection``, begun with `begin` in one round trip.

    Committed as the block ends, unless the block committed itself (`COMMIT` sent with its
    last statement, which saves a round trip); rolled back when it raises."""
    try:
        yield begin(connection, schema, patience_seconds, read_only, then, start=True)
        if connection.info.transaction_status != TransactionStatus.IDLE:
            connection.execute("COMMIT")
    except BaseException:
        if not connection.closed and connection.info.transaction_status in _OPEN:
            with suppress(psycopg.Error):
                connection.execute("ROLLBACK")
        raise


def lost(error: psycopg.OperationalError) -> bool:
    """The connection was lost before the answer came (no code, a connection failure, or
    the server ending it): a commit sent may have been saved. A refusal of the commit itself
    (a deadlock, say) saved nothing, nor did a statement cancelled (57014, a timeout)."""
    return error.sqlstate is None or error.sqlstate[:2] == "08" or error.sqlstate in _ENDED


_ENDED = ("57P01", "57P02", "57P03")
"""The server ended the connection (shut down, crashed, or not accepting it)."""

COMMIT = sql.SQL("COMMIT")
"""Ends a write's last statement (`transaction`), so that the commit costs no round trip."""

_OPEN = (TransactionStatus.INTRANS, TransactionStatus.INERROR)


def connect(conninfo: str, where: str, patience_seconds: float) -> Connection:
    """A connection of its own, outside the process's pool (`pool`), in autocommit, that waits
    at most ``patience_seconds`` for another host's lock on the session."""
    with problems(where, writing=False):
        connection = psycopg.connect(
            conninfo,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name=APPLICATION,
        )
        lock_ms = max(1, round(patience_seconds * 1000))
        connection.execute(f"SET lock_timeout = {lock_ms}")
        return connection


_BUSY = (pg.LockNotAvailable, pg.SerializationFailure, pg.DeadlockDetected, pg.QueryCanceled)


def failure(where: str, error: psycopg.Error, writing: bool) -> StorageError:
    """One line for a failure of the database, quoting nothing of psycopg's message."""
    unchanged = "; nothing was changed" if writing else ""
    if isinstance(error, _BUSY):
        return Busy(
            f"{where}: the session is busy: another program has kept it locked too long;"
            " try again in a moment"
        )
    if isinstance(error, pg.InvalidPassword | pg.InvalidAuthorizationSpecification):
        return StorageError(f"{where}: the database refused the login{unchanged}")
    if isinstance(error, pg.InsufficientPrivilege):
        return StorageError(f"{where}: the database role may not do this{unchanged}")
    if isinstance(error, pg.DiskFull | pg.OutOfMemory | pg.ProgramLimitExceeded):
        return StorageError(f"{where}: the database server has no room left{unchanged}")
    if isinstance(error, pg.InvalidCatalogName):
        return StorageError(f"{where}: no such database")
    if isinstance(error, pg.UndefinedTable | pg.UndefinedColumn | pg.InvalidSchemaName):
        return StorageError(f"{where}: the session's tables are damaged or missing")
    if isinstance(error, psycopg.OperationalError):
        # A refused connection carries no code, only the server's words (in English unless the
        # server speaks another language; then it is "cannot be reached").
        said = str(error).lower()
        if "password" in said or "authentication" in said or _missing("role", said):
            return StorageError(f"{where}: the database refused the login{unchanged}")
        if _missing("database", said):
            return StorageError(f"{where}: no such database")
        return StorageError(f"{where}: the database cannot be reached{unchanged}")
    verb = "written" if writing else "read"
    return StorageError(f"{where}: the session could not be {verb}{unchanged}")


def _missing(what: str, said: str) -> bool:
    """The server said that the role or database the address names does not exist."""
    return f'{what} "' in said and "does not exist" in said


def unsure(where: str) -> StorageError:
    """The connection was lost during a commit: the server may have saved the write (it
    commits, then answers), so "nothing was changed" could be false, and a person who
    believed it would make the change twice."""
    return StorageError(
        f"{where}: the connection was lost as the database was saving this; it may have been"
        " saved, so look before doing it again"
    )


@contextmanager
def problems(where: str, writing: bool) -> Iterator[None]:
    """Any psycopg error inside becomes the store's `StorageError`, with one line."""
    try:
        yield
    except psycopg.Error as error:
        # A statement the server could not run is a bug of the store: its cause stays chained
        # for a developer's traceback, and a person still sees one line.
        cause = error if isinstance(error, psycopg.ProgrammingError) else None
        raise failure(where, error, writing) from cause
