"""The PostgreSQL backend of the store contract: many sessions in one database, served by
several hosts at once.

Only the code that wires a program together (`rmworkshop.sessions` and the command line)
imports it, as for the session file.

- `address`: ``postgresql://...?session=NAME``, read in one place, never with a password
- `session`: `PostgresStore`, one session: opening it, its version and notifications;
  `transactions`: its reads and writes; `writes`: the statements its writes send
- `schema`: the registry and each session's tables; `registry`: creating, finding, listing
  and copying sessions
- `connection`: connecting, the settings each transaction begins with, the adapter the shared
  operations speak through, failures as one line; `pool`: the process's connections to one
  database, shared by its handles; `privacy`: rewriting rows at a reveal and at the close of
  voting
- `listener`: hearing other hosts' commits (LISTEN/NOTIFY); `listing`: a database's sessions
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmworkshop.store.postgres.address import Address, is_address, parse

if TYPE_CHECKING:
    from rmworkshop.store.postgres.session import PostgresStore

__all__ = ["Address", "PostgresStore", "is_address", "parse"]


def __getattr__(name: str) -> object:
    """`PostgresStore` is imported when first asked for: a program on a session file never
    loads the database driver (tens of milliseconds and megabytes at every start)."""
    if name == "PostgresStore":
        from rmworkshop.store.postgres.session import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
