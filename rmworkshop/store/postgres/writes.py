"""The statements a write of one session sends, made once per handle: its start (the
session's lock, then the reads the write asked for), an idea's insert, and its end (its part of
the version raised, the summary written, the notification and the commit); and a submission
whole, in one round trip, once the handle knows the session's stage (`WriteStatements.quick`).

Each round trip is one string of statements (the simple protocol), so that the server reads it
in one piece: statements sent over and over are bytes made once, and `PostgresStore._write`
sends them."""

from __future__ import annotations

import functools
import hashlib
import secrets
import weakref
from collections.abc import Sequence
from typing import Any, NamedTuple

from psycopg import sql

from rmworkshop.store.postgres.connection import COMMIT, Connection
from rmworkshop.store.postgres.listener import CHANNEL
from rmworkshop.store.postgres.schema import (
    COUNTERS,
    RAISE_COUNT,
    RAISE_VERSION,
    REGISTRY,
    session_lock,
)


class WriteStatements:
    """One session's (``schema``'s)."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self._firsts: dict[tuple[bool, tuple[str, ...]], bytes] = {}
        self.preparing = True
        """`quick` prepares its statement on each connection (see `forget`)."""
        self._seen: tuple[tuple[Any, ...] | None, list[bytes]] = (None, [])

    def first(self, alongside: bool, reads: tuple[str, ...]) -> bytes:
        """What a write sends first: the session's lock, and then the reads it asked for
        (`StoreBase._write`), in the same round trip (read once the lock is held)."""
        key = (alongside, reads)
        made = self._firsts.get(key)
        if made is None:
            if len(self._firsts) >= _FIRSTS_KEPT:  # a ballot's reads name its ideas
                self._firsts.clear()
            made = self._firsts[key] = (
                sql.SQL("; ")
                .join([session_lock(self.schema, alongside), *(sql.SQL(read) for read in reads)])
                .as_bytes(None)
            )
        return made

    @functools.cached_property
    def counts(self) -> str:
        """Reads the session's counters (each with its value) from any search path."""
        return (
            sql.SQL("SELECT slot, n FROM {}.counters")
            .format(sql.Identifier(self.schema))
            .as_string(None)
        )

    @functools.cached_property
    def finish(self) -> bytes:
        """The registry's count raised, the summary written and the news of the write sent:
        one statement, whose result is the new count."""
        return (
            sql.SQL("WITH raised AS ({}) SELECT version, pg_notify({}, {} || version) FROM raised")
            .format(sql.SQL(RAISE_VERSION), sql.Literal(CHANNEL), sql.Literal(f"{self.schema} "))
            .as_bytes(None)
        )

    @functools.cached_property
    def _counted(self) -> tuple[bytes, bytes]:
        """`counted` around the counter's number."""
        before, after = (
            sql.SQL("WITH raised AS ({})").format(sql.SQL(RAISE_COUNT)).as_bytes(None).split(b"%s")
        )
        return before, after + self._news

    def counted(self) -> bytes:
        """`finish` for a write alongside others (a submission, a ballot): one of the
        session's counters, at random, raised and sent as news; its result is the counter and
        its new value."""
        before, after = self._counted
        return b"%s%d%s" % (before, secrets.randbelow(COUNTERS), after)

    def last(self, alongside: bool) -> bytes:
        """A write's last statement: `counted` for one ``alongside`` others (a submission, a
        ballot), `finish` otherwise."""
        return self.counted() if alongside else self.finish

    def ending(self, alongside: bool) -> bytes:
        """`last` and the commit, in one round trip."""
        return self.last(alongside) + b"; " + self._commit

    @functools.cached_property
    def _commit(self) -> bytes:
        return COMMIT.as_bytes(None)

    def quick(self, connection: Connection, seen: tuple[Any, ...], ideas: Sequence[str]) -> Quick:
        """A whole submission of ``ideas`` in one round trip, after the transaction's opening:
        its counter raised, the insert, its news and the commit, on one condition: that the
        session's stage (its row of ``STAGE``, which each counter keeps) is still ``seen``,
        on which the core allowed it, and the session still in the registry.

        It takes no advisory lock: its counter's row lock orders it against every other write
        of the session, which locks all counters first (`schema.session_lock`). A write that
        changed the stage changed it in the counter too, and one under way is waited for
        (the counter is then read again as that write left it). Its names are qualified by
        the session's schema, so it needs no search path.

        The statement is prepared by the server once per connection (in the first such
        round trip on it), so that it is planned once: `Quick.prepares` says whether this
        one prepares it, and `remember` is told once it is known to be there."""
        name, prepare = self._prepared_as
        preparing = self.preparing and name not in _prepared.get(connection, ())
        keys = b", ".join(b"'%s'" % secrets.token_hex(16).encode() for _ in ideas)
        texts = b", ".join(sql.Literal(text).as_bytes(connection) for text in ideas)
        values = [
            b"ARRAY[%s]::text[]" % keys,
            b"ARRAY[%s]::text[]" % texts,
            b"%d" % secrets.randbelow(COUNTERS),
            *self._literals(seen),
        ]
        if self.preparing:
            run = b"EXECUTE %s(%s)" % (name.encode(), b", ".join(values))
        else:  # the statement itself, planned each time
            whole = self._body.format(*(sql.SQL(value.decode()) for value in values))
            run = whole.as_bytes(connection)
        statements = [run, self._commit]
        if preparing:
            statements.insert(0, prepare)
        return Quick(b"; ".join(statements), preparing)

    def _literals(self, seen: tuple[Any, ...]) -> list[bytes]:
        """The stage a handle saw, as the statement's last four values (the same for many
        submissions in a row, so made once for each)."""
        last, literals = self._seen
        if last != seen:
            literals = [sql.Literal(value).as_bytes(None) for value in seen]
            self._seen = (seen, literals)  # one attribute, set at once: handles have threads
        return literals

    @functools.cached_property
    def _body(self) -> sql.SQL:
        """`_QUICK` for this session, with ``{0}`` to ``{6}`` left for its values."""
        return sql.SQL(
            _QUICK.format(
                *(f"{{{n}}}" for n in range(7)),
                schema=sql.Identifier(self.schema).as_string(None),
                session=sql.Literal(self.schema).as_string(None),
                channel=sql.Literal(CHANNEL).as_string(None),
                news=sql.Literal(f"{self.schema} ").as_string(None),
            )
        )

    @functools.cached_property
    def _prepared_as(self) -> tuple[str, bytes]:
        """The name of `quick`'s statement, and what prepares it. The name is made from the
        statement itself (which names the session), so that whatever statement has this name
        on any connection is this one."""
        body = self._body.format(*_PARAMETERS).as_bytes(None)
        name = "rmworkshop_" + hashlib.sha256(body).hexdigest()[:32]
        types = b"text[], text[], integer, integer, text, text, bigint"
        return name, b"PREPARE %s (%s) AS %s" % (name.encode(), types, body)

    def remember(self, connection: Connection) -> None:
        """`quick`'s statement is prepared on ``connection``."""
        _prepared.setdefault(connection, set()).add(self._prepared_as[0])

    def forget(self, connection: Connection) -> None:
        """The server had no statement by the name `remember` was told (a pooler between,
        say, which lends another server connection each transaction): this handle's
        submissions no longer prepare it, and send it whole."""
        _prepared.get(connection, set()).discard(self._prepared_as[0])
        self.preparing = False

    @functools.cached_property
    def _news(self) -> bytes:
        """The end of a submission's last statement (`counted`, `quick`): the counter it
        raised, sent as news."""
        return (
            sql.SQL(" SELECT slot, n, pg_notify({}, {} || slot || ':' || n) FROM raised")
            .format(sql.Literal(CHANNEL), sql.Literal(f"{self.schema} "))
            .as_bytes(None)
        )


