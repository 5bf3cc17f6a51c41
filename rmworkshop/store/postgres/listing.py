"""The sessions of one database, newest first, as `rmworkshop sessions` lists them.

Each session's registry row holds its summary, kept by its every write (`schema.RAISE_VERSION`),
so a thousand sessions are one query. A session no write has summarised yet (one from before
the summaries, in an upgraded database) is read whole, through the process's pool (`pool`)."""

from __future__ import annotations

import json
from typing import NamedTuple

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import StorageError
from rmworkshop.core.session import phase_label
from rmworkshop.store.postgres import registry
from rmworkshop.store.postgres.address import Address
from rmworkshop.store.postgres.connection import problems, transaction
from rmworkshop.store.postgres.pool import Lease
from rmworkshop.store.postgres.schema import REGISTRY
from rmworkshop.store.postgres.session import PATIENCE_SECONDS, PostgresStore


class Listing(NamedTuple):
    name: str
    created: float
    agenda: str
    title: str
    phase: str
    """Where the session is, in a few words (`rmworkshop.core.session.phase_label`)."""
    people: int


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
            with transaction(connection, None, PATIENCE_SECONDS, read_only=False):
                registry.ensure(connection, where, create=False)
            listed = registry.listed(connection)
        found_sessions = []
        for entry in listed:
            listing = summarised(entry) or read_whole(address, entry, clock)
            if listing is not None:
                found_sessions.append(listing)
        return found_sessions
    finally:
        lease.close()


def summarised(entry: registry.Listed) -> Listing | None:
    """The session as its summary in the registry has it; None without a readable one."""
    try:
        summary = json.loads(entry.summary or "null")
        if not isinstance(summary, dict) or summary.get("version") != entry.version:
            return None  # none yet, or written before a write by an older program
        label = phase_label(
            bool(summary["started"]),
            str(summary["state"]),
            str(summary["phase"]),
            str(summary["kind"]),
        )
        return Listing(
            entry.name,
            entry.created,
            str(summary["agenda"]),
            str(summary["title"]),
            label,
            int(summary["people"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def read_whole(address: Address, entry: registry.Listed, clock: Clock) -> Listing | None:
    """The session read whole; None when it was removed since the registry was read."""
    named = address.with_session(entry.name)
    try:
        with PostgresStore(named, entry.schema, clock) as store:
            session = store.snapshot()
    except StorageError:
        if PostgresStore.exists(named):
            raise
        return None  # removed meanwhile: not listed, as if listed a moment later
    label = phase_label(session.is_started, session.state, session.phase.name, session.kind)
    return Listing(
        entry.name,
        entry.created,
        session.agenda_name,
        session.agenda.title,
        label,
        len(session.people),
    )
