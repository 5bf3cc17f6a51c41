"""What the shared store operations need of a database connection, whichever backend holds it.

The operations of `rmworkshop.store.sqlite.operations` speak a small portable SQL (``?``
placeholders, ``ON CONFLICT``, ``RETURNING``) that SQLite runs as it is and the PostgreSQL
backend runs through its adapter (`rmworkshop.store.postgres.connection.Database`). Each
backend supplies its own transactions, its own schema and its own privacy housekeeping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol


class Rows(Protocol):
    """The result of one statement: its rows, and how many rows it changed."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...

    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any:
        """The result's columns, each a sequence whose first item is its name."""


class Database(Protocol):
    """One open connection, inside the transaction its store began."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Rows: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Rows: ...
