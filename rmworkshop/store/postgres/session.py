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

How its transactions run is `transactions.Transactions`. A handle holds no connection of its
own: each transaction borrows one from the pool its process keeps for the database address
(`pool`), shared with its other handles there, and sets the session's schema and the handle's
patience on it for that transaction only.
"""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import StorageError
from rmworkshop.core.plan import Plan
from rmworkshop.store.database import Database
from rmworkshop.store.postgres import registry, writes
from rmworkshop.store.postgres.address import Address
from rmworkshop.store.postgres.connection import (
    Adapter,
    problems,
    transaction,
)
from rmworkshop.store.postgres.listener import Listener
from rmworkshop.store.postgres.pool import Lease
from rmworkshop.store.postgres.room import RoomOperations
from rmworkshop.store.postgres.schema import (
    REGISTRY,
    SCHEMA_VERSION,
    SUMMARY,
)
from rmworkshop.store.postgres.transactions import Transactions
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


class PostgresStore(
    Transactions,
    PhaseOperations,
    PeopleOperations,
    DeviceOperations,
    CheckinOperations,
    RoomOperations,
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

    def check_writable(self) -> None:
        """A write that changes nothing: refused at once by a read-only server or role."""
        with problems(self._where, writing=False), self._transaction(writing=True) as (conn, _):
            conn.execute(f"UPDATE {REGISTRY}.sessions SET version = version WHERE false")


def _named(address: Address) -> str:
    if address.session is None:
        raise StorageError(f"{address}: the address names no session (add ?session=NAME)")
    return address.session
