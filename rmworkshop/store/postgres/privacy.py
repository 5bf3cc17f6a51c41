"""Rewriting a session's rows at a reveal and at the close of voting, so that nothing the
database keeps about a row links a person to an idea or to a ballot choice.

PostgreSQL stamps each row version with the transaction that wrote it (``xmin``), places it
at a physical position (``ctid``) in the order rows were written, and may record when each
transaction committed (``track_commit_timestamp``). Until rewritten, a hidden idea's ``xmin``
and position follow the order ideas came in, and are shared with the submitting device's
request digest; after a ballot, the tallies it raised and the voter's ``voted`` mark share the
ballot's ``xmin``. So, inside the transaction of a reveal or of the close of voting, the rows
of those tables are deleted and written again in a shuffled order: every row then carries the
same ``xmin`` (and commit time), and positions follow the shuffle. Keys of ideas are random,
and nothing here is numbered from a sequence. The session's counters (see `schema`), each last
raised by a submission's or a ballot's transaction, are written again in place.

The old row versions stay in the table's pages as dead rows until a vacuum removes them:
`vacuum` runs once the rewrite has committed (best effort, as the file store's compaction).
"""

from __future__ import annotations

import random

from rmworkshop.store.database import Database
from rmworkshop.store.postgres.connection import Connection

WITHOUT_VACUUM_MS = 200
"""How long a vacuum waits for its lock before leaving the dead rows to autovacuum."""


def rewrite(db: Database, tables: tuple[str, ...], rng: random.Random) -> None:
    """Delete and insert again every row of these tables, in a shuffled order, inside the
    caller's transaction (references to them are checked at its commit)."""
    db.execute("SET CONSTRAINTS ALL DEFERRED")
    for table in tables:
        rows = [tuple(row) for row in db.execute(f"SELECT * FROM {table}").fetchall()]
        if not rows:
            continue
        rng.shuffle(rows)
        db.execute(f"DELETE FROM {table}")
        marks = ", ".join("?" * len(rows[0]))
        extra = " OVERRIDING SYSTEM VALUE" if table == "people" else ""
        db.executemany(f"INSERT INTO {table}{extra} VALUES ({marks})", rows)
    for table in STAMPED:
        db.execute(f"UPDATE {table} SET n = n")


TABLES = ("ideas", "idea_requests", "people")
"""Rewritten at every reveal and at the close of voting."""
STAMPED = ("counters",)
"""Rewritten in place (their count ``n`` unchanged) at every reveal and at the close of voting:
each counter was last raised by a submission or a ballot, whose transaction also wrote its idea,
or its tallies and its voter's mark."""


def vacuum(connection: Connection, schema: str) -> None:
    """Rebuild the rewritten tables of the session in ``schema`` (``VACUUM FULL``: a new file,
    indexes rebuilt, no dead rows), outside any transaction, waiting briefly for readers;
    raises when it cannot, to be tried again later."""
    connection.execute(f"SET lock_timeout = {WITHOUT_VACUUM_MS}")
    try:
        for table in (*TABLES, *STAMPED):
            connection.execute(f"VACUUM FULL {schema}.{table}")
    finally:
        connection.execute("RESET lock_timeout")
