"""The sessions of one database, newest first, each read as a snapshot (`rmworkshop sessions`).

The process's pool for the address (`pool`) serves them all, one read transaction per session."""

from __future__ import annotations

from typing import NamedTuple

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import StorageError
from rmworkshop.core.session import Session
from rmworkshop.store.postgres import registry
from rmworkshop.store.postgres.address import Address
from rmworkshop.store.postgres.connection import begin, problems
from rmworkshop.store.postgres.pool import Lease
from rmworkshop.store.postgres.schema import REGISTRY
from rmworkshop.store.postgres.session import PATIENCE_SECONDS, PostgresStore


class Listing(NamedTuple):
    name: str
    created: float
    session: Session


def sessions(address: Address, clock: Clock) -> list[Listing]:
    """Every session of the address's database (its ``session=`` is ignored); none when the
    database holds no rmworkshop tables yet."""
    where = address.conninfo
    lease = Lease(address.conninfo)  # one pool for the whole listing
    try:
        with problems(where, writing=False), lease.connection() as connection:
            found = connection.execute("SELECT to_regclass(%s)", (f"{REGISTRY}.sessions",))
            row = found.fetchone()
            if row is None or row[0] is None:
                return []
            with connection.transaction():
                begin(connection, None, PATIENCE_SECONDS, read_only=False)
                registry.ensure(connection, where, create=False)
            listed = registry.listed(connection)
        found_sessions = []
        for entry in listed:
            named = address.with_session(entry.name)
            try:
                with PostgresStore(named, entry.schema, clock) as store:
                    found_sessions.append(Listing(entry.name, entry.created, store.snapshot()))
            except StorageError:
                if PostgresStore.exists(named):
                    raise
                # Removed since the registry was read: not listed, as if listed a moment later.
        return found_sessions
    finally:
        lease.close()
