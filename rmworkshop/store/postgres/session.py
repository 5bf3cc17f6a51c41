"""`PostgresStore`: one session in a PostgreSQL database, with every operation of the store
contract, shared with the session file (`rmworkshop.store.sqlite.operations`).

Each write is one transaction. Its first statement takes the session's lock in the database
(an advisory lock held until the commit): writes of one session, from any number of hosts, run
one after another, and each reads what the one before committed; only submissions of ideas,
which add rows no other submission reads, and ballots, which only add to tallies and mark
their own voter (if not marked yet), take it shared and run side by side. A write that
waits longer than its patience for that lock is refused as `Busy`. Its last statement raises
its part of the session's version (a submission or a ballot one of the session's counters,
any other write the registry's count; see `schema`) and sends a notification carrying only the
session's schema and that part's new value, in the round trip of the commit: each part rises
in the order its writes commit. Reads are one read-only REPEATABLE READ transaction each, a
consistent snapshot of every table.

A handle holds no connection of its own: each transaction borrows one from the pool its
process keeps for the database address (`pool`), shared with its other handles there, and
sets the session's schema and the handle's patience on it for that transaction only.
"""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import psycopg
from psycopg import errors as pg

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.core.plan import Plan
from rmworkshop.core.rules import ideas as idea_rules
from rmworkshop.store.database import Database
from rmworkshop.store.postgres import privacy, registry, writes
from rmworkshop.store.postgres.address import Address
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
from rmworkshop.store.postgres.room import RoomOperations
from rmworkshop.store.postgres.schema import (
    REGISTRY,
    SCHEMA_VERSION,
    SUMMARY,
)
from rmworkshop.store.sqlite.operations.checkins import CheckinOperations
from rmworkshop.store.sqlite.operations.devices import DeviceOperations
from rmworkshop.store.sqlite.operations.people import PeopleOperations
from rmworkshop.store.sqlite.operations.phases import PhaseOperations
from rmworkshop.store.sqlite.schema import FORMAT
from rmworkshop.store.sqlite.session import fill_new
from rmworkshop.store.transfer import SessionRows, write_rows

if TYPE_CHECKING:
    from rmworkshop.core.roster import Roster

PATIENCE_SECONDS = 30.0
"""How long a command's write waits for another host's, as a session file's does."""
RETRY_SECONDS = 30.0
"""How often one process tries again to vacuum rewritten tables when it could not."""


