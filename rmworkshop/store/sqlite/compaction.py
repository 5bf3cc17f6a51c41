"""Rewriting the session file after a reveal and after the close of voting.

The raw bytes of a SQLite file and its write-ahead log keep the order rows were written in,
and the log keeps every earlier version of a page. Until rewritten, they could tell which idea
came when and, diffed, which ballot went with which voter. So a reveal or a close marks the
file, and the next write of any process rewrites it in key order (VACUUM; idea keys are
random) and empties the log (a TRUNCATE checkpoint). Freed space is zeroed (secure_delete).

Another process reading an old snapshot keeps the log alive, and the compaction cannot finish.
The mark then stays in the file, and each process tries again at most every `RETRY_SECONDS`
(by its injected clock), never on every write. The file is rewritten once per mark: a retry
only repeats the checkpoint, so while a reader holds the log it grows by at most one copy of
the file per reveal or close, plus the writes themselves.
"""

from __future__ import annotations

import secrets
import sqlite3
import time

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.store.sqlite.connection import is_busy, write

PENDING = "compact_pending"
"""Meta key set with a reveal or the close of voting, and removed once the file is rewritten."""
REWRITTEN = "rewritten"
"""The mark's value once the file has been rewritten and only emptying the log is left."""
ATTEMPTS = 3
"""Tries per compaction, a moment apart: a console's read takes milliseconds."""
WAIT_MS = 200
"""The busy timeout of each step; short, so no caller waits long."""
RETRY_SECONDS = 30.0
"""How often one process tries again while the compaction cannot finish."""


class Compaction:
    """The compaction and log emptying that one process still owes its session file."""

    def __init__(self, db: sqlite3.Connection, clock: Clock, busy_ms: int) -> None:
        self._db = db
        self._clock = clock
        self._busy_ms = busy_ms
        self._next_try = float("-inf")
        self.log_due = False
        """A ballot was cast: emptying the log soon keeps its frames from being diffed."""

    def mark(self, db: sqlite3.Connection) -> None:
        """Inside the write transaction of a reveal or close: the file must be rewritten.

        Each mark is new, so a rewrite that started before it cannot clear it."""
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (PENDING, secrets.token_hex(8)))
        self._next_try = float("-inf")  # a fresh mark is compacted at once

    def settle(self) -> None:
        """After a write has committed: compact if due and not tried too recently, else empty
        the log if a ballot asked for it. Best effort: a failure here is not the write's."""
        now = self._clock.now()
        try:
            if now >= self._next_try:
                mark = self._pending()
                if mark is not None:
                    if not self._compact(mark):
                        self._next_try = now + RETRY_SECONDS
                    return
            if self.log_due:
                self.log_due = not self._checkpoint(0)
        except sqlite3.Error:
            self._next_try = now + RETRY_SECONDS  # still marked in the file; tried again later

    def _pending(self) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (PENDING,)).fetchone()
        return None if row is None else str(row[0])

    def _compact(self, mark: str) -> bool:
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(0.02)
            try:
                if mark != REWRITTEN:
                    self._run(WAIT_MS, "VACUUM")
                    with write(self._db) as db:  # unless marked again meanwhile
                        db.execute(
                            "UPDATE meta SET value = ? WHERE key = ? AND value = ?",
                            (REWRITTEN, PENDING, mark),
                        )
                    mark = REWRITTEN
                if self._checkpoint(WAIT_MS):
                    with write(self._db) as db:
                        db.execute(
                            "DELETE FROM meta WHERE key = ? AND value = ?", (PENDING, REWRITTEN)
                        )
                    self._checkpoint(WAIT_MS)
                    self.log_due = False
                    return True
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
            except Refused:
                pass  # busy while updating the mark; try again
        return False

    def _checkpoint(self, wait_ms: int) -> bool:
        """Copy the log into the file and truncate it; False when a reader or writer is busy."""
        busy, _, _ = self._run(wait_ms, "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    def _run(self, wait_ms: int, statement: str) -> sqlite3.Cursor:
        """Run one statement with a shorter busy timeout than ordinary writes."""
        self._db.execute(f"PRAGMA busy_timeout = {wait_ms}")
        try:
            return self._db.execute(statement)
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {self._busy_ms}")
