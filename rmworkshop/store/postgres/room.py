"""What the participant servers of one database session share (`RoomStore`): the room's keys,
kept by the first server to ask, and the counts of wrong codes and of the room's code checks.

Both live in the registry (``rooms`` and ``counts``), apart from the session's own tables:
they are not session data, so they are not copied with it, raise no version and wake no
listener. A change to the counts locks the session's row of ``rooms`` until its commit, so
the servers of one session, on any host, count one at a time. The keys under which counts are
kept are the servers' own keyed digests, never an address.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TypeVar

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import StorageError
from rmworkshop.core.joincode import FAILURE_WINDOW_SECONDS
from rmworkshop.store.contract import ROOM_ALIVE_SECONDS, Count, RoomKeys
from rmworkshop.store.postgres.connection import Connection, Cursor, Statement, problems
from rmworkshop.store.postgres.schema import REGISTRY

T = TypeVar("T")

MAX_COUNTS = 10_000
"""Counts a room keeps at most (wrong codes and busy answers, per attempt and per source)."""


class RoomOperations:
    """`RoomStore` for `PostgresStore`."""

    schema: str
    _where: str
    _clock: Clock

    def _transaction(
        self, writing: bool, first: Statement | None = None
    ) -> AbstractContextManager[tuple[Connection, Cursor]]:
        raise NotImplementedError

    def room_keys(self, proposed: RoomKeys) -> RoomKeys | None:
        now = self._clock.now()
        with (
            problems(self._where, writing=True),
            self._transaction(writing=True) as (connection, _),
        ):
            connection.execute(
                f"INSERT INTO {REGISTRY}.rooms"
                " (schema, code, kiosk_code, attempt_key, url, seen)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (schema) DO NOTHING",
                (self.schema, *proposed, now),
            )
            row = connection.execute(
                f"SELECT attempt_key, seen FROM {REGISTRY}.rooms WHERE schema = %s FOR UPDATE",
                (self.schema,),
            ).fetchone()
            if row is None:
                raise StorageError(f"{self._where}: the session has been removed from the database")
            if row[0] != proposed.attempt_key and float(row[1]) < now - ROOM_ALIVE_SECONDS:
                # Closed since: opened anew, with new codes and key, and nothing counted.
                connection.execute(
                    f"UPDATE {REGISTRY}.rooms SET code = %s, kiosk_code = %s,"
                    " attempt_key = %s WHERE schema = %s",
                    (proposed.code, proposed.kiosk_code, proposed.attempt_key, self.schema),
                )
                connection.execute(
                    f"DELETE FROM {REGISTRY}.counts WHERE schema = %s", (self.schema,)
                )
            forget(connection, self.schema, now - FAILURE_WINDOW_SECONDS)
            kept = connection.execute(
                f"UPDATE {REGISTRY}.rooms SET url = %s, seen = %s WHERE schema = %s"
                " RETURNING code, kiosk_code, attempt_key, url",
                (proposed.url, now, self.schema),
            ).fetchone()
        assert kept is not None  # the row is locked
        return RoomKeys(*(str(value) for value in kept))

    def open_room(self) -> RoomKeys | None:
        with (
            problems(self._where, writing=False),
            self._transaction(writing=False) as (connection, _),
        ):
            row = connection.execute(
                f"SELECT code, kiosk_code, attempt_key, url FROM {REGISTRY}.rooms"
                " WHERE schema = %s AND seen >= %s",
                (self.schema, self._clock.now() - ROOM_ALIVE_SECONDS),
            ).fetchone()
        return None if row is None else RoomKeys(*(str(value) for value in row))

    def counted(
        self,
        keys: Sequence[str],
        change: Callable[[dict[str, Count]], tuple[T, Mapping[str, Count | None]]],
        forget_before: float,
    ) -> T:
        with (
            problems(self._where, writing=True),
            self._transaction(writing=True) as (connection, _),
        ):
            locked = connection.execute(
                f"SELECT 1 FROM {REGISTRY}.rooms WHERE schema = %s FOR UPDATE",
                (self.schema,),
            ).fetchone()
            if locked is None:
                raise StorageError(f"{self._where}: no server has opened this room")
            # Old rows are passed over here and deleted by the servers' heartbeat (`forget`),
            # so judging one code never scans the room's counts.
            found = connection.execute(
                f"SELECT key, amount, at FROM {REGISTRY}.counts"
                " WHERE schema = %s AND key = ANY(%s) AND at >= %s",
                (self.schema, list(keys), forget_before),
            ).fetchall()
            answer, changed = change(
                {str(key): (float(amount), float(at)) for key, amount, at in found}
            )
            for key, row in changed.items():
                if row is None:
                    connection.execute(
                        f"DELETE FROM {REGISTRY}.counts WHERE schema = %s AND key = %s",
                        (self.schema, key),
                    )
                else:
                    connection.execute(
                        f"INSERT INTO {REGISTRY}.counts (schema, key, amount, at)"
                        " VALUES (%s, %s, %s, %s) ON CONFLICT (schema, key)"
                        " DO UPDATE SET amount = excluded.amount, at = excluded.at",
                        (self.schema, key, *row),
                    )
        return answer


def forget(connection: Connection, schema: str, before: float) -> None:
    """Forget a room's counts last changed before `before`, and its oldest beyond
    `MAX_COUNTS`, so that neither time nor a flood of attempts makes them grow."""
    connection.execute(
        f"DELETE FROM {REGISTRY}.counts WHERE schema = %s AND at < %s", (schema, before)
    )
    connection.execute(
        f"DELETE FROM {REGISTRY}.counts WHERE schema = %s AND key IN ("
        f" SELECT key FROM {REGISTRY}.counts WHERE schema = %s"
        " ORDER BY at DESC OFFSET %s)",
        (schema, schema, MAX_COUNTS),
    )
