"""The statements a write of one session sends, made once per handle: its start (the
session's lock, then the reads the write asked for), an idea's insert, and its end (its part of
the version raised, the summary written, the notification and the commit).

Each round trip is one string of statements (the simple protocol), so that the server reads it
in one piece: statements sent over and over are bytes made once, and `PostgresStore._write`
sends them."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence

from psycopg import sql

from rmworkshop.store.postgres.connection import COMMIT, Connection
from rmworkshop.store.postgres.listener import CHANNEL
from rmworkshop.store.postgres.schema import (
    COUNTERS,
    RAISE_COUNT,
    RAISE_VERSION,
    RAISE_VERSION_ALONE,
    session_lock,
)


class WriteStatements:
    """One session's (``schema``'s)."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self._firsts: dict[tuple[bool, tuple[str, ...]], bytes] = {}

    def first(self, alongside: bool, reads: tuple[str, ...]) -> bytes:
        """What a write sends first: the session's lock, and then the reads it asked for
        (`StoreBase._write`), in the same round trip (read once the lock is held)."""
        key = (alongside, reads)
        if key not in self._firsts:
            self._firsts[key] = (
                sql.SQL("; ")
                .join([session_lock(self.schema, alongside), *(sql.SQL(read) for read in reads)])
                .as_bytes(None)
            )
        return self._firsts[key]

    @functools.cached_property
    def counts(self) -> str:
        """Reads the session's counters (each with its value) from any search path."""
        return (
            sql.SQL("SELECT slot, n FROM {}.counters")
            .format(sql.Identifier(self.schema))
            .as_string(None)
        )

    @functools.cached_property
    def finish(self) -> dict[bool, bytes]:
        """The registry's count raised, the summary written and the news of the write sent:
        one statement, whose result is the new count. A write that is not listed (False: a
        ballot) changes nothing the summary shows but its version."""
        return {
            listed: sql.SQL(
                "WITH raised AS ({}) SELECT version, pg_notify({}, {} || version) FROM raised"
            )
            .format(sql.SQL(raising), sql.Literal(CHANNEL), sql.Literal(f"{self.schema} "))
            .as_bytes(None)
            for listed, raising in ((False, RAISE_VERSION_ALONE), (True, RAISE_VERSION))
        }

    @functools.cached_property
    def _counted(self) -> tuple[bytes, bytes]:
        """`counted` around the counter's number."""
        before, after = (
            sql.SQL(
                "WITH raised AS ({}) SELECT slot, n, pg_notify({}, {} || slot || ':' || n)"
                " FROM raised"
            )
            .format(sql.SQL(RAISE_COUNT), sql.Literal(CHANNEL), sql.Literal(f"{self.schema} "))
            .as_bytes(None)
            .split(b"%s")
        )
        return before, after

    def counted(self) -> bytes:
        """`finish` for a submission of ideas: one of the session's counters, at random,
        raised and sent as news; its result is the counter and its new value."""
        before, after = self._counted
        return b"%s%d%s" % (before, secrets.randbelow(COUNTERS), after)

    def last(self, alongside: bool, listed: bool) -> bytes:
        """A write's last statement: `counted` for one ``alongside`` others (a submission),
        `finish` otherwise."""
        return self.counted() if alongside else self.finish[listed]

    def ending(self, alongside: bool, listed: bool) -> bytes:
        """`last` and the commit, in one round trip."""
        return self.last(alongside, listed) + b"; " + self._commit

    @functools.cached_property
    def _commit(self) -> bytes:
        return COMMIT.as_bytes(None)


def insert_ideas(connection: Connection, texts: Sequence[str]) -> bytes:
    """The one insert of ideas, as the file's: a random key and the cleaned text each."""
    rows = b", ".join(
        b"('%s', %s)" % (secrets.token_hex(16).encode(), sql.Literal(text).as_bytes(connection))
        for text in texts
    )
    return b"INSERT INTO ideas (key, text) VALUES " + rows