class Quick(NamedTuple):
    """A round trip of `WriteStatements.quick`."""

    statement: bytes
    prepares: bool
    """It prepares its statement first: its answer has one more part to pass over."""


_QUICK = (
    "WITH raised AS ("
    " UPDATE {schema}.counters SET n = n + 1 WHERE slot = {2}"
    " AND (phase, state, voting, started) IS NOT DISTINCT FROM ({3}, {4}, {5}, {6})"
    f" AND EXISTS (SELECT FROM {REGISTRY}.sessions WHERE schema = {{session}})"
    " RETURNING slot, n"
    "), added AS ("
    " INSERT INTO {schema}.ideas (key, text)"
    " SELECT * FROM unnest({0}::text[], {1}::text[]) AS idea (key, text)"
    " WHERE EXISTS (SELECT FROM raised)"
    ")"
    " SELECT slot, n, pg_notify({channel}, {news} || slot || ':' || n) FROM raised"
)
"""`WriteStatements.quick`'s statement: the counter first, whose row lock waits for a write
under way, and whose stage then says whether the insert may run."""
_FIRSTS_KEPT = 64
"""How many starts of writes a handle keeps made (`WriteStatements.first`)."""
_PARAMETERS = [sql.SQL(f"${n}") for n in range(1, 8)]
_prepared: weakref.WeakKeyDictionary[Connection, set[str]] = weakref.WeakKeyDictionary()
"""Per connection, the names of the statements `WriteStatements.quick` prepared there."""


def insert_ideas(connection: Connection, texts: Sequence[str]) -> bytes:
    """The one insert of ideas, as the file's: a random key and the cleaned text each."""
    rows = b", ".join(
        b"('%s', %s)" % (secrets.token_hex(16).encode(), sql.Literal(text).as_bytes(connection))
        for text in texts
    )
    return b"INSERT INTO ideas (key, text) VALUES " + rows