class PostgresStore(
    PhaseOperations, PeopleOperations, DeviceOperations, CheckinOperations, RoomOperations
):
    """A session in a PostgreSQL database, opened by one process. Safe to use from several
    processes and hosts at once, and from several threads of one process.

    ``patience`` is how many seconds a write waits for another's lock on the session before
    it is refused as `Busy` (`PATIENCE_SECONDS` when not given)."""

    path = None

    def __init__(
        self,
        address: Address,
        schema: str,
        clock: Clock,
        rng: random.Random | None = None,
        patience: float | None = None,
    ) -> None:
        super().__init__(clock, rng)
        self.address = address
        self.schema = schema
        self._where = str(address)
        self._patience = patience or PATIENCE_SECONDS
        self._vacuum_due = False
        self._next_vacuum = float("-inf")
        self._listener: Listener | None = None
        self._starting = threading.Lock()
        self._statements = writes.WriteStatements(schema)
        self._lease = Lease(address.conninfo)

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        address: Address,
        agenda: Plan,
        agenda_name: str,
        clock: Clock,
        roster: Roster | None = None,
        seed: int | None = None,
        rng: random.Random | None = None,
        history: Sequence[Sequence[str]] = (),
        patience: float | None = None,
    ) -> PostgresStore:
        settings = {"format": FORMAT, "schema_version": str(SCHEMA_VERSION)}
        return cls._made(
            address,
            lambda db: fill_new(db, settings, agenda, agenda_name, clock, roster, seed, history),
            clock,
            rng,
            patience,
        )

    @classmethod
    def create_copy(cls, address: Address, rows: SessionRows, clock: Clock) -> PostgresStore:
        """A new session holding these rows of another session (`transfer`): written in one
        transaction, so every row carries the same transaction id, in a shuffled order."""
        shuffle = secrets.SystemRandom()
        return cls._made(
            address,
            lambda db: write_rows(db, rows, str(SCHEMA_VERSION), shuffle),
            clock,
            None,
            None,
            continue_identities=True,
        )

    @classmethod
    def _made(
        cls,
        address: Address,
        fill: Callable[[Database], None],
        clock: Clock,
        rng: random.Random | None,
        patience: float | None,
        continue_identities: bool = False,
    ) -> PostgresStore:
        name = _named(address)
        where = str(address)
        lease = Lease(address.conninfo)  # kept open until the store holds the pool too
        try:
            with (
                problems(where, writing=True),
                lease.connection() as connection,
                transaction(connection, None, patience or PATIENCE_SECONDS, read_only=False),
            ):
                registry.ensure(connection, where, create=True)
                schema = registry.new_schema(connection, where, name, clock.now())
                fill(Adapter(connection))
                if continue_identities:
                    registry.continue_identities(connection, schema)
                connection.execute(SUMMARY)
            return cls(address, schema, clock, rng, patience)
        finally:
            lease.close()

    @classmethod
    def open(
        cls,
        address: Address,
        clock: Clock,
        rng: random.Random | None = None,
        patience: float | None = None,
    ) -> PostgresStore:
        name = _named(address)
        where = str(address)
        lease = Lease(address.conninfo)
        try:
            with (
                problems(where, writing=False),
                lease.connection() as connection,
                transaction(connection, None, patience or PATIENCE_SECONDS, read_only=False),
            ):
                registry.ensure(connection, where, create=False)
                schema = registry.find(connection, where, name)
            return cls(address, schema, clock, rng, patience)
        finally:
            lease.close()

    @staticmethod
    def exists(address: Address) -> bool:
        """Whether the database holds this session (False when it holds no sessions)."""
        lease = Lease(address.conninfo)
        try:
            with problems(str(address), writing=False), lease.connection() as connection:
                return registry.holds(connection, _named(address))
        finally:
            lease.close()

    @property
    def place(self) -> str:
        return self._where

    @property
    def name(self) -> str:
        return _named(self.address)

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

    def server_pids(self) -> list[int]:
        """The server processes of the connections this handle's transactions use: those of
        the pool it shares with this process's other handles on the database address (its
        listener's aside). For diagnostics, and for tests that end them."""
        return self._lease.pids()

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._settle()
        self._lease.close()

    # -- reading -----------------------------------------------------------------------------
    def data_version(self) -> int:
        """The session's version, raised by every write (its registry count and its counters,
        added up). Asked often (every poll), it starts a `Listener` the first time, and is
        then the version heard on the notification channel, read from memory; while the
        listener is down, it is read from the database."""
        heard = self._listening().version
        if heard is not None:
            return heard
        with problems(self._where, writing=False), self._transaction(writing=False) as (conn, _):
            version = self._version_of(conn)
        if version is None:
            raise self._removed()
        return version.total

    def watch(self, changed: Callable[[], None]) -> None:
        """Told by the session's listener, as it hears each commit."""
        self._listening().tell(changed)

    def _listening(self) -> Listener:
        with self._starting:
            if self._listener is None:
                self._listener = Listener(self.address.conninfo, self.schema, self._version_of)
            return self._listener

    @property
    def listening(self) -> bool:
        """`data_version` is answered from notifications (False before its first call)."""
        return self._listener is not None and self._listener.version is not None

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

    def check_writable(self) -> None:
        """A write that changes nothing: refused at once by a read-only server or role."""
        with problems(self._where, writing=False), self._transaction(writing=True) as (conn, _):
            conn.execute(f"UPDATE {REGISTRY}.sessions SET version = version WHERE false")

    @contextmanager
    def _read(self) -> Iterator[Database]:
        with problems(self._where, writing=False), self._transaction(writing=False) as (conn, _):
            yield Adapter(conn)

    # -- writing -----------------------------------------------------------------------------
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
                # The commit was sent and the connection was lost before its answer (no code,
                # a connection failure, or the server ending it): it may have been saved. A
                # refusal of the commit itself (a deadlock, say) saved nothing.
                if committing and lost(error):
                    raise unsure(self._where) from None
                raise
            except pg.UndefinedTable:
                self._check_registered()
                raise
            if row is None:
                raise self._removed()
            if db.rewrite:
                self._vacuum_due, self._next_vacuum = True, float("-inf")
        if self._listener is not None and alongside:
            self._listener.saw_count(int(row[0]), int(row[1]))
        elif self._listener is not None:
            self._listener.saw(int(row[0]))
        self._settle()

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
                with transaction(
                    connection, self.schema, self._patience, False, quick.statement
                ) as c:
                    for _ in range(1 + quick.prepares):  # past the lock (and the preparing)
                        c.nextset()
                    row = c.fetchone()
            except pg.InvalidSqlStatementName:  # nothing was written
                self._statements.forget(connection)
                return False
            except pg.DuplicatePreparedStatement:  # by a round trip that failed after it
                self._statements.remember(connection)
                return False
            except psycopg.OperationalError as error:
                if lost(error):  # the commit was sent with the rest
                    raise unsure(self._where) from None
                raise
            except pg.UndefinedTable:
                self._check_registered()
                raise
            if quick.prepares:
                self._statements.remember(connection)
        if row is None:
            self._seen_stage = None
            return False
        if self._listener is not None:
            self._listener.saw_count(int(row[0]), int(row[1]))
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


def _named(address: Address) -> str:
    if address.session is None:
        raise StorageError(f"{address}: the address names no session (add ?session=NAME)")
    return address.session
