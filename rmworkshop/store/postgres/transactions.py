"""How a `session.PostgresStore` runs its transactions: each on a connection borrowed from
its process's pool, with the session's schema and the handle's patience set for that
transaction only. A read is one read-only REPEATABLE READ snapshot. A write first takes the
session's lock in the database and ends by raising its part of the session's version, with
the notification and the commit in one round trip (see `writes`). A submission of ideas is one
round trip once the handle has seen the session's stage (`Transactions._submit_ideas`).
Privacy's rewrite and the vacuum after it are run from here (see `privacy`)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import psycopg
from psycopg import errors as pg

from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.core.rules import ideas as idea_rules
from rmworkshop.store.database import Database
from rmworkshop.store.postgres import privacy, writes
from rmworkshop.store.postgres.connection import (
    Adapter,
    Connection,
    Cursor,
    Statement,
    answers,
    lost,
    problems,
    transaction,
    unsure,
)
from rmworkshop.store.postgres.listener import Listener, Version
from rmworkshop.store.postgres.pool import Lease
from rmworkshop.store.postgres.schema import REGISTRY
from rmworkshop.store.sqlite.operations.ideas import IdeaOperations

RETRY_SECONDS = 30.0
"""How often one process tries again to vacuum rewritten tables when it could not."""


class Transactions(IdeaOperations):
    """The transactions of one session's handle (`session.PostgresStore`, which sets what
    is declared here)."""

    schema: str
    _where: str
    _patience: float
    _lease: Lease
    _statements: writes.WriteStatements
    _listener: Listener | None
    _vacuum_due: bool
    _next_vacuum: float
    _rng: random.Random

    @contextmanager
    def _transaction(
        self, writing: bool, first: Statement | None = None
    ) -> Iterator[tuple[Connection, Cursor]]:
        """One transaction on a connection borrowed from the pool, with this session's
        schema on the search path and this handle's patience as its lock timeout; a read is
        read-only REPEATABLE READ. ``first`` runs in the same round trip, and the cursor
        holds its result. A connection the server ended was replaced before it is lent, so a
        console or a server carries on by itself once the database is back; while it cannot
        be reached, this raises (the caller's `problems` makes it one line)."""
        with (
            self._lease.connection() as connection,
            transaction(connection, self.schema, self._patience, not writing, first) as cursor,
        ):
            yield connection, cursor

    def _version_of(self, connection: Connection) -> Version | None:
        """The session's version read from the database, in its parts (None when it has
        been removed)."""
        row = connection.execute(
            f"SELECT version FROM {REGISTRY}.sessions WHERE schema = %s", (self.schema,)
        ).fetchone()
        if row is None:
            return None
        counts = connection.execute(self._statements.counts).fetchall()
        return Version(int(row[0]), {int(slot): int(n) for slot, n in counts})

    @contextmanager
    def _read(self) -> Iterator[Database]:
        with problems(self._where, writing=False), self._transaction(writing=False) as (conn, _):
            yield Adapter(conn)

    @contextmanager
    def _write(self, alongside: bool = False, reads: tuple[str, ...] = ()) -> Iterator[Database]:
        """One write: it first takes the session's lock in the database (a transaction-level
        advisory lock, released by the commit), exclusive, so that the session's writes run
        one after another, from any number of hosts. A write ``alongside`` others (an idea's
        submission, a ballot) takes it shared: such writes run side by side, and never beside
        any other write. Its part of the version is raised at the end, in the round trip that
        commits (`writes.WriteStatements.ending`)."""
        first = self._statements.first(alongside, reads)
        committing = False
        with problems(self._where, writing=True):
            try:
                with self._transaction(writing=True, first=first) as (connection, locked):
                    db = Adapter(connection, answers(locked, reads))
                    yield db
                    if db.rewrite:
                        privacy.rewrite(db, privacy.TABLES, self._rng)
                    committing = True
                    row = db.sent_later(self._ending(alongside)).fetchone()
            except psycopg.OperationalError as error:
                if committing:
                    self._unsure_if_lost(error)
                raise
            except pg.UndefinedTable:
                self._check_registered()
                raise
            if row is None:
                raise self._removed()
            if db.rewrite:
                self._vacuum_due, self._next_vacuum = True, float("-inf")
        self._left(row, alongside)
        self._settle()

    def _unsure_if_lost(self, error: psycopg.OperationalError) -> None:
        """The commit was sent and the connection was lost before its answer (no code, a
        connection failure, or the server ending it): it may have been saved, and the caller
        is told it cannot be known. A refusal of the commit itself (a deadlock, say) saved
        nothing, and is raised as it is."""
        if lost(error):
            raise unsure(self._where) from None

    def _left(self, row: tuple[Any, ...], counted: bool) -> None:
        """What a committed write left of the version (a counter and its value when
        ``counted``, else the registry's count), known to this process's listener before
        its notification comes."""
        if self._listener is not None and counted:
            self._listener.saw_count(int(row[0]), int(row[1]))
        elif self._listener is not None:
            self._listener.saw(int(row[0]))

    def _submit_ideas(self, ideas: Sequence[str]) -> None:
        """One round trip when the core allows the submission at the stage this handle saw
        last (`writes.WriteStatements.quick`), and it is still the session's; else, or when it
        has moved on, the write as every other, which reads the stage first."""
        seen = self._seen_stage
        if ideas and seen is not None:
            try:
                idea_rules.check_submit(self._stage_of(seen))
            except Refused:
                pass  # said again by the write that reads the stage, if it still holds
            else:
                if self._submitted(seen, ideas):
                    return
        super()._submit_ideas(ideas)

    def _submitted(self, seen: tuple[Any, ...], ideas: Sequence[str]) -> bool:
        with problems(self._where, writing=True), self._lease.connection() as connection:
            quick = self._statements.quick(connection, seen, ideas)
            try:
                # Its names are qualified: no search path (`writes.WriteStatements.quick`).
                with transaction(connection, None, self._patience, False, quick.statement) as c:
                    for _ in range(quick.prepares):  # past the preparing
                        c.nextset()
                    row = c.fetchone()
            except pg.InvalidSqlStatementName:  # nothing was written
                self._statements.forget(connection)
                return False
            except pg.DuplicatePreparedStatement:  # by a round trip that failed after it
                self._statements.remember(connection)
                return False
            except psycopg.OperationalError as error:
                self._unsure_if_lost(error)  # the commit was sent with the rest
                raise
            except pg.UndefinedTable:
                self._check_registered()
                raise
            if quick.prepares:
                self._statements.remember(connection)
        if row is None:
            self._seen_stage = None
            return False
        self._left(row, counted=True)
        return True

    def _insert_ideas(self, db: Database, texts: Sequence[str]) -> None:
        """As the file's, sent with the commit: nothing in the write reads it, and a
        submission that reads the stage first is two round trips."""
        adapter = cast(Adapter, db)
        adapter.later(writes.insert_ideas(adapter.connection, texts))

    def _ending(self, alongside: bool) -> Statement:
        """The write's last round trip: the part of the version it raises, and the commit
        (`writes.WriteStatements.ending`)."""
        return self._statements.ending(alongside)

    def _check_registered(self) -> None:
        """A session's tables are missing: say so plainly when it has been removed."""
        with self._transaction(writing=False) as (connection, _):
            if self._version_of(connection) is None:
                raise self._removed()

    def _removed(self) -> StorageError:
        return StorageError(f"{self._where}: the session has been removed from the database")

    def _mark_for_compaction(self, db: Database) -> None:
        # Done at the end of this write, after all its changes; kept with the transaction,
        # so that another thread's write on this handle never drops it.
        cast(Adapter, db).rewrite = True

    def _after_ballot(self, db: Database) -> None:
        """The ballot's transaction marks its tallies and its voter alike; they are told
        apart again when voting closes (`privacy`)."""

    def _settle(self) -> None:
        """After a rewrite has committed: vacuum its tables, so the dead row versions (with
        their transaction ids and order) are gone. Best effort, tried again later."""
        now = self._clock.now()
        if not self._vacuum_due or now < self._next_vacuum:
            return
        try:
            with self._lease.connection() as connection:  # outside a transaction
                privacy.vacuum(connection, self.schema)
            self._vacuum_due = False
        except Exception:
            self._next_vacuum = now + RETRY_SECONDS
