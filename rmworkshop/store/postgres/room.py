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

from psycopg import sql

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import StorageError
from rmworkshop.store.contract import ROOM_ALIVE_SECONDS, Count, RoomKeys
from rmworkshop.store.postgres.connection import Connection, Cursor, problems
from rmworkshop.store.postgres.schema import REGISTRY

T = TypeVar("T")


class RoomOperations:
    """`RoomStore` for `PostgresStore`."""

    schema: str
    _where: str
    _clock: Clock

    def _transaction(
        self, writing: bool, first: sql.Composable | None = None
    ) -> AbstractContextManager[tuple[Connection, Cursor]]:
        raise NotImplementedError

    def room_keys(self, proposed: RoomKeys) -> RoomKeys | None:
        with (
            problems(self._where, writing=True),
            self._transaction(writing=True) as (connection, _),
        ):
            row = connection.execute(
                f"INSERT INTO {REGISTRY}.rooms"
                " (schema, code, kiosk_code, attempt_key, url, seen)"
                " VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (schema) DO UPDATE SET url = excluded.url, seen = excluded.seen"
                " RETURNING code, kiosk_code, attempt_key, url",
                (self.schema, *proposed, self._clock.now()),
            ).fetchone()
        if row is None:
            raise StorageError(f"{self._where}: the session has been removed from the database")
        return RoomKeys(*(str(value) for value in row))

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
            connection.execute(
                f"DELETE FROM {REGISTRY}.counts WHERE schema = %s AND at < %s",
                (self.schema, forget_before),
            )
            found = connection.execute(
                f"SELECT key, amount, at FROM {REGISTRY}.counts"
                " WHERE schema = %s AND key = ANY(%s)",
                (self.schema, list(keys)),
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
