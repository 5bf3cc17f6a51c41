"""The statements a write of one session sends, made once per handle: its start (the
session's lock, then the reads the write asked for), an idea's insert, and its end (the
version raised, the summary written, the notification and the commit).

Statements sent over and over are bytes made once; `PostgresStore._write` sends them."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence

from psycopg import sql

from rmworkshop.store.postgres.connection import COMMIT, Connection
from rmworkshop.store.postgres.listener import CHANNEL
from rmworkshop.store.postgres.schema import RAISE_VERSION, RAISE_VERSION_ALONE, session_lock


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
    def finish(self) -> dict[bool, sql.Composed]:
        """The version raised, the summary written and the news of the write sent: one
        statement. A write that is not listed (False: a submission, a ballot) changes nothing
        the summary shows but its version."""
        return {
            listed: sql.SQL(
                "WITH raised AS ({}) SELECT version, pg_notify({}, {} || version) FROM raised"
            ).format(sql.SQL(raise_version), sql.Literal(CHANNEL), sql.Literal(f"{self.schema} "))
            for listed, raise_version in ((False, RAISE_VERSION_ALONE), (True, RAISE_VERSION))
        }

    @functools.cached_property
    def endings(self) -> dict[bool, bytes]:
        """`finish` with the commit, in one round trip, as bytes."""
        return {
            listed: sql.SQL("; ").join([finish, COMMIT]).as_bytes(None)
            for listed, finish in self.finish.items()
        }


def insert_ideas(connection: Connection, texts: Sequence[str]) -> bytes:
    """The one insert of ideas, as the file's: a random key and the cleaned text each."""
    rows = b", ".join(
        b"('%s', %s)" % (secrets.token_hex(16).encode(), sql.Literal(text).as_bytes(connection))
        for text in texts
    )
    return b"INSERT INTO ideas (key, text) VALUES " + rows
