"""The store backends the contract suite runs against, each behind the same small interface.

A second backend adds a class here and a name to `BACKENDS`; every contract test then runs on
it unchanged.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import psycopg

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.store import Store
from rmworkshop.store.database import Database
from rmworkshop.store.postgres import Address, PostgresStore
from rmworkshop.store.postgres.connection import Connection, Cursor, Statement, begin, connect
from rmworkshop.store.postgres.schema import TABLES
from rmworkshop.store.postgres.session import PATIENCE_SECONDS
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import dump, make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, server_url


class Backend(Protocol):
    name: str
    clock: FakeClock

    def create(
        self,
        agenda: Plan | None = None,
        roster: Roster | None = None,
        seed: int = 7,
        rng: random.Random | None = None,
    ) -> Store:
        """A new session, not started; by default the test agenda and roster, and the system's
        random source for the store's shuffles (`rng` makes them repeatable)."""

    def another(self, store: Store) -> Store:
        """A second handle on the same session, as another process would hold it."""

    def copy(self, store: Store) -> Store:
        """An independent copy of the session as it is now, used alone until it is closed:
        nothing done to it reaches the original."""

    def dump(self, store: Store) -> list[str]:
        """Everything stored, read past the store, for exact before-and-after comparisons."""

    def cleanup(self) -> None:
        """Remove what the backend made outside the test's own folder."""


class SqliteBackend:
    name = "sqlite"

    def __init__(self, folder: Path, clock: FakeClock) -> None:
        self.folder = folder
        self.clock = clock
        self._count = 0

    def _path(self) -> Path:
        self._count += 1
        return self.folder / f"session-{self._count}.workshop"

    def create(
        self,
        agenda: Plan | None = None,
        roster: Roster | None = None,
        seed: int = 7,
        rng: random.Random | None = None,
    ) -> Store:
        return SessionStore.create(
            self._path(),
            agenda or make_agenda(),
            "test-agenda",
            clock=self.clock,
            roster=roster if roster is not None else make_roster(),
            seed=seed,
            rng=rng,
        )

    def another(self, store: Store) -> Store:
        return SessionStore.open(_file(store), self.clock)

    def copy(self, store: Store) -> Store:
        path = self._path()
        source = sqlite3.connect(f"{_file(store).resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        path.chmod(0o600)
        return SessionStore.open(path, self.clock)

    def dump(self, store: Store) -> list[str]:
        return dump(_file(store))

    def cleanup(self) -> None:
        pass  # the files are in the test's folder


class PostgresBackend:
    """Sessions in the test server's database, each under a name of its own."""

    name = "postgres"

    def __init__(self, url: str, clock: FakeClock) -> None:
        self.url = url
        self.clock = clock
        self._names: list[str] = []
        self._scratch: Connection | None = None

    def _address(self) -> Address:
        address = new_address(self.url)
        assert address.session is not None
        self._names.append(address.session)
        return address

    def create(
        self,
        agenda: Plan | None = None,
        roster: Roster | None = None,
        seed: int = 7,
        rng: random.Random | None = None,
    ) -> Store:
        return PostgresStore.create(
            self._address(),
            agenda or make_agenda(),
            "test-agenda",
            clock=self.clock,
            roster=roster if roster is not None else make_roster(),
            seed=seed,
            rng=rng,
        )

    def another(self, store: Store) -> Store:
        return PostgresStore.open(_session(store).address, self.clock)

    def copy(self, store: Store) -> Store:
        if self._scratch is None or self._scratch.closed:
            self._scratch = connect(self.url, "test", PATIENCE_SECONDS)
        return Scratch.begin(self._scratch, _session(store), self.clock)

    def dump(self, store: Store) -> list[str]:
        schema = _session(store).schema
        if isinstance(store, Scratch):  # its changes are seen only through its connection
            return _dump(store.connection, schema)
        with psycopg.connect(self.url, autocommit=True) as connection:
            return _dump(connection, schema)

    def cleanup(self) -> None:
        if self._scratch is not None:
            self._scratch.close()
        drop_sessions(self.url, self._names)


class Scratch(PostgresStore):
    """The session as it is now, changed only inside one transaction that is never committed:
    the copy the walk tries each action on (`Backend.copy`), without making a session (about
    fifteen statements of DDL) per action. Each operation runs exactly as on a session of its
    own, in a savepoint of that transaction instead of a transaction on a pooled connection;
    so reads are not REPEATABLE READ transactions of their own, deferred references are checked
    when each write ends, and the vacuum after a rewrite is left out (it cannot run in a
    transaction)."""

    connection: Connection

    @classmethod
    def begin(cls, connection: Connection, original: PostgresStore, clock: FakeClock) -> Scratch:
        """On a connection of its own, reused by the next copy once this one is closed."""
        connection.execute("BEGIN")
        scratch = cls(original.address, original.schema, clock)
        scratch.connection = connection
        return scratch

    def close(self) -> None:
        self.connection.execute("ROLLBACK")
        super().close()

    @contextmanager
    def _transaction(
        self, writing: bool, first: Statement | None = None
    ) -> Iterator[tuple[Connection, Cursor]]:
        with self.connection.transaction():  # a savepoint
            yield self.connection, begin(self.connection, self.schema, 30.0, False, first)

    @contextmanager
    def _write(self, alongside: bool = False, reads: tuple[str, ...] = ()) -> Iterator[Database]:
        with super()._write(alongside, reads) as db:
            yield db
        self.connection.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks deferred references

    def _ending(self, alongside: bool) -> Statement:
        # Its last statement without the commit: the savepoint is released as the write ends.
        return self._statements.last(alongside)

    def _submitted(self, seen: tuple[Any, ...], ideas: Sequence[str]) -> bool:
        return False  # a submission in one round trip commits: here, never

    def _settle(self) -> None:
        pass


def _dump(connection: Connection, schema: str) -> list[str]:
    return [
        f"{table}: {text}"
        for table in TABLES
        for (text,) in connection.execute(
            f"SELECT row_to_json(t)::text FROM {schema}.{table} t ORDER BY 1"
        )
    ]


BACKENDS = ("sqlite", "postgres")


def make_backend(name: str, folder: Path, clock: FakeClock) -> Backend:
    if name == "sqlite":
        return SqliteBackend(folder, clock)
    if name == "postgres":
        return PostgresBackend(server_url(), clock)
    raise ValueError(name)


def conforms(store: Store) -> Store:
    """The type checker's proof that each store provides the whole contract."""
    return store


def _session(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore), "a PostgreSQL session"
    return store


def _file(store: Store) -> Path:
    assert store.path is not None, "an SQLite session is a file"
    return store.path
