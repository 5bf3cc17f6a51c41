"""Copying a whole session from one backend to the other (`rmworkshop copy`): every row of
every table, read in one transaction and written in one, in a shuffled order.

Both backends hold the same tables (`TABLES`), so a copy is their rows. Nothing that breaks
anonymity travels with them: ideas carry no author, ballots are tallies and ``voted`` marks,
and the rows of each table are written in a random order, all in one transaction, so neither
the file's row order nor the database's row positions and transaction ids say in which order
anything was written at the source.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

from rmworkshop.store.database import Database

TABLES = (
    "meta",
    "clock",
    "phases",
    "people",
    "ideas",
    "owners",
    "rounds",
    "turns",
    "pairs",
    "hands",
    "devices",
    "idea_requests",
    "dismissed",
    "checkins",
)
"""Every table of a session, in an order that writes them without breaking a reference."""


class Table(NamedTuple):
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


SessionRows = dict[str, Table]


def read_rows(db: Database) -> SessionRows:
    """Every row of every table, inside the caller's read transaction."""
    found: SessionRows = {}
    for table in TABLES:
        result = db.execute(f"SELECT * FROM {table}")
        rows = [tuple(row) for row in result.fetchall()]
        found[table] = Table(tuple(str(column[0]) for column in result.description), rows)
    return found


def write_rows(db: Database, source: SessionRows, version: str, rng: random.Random) -> None:
    """Into a new session's empty tables, inside the caller's write transaction: the rows,
    each table's in a shuffled order, with the target's own schema version."""
    for table in TABLES:
        columns, rows = source[table]
        rows = list(rows)
        rng.shuffle(rows)
        if table == "meta":
            key = columns.index("key")
            rows = [row for row in rows if row[key] != "schema_version"]
            rows.append(("schema_version", version) if key == 0 else (version, "schema_version"))
        if table == "ideas":
            rows = _keepers_first(columns, rows)
        if not rows:
            continue
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _keepers_first(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Ideas in an order where each merged idea follows the one it was merged into (the
    reference is checked as each row is written), otherwise as shuffled."""
    key, into = columns.index("key"), columns.index("merged_into")
    placed: set[Any] = set()
    ordered: list[tuple[Any, ...]] = []
    waiting = rows
    while waiting:
        ready = [row for row in waiting if row[into] is None or row[into] in placed]
        if not ready:  # a reference to nothing: written as it is, the database refuses it
            ordered += waiting
            break
        ordered += ready
        placed.update(row[key] for row in ready)
        waiting = [row for row in waiting if row[key] not in placed]
    return ordered
