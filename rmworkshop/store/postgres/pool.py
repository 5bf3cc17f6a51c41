"""The connections of one process to a database: one small pool per address, shared by every
handle on it, each transaction borrowing a connection for its duration.

A participant server holds two handles on its session (one reads, one writes) and a
facilitator console several. All handles of one process on one database address (its
conninfo) share one `psycopg_pool.ConnectionPool` of at most `MAX_CONNECTIONS` connections,
opened with the first handle and closed with the last (or when the program exits), which waits
for the pool's first connection: a first transaction that found the pool empty would grow it, and
a process writing alone would keep two connections, each lent in turn. The listener of a
session keeps a connection of its own, outside the pool (LISTEN needs one).

The pool serves handles of several sessions and of several patiences, so a connection keeps
nothing of any of them: each transaction sets its session's schema and its lock timeout for
itself (`connection.begin`), in the round trip that begins it and keeps the pool to one per address.

A connection is checked before it is lent: one the server ended (a restart, an administrator)
is replaced before a transaction meets it, so the next write just goes through. A server that
ends a connection says why and closes it, so an idle connection with something to read is
checked with an empty statement (a round trip); one with nothing to read is lent at once.
While the server cannot be reached, the pool's attempt to connect fails; a
transaction waiting for a connection then fails at once with what that attempt found (one
line through `connection.problems`), instead of waiting out `WAIT_SECONDS`. The pool does not
keep trying in the background: the next transaction asks again, so a server that is back is
used at once. Connecting still gives up after `CONNECT_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import atexit
import select
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Self

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from rmworkshop.store.postgres.connection import (
    APPLICATION,
    CONNECT_TIMEOUT_SECONDS,
    Connection,
)

MIN_CONNECTIONS = 1
MAX_CONNECTIONS = 4
"""A process's connections to one database address, at most (its listeners aside)."""
WAIT_SECONDS = CONNECT_TIMEOUT_SECONDS + 2.0
"""How long a transaction waits for a connection: one attempt to connect, and a little."""
LOOK_SECONDS = 0.05
"""How often a transaction waiting for a connection looks whether connecting failed."""
FIRST_LOOK_SECONDS = 0.002
"""How often a new pool is looked at until its first connection is made."""


class _Recording(psycopg.Connection[tuple[Any, ...]]):
    """A connection made by a pool, which keeps the last failure to connect to each address
    for the transactions waiting on that pool."""

    @classmethod
    def connect(cls, conninfo: str = "", **kwargs: Any) -> Self:
        try:
            return super().connect(conninfo, **kwargs)
        except psycopg.Error as error:
            with _lock:
                _failures[conninfo] = (time.monotonic(), error)
            raise


@dataclass
class _Shared:
    pool: ConnectionPool[_Recording]
    users: int = 0
    made: weakref.WeakSet[Connection] = field(default_factory=weakref.WeakSet)
    """Every connection the pool made that is still alive somewhere (for `Lease.pids`)."""


_lock = threading.Lock()
_pools: dict[str, _Shared] = {}
_failures: dict[str, tuple[float, psycopg.Error]] = {}


class Lease:
    """One handle's use of its process's pool for a database address; `close` gives it up
    (the pool closes with its last lease)."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        with _lock:
            shared = _pools.get(conninfo)
            made = shared is None
            if shared is None:
                shared = _pools[conninfo] = _open(conninfo)
            shared.users += 1
        self._shared: _Shared | None = shared
        if made:
            self._first_made(shared.pool)

    def _first_made(self, pool: ConnectionPool[_Recording]) -> None:
        """Wait for the pool's first connection (or a failure to make it), so that the first
        transaction does not find the pool empty and grow it: a process that writes alone
        then keeps one connection to the server, not two lent in turn."""
        began = time.monotonic()
        while time.monotonic() - began < WAIT_SECONDS:
            if pool.get_stats().get("pool_available", 0):
                return
            with _lock:
                at, _ = _failures.get(self._conninfo, (float("-inf"), None))
            if at >= began:
                return  # the first transaction says what connecting found
            time.sleep(FIRST_LOOK_SECONDS)

    @property
    def pool(self) -> ConnectionPool[_Recording]:
        if self._shared is None:
            raise psycopg.OperationalError("the session has been closed")
        return self._shared.pool

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection of the pool, checked, for the caller's transaction; returned after.
        Raises a psycopg error (`PoolTimeout` among them) when none can be had."""
        pool = self.pool
        connection = self._borrow(pool)
        try:
            yield connection
        finally:
            pool.putconn(connection)

    def _borrow(self, pool: ConnectionPool[_Recording]) -> _Recording:
        began = time.monotonic()
        deadline = began + WAIT_SECONDS
        while True:
            try:
                left = deadline - time.monotonic()
                return pool.getconn(timeout=max(0.001, min(LOOK_SECONDS, left)))
            except PoolTimeout:
                with _lock:
                    at, error = _failures.get(self._conninfo, (float("-inf"), None))
                if error is not None and at >= began:
                    raise error from None
                if time.monotonic() >= deadline:
                    raise

    def pids(self) -> list[int]:
        """The server processes of the pool's connections now, idle or lent."""
        if self._shared is None:
            return []
        with _lock:
            made = list(self._shared.made)
        return sorted(c.info.backend_pid for c in made if not c.closed)

    def close(self) -> None:
        shared, self._shared = self._shared, None
        if shared is None:
            return
        with _lock:
            shared.users -= 1
            last = shared.users == 0
            if last and _pools.get(self._conninfo) is shared:
                del _pools[self._conninfo]
                _failures.pop(self._conninfo, None)
        if last:
            shared.pool.close()


def _open(conninfo: str) -> _Shared:
    made: weakref.WeakSet[Connection] = weakref.WeakSet()

    def configure(connection: _Recording) -> None:
        with _lock:
            made.add(connection)

    pool = ConnectionPool(
        conninfo,
        connection_class=_Recording,
        kwargs={
            "autocommit": True,
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "application_name": APPLICATION,
        },
        min_size=MIN_CONNECTIONS,
        max_size=MAX_CONNECTIONS,
        configure=configure,
        check=_check,
        timeout=WAIT_SECONDS,
        reconnect_timeout=0,
        open=True,
    )
    return _Shared(pool, made=made)


def _check(connection: _Recording) -> None:
    """Raise when the connection cannot serve a transaction (see the module's notes)."""
    if connection.closed or connection.broken:
        raise psycopg.OperationalError("the connection is closed")
    poll = select.poll()
    poll.register(connection.fileno(), select.POLLIN)
    if poll.poll(0):
        ConnectionPool.check_connection(connection)


@atexit.register
def _close_all() -> None:
    """At exit: every pool still open, so the server sees its connections end cleanly."""
    with _lock:
        shared = list(_pools.values())
        _pools.clear()
    for each in shared:
        each.pool.close(timeout=1.0)
