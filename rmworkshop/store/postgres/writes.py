"""The statements a write of one session sends, made once per handle: its start (the
session's lock, then the reads the write asked for), an idea's insert, and its end (its part of
the version raised, the summary written, the notification and the commit).

Each is a statement the server prepares once per connection (`connection.in_one`), so that a
write sent over and over is only bound and run; `PostgresStore._write` sends them."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence

from psycopg import sql

from rmworkshop.store.postgres.connection import COMMIT, Step
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
        self._locks = {
            alongside: session_lock(schema, alongside).as_string(None)
            for alongside in (False, True)
        }

    @functools.cached_property
    def counts(self) -> str:
        """Reads the session's counters (each with its value) from any search path."""
        return (
            sql.SQL("SELECT slot, n FROM {}.counters")
            .format(sql.Identifier(self.schema))
            .as_string(None)
        )

    def first(self, alongside: bool, reads: tuple[str, ...]) -> tuple[Step, ...]:
        """What a write sends first: the session's lock, and then the reads it asked for
        (`StoreBase._write`), in the same round trip (read once the lock is held)."""
        return ((self._locks[alongside], None), *((read, None) for read in reads))

    @functools.cached_property
    def finish(self) -> dict[bool, Step]:
        """The version raised, the summary written and the news of the write sent: one
        statement, whose result is the new version. A write that is not listed (False: a
        submission, a ballot) changes nothing the summary shows but its version."""
        notified = sql.SQL(
            "WITH raised AS ({}) SELECT version, pg_notify({}, {} || version) FROM raised"
        )
        news = sql.Literal(f"{self.schema} ")
        return {
            listed: (
                notified.format(sql.SQL(raising), sql.Literal(CHANNEL), news).as_string(None),
                None,
            )
            for listed, raising in ((False, RAISE_VERSION_ALONE), (True, RAISE_VERSION))
        }

    @functools.cached_property
    def _counted(self) -> str:
        return (
            sql.SQL(
                "WITH raised AS ({}) SELECT slot, n, pg_notify({}, {} || slot || ':' || n)"
                " FROM raised"
            )
            .format(sql.SQL(RAISE_COUNT), sql.Literal(CHANNEL), sql.Literal(f"{self.schema} "))
            .as_string(None)
        )

    def counted(self) -> Step:
        """`finish` for a submission of ideas: one of the session's counters, at random,
        raised and sent as news; its result is the counter and its new value."""
        return self._counted, (secrets.randbelow(COUNTERS),)

    def ending(self, alongside: bool, listed: bool) -> tuple[Step, ...]:
        """The last round trip of a write: its finish (`counted` for one ``alongside`` others,
        a submission; `finish` otherwise) and the commit."""
        return (self.counted() if alongside else self.finish[listed]), COMMIT


@functools.lru_cache(maxsize=64)
def _insert(count: int) -> str:
    return "INSERT INTO ideas (key, text) VALUES " + ", ".join(["(%s, %s)"] * count)


def insert_ideas(texts: Sequence[str]) -> Step:
    """The one insert of ideas, as the file's: a random key and the cleaned text each."""
    return _insert(len(texts)), [value for text in texts for value in (secrets.token_hex(16), text)]
