"""What every store operation stands on: the open file, its write transaction, snapshots,
and the reading operations of the store contract."""

from __future__ import annotations

import random
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from rmworkshop.core.claims import check_acting
from rmworkshop.core.clock import Clock
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.plan import Plan
from rmworkshop.core.rules.stage import Stage
from rmworkshop.core.session import Session
from rmworkshop.core.text import clean_read
from rmworkshop.store.contract import Device
from rmworkshop.store.sqlite import connection, pairs, reading
from rmworkshop.store.sqlite.compaction import Compaction
from rmworkshop.store.sqlite.connection import read, write
from rmworkshop.store.sqlite.problems import failure


class StoreBase:
    """A session file opened by one process. Safe to use from several processes at once.

    ``patience`` is how many seconds a write waits for another program's before it is
    refused as `Busy` (commands wait 30 s; a console waits less and tries again itself).
    """

    def __init__(
        self,
        path: Path,
        db: sqlite3.Connection,
        clock: Clock,
        rng: random.Random | None = None,
        patience: float | None = None,
    ) -> None:
        self.path = path
        self._db = db
        self._clock = clock
        # Display numbers are dealt in this random order at reveal; tests may fix it.
        self._rng = rng or secrets.SystemRandom()
        self._ideas = reading.IdeaCache()
        busy_ms = connection.BUSY_TIMEOUT_MS if patience is None else max(0, round(patience * 1000))
        db.execute(f"PRAGMA busy_timeout = {busy_ms}")
        self._compaction = Compaction(db, clock, busy_ms)

    def close(self) -> None:
        self._compaction.settle()
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll often."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def snapshot(self) -> Session:
        with read(self._db) as db:
            return reading.snapshot(db, self._ideas)

    def unrevealed(self) -> int:
        with read(self._db) as db:
            (count,) = db.execute("SELECT count(*) FROM ideas WHERE number IS NULL").fetchone()
        return int(count)

    def merged_texts(self) -> dict[int, list[str]]:
        """Texts merged into each idea, by the idea's display number."""
        with read(self._db) as db:
            rows = db.execute(
                "SELECT k.number, m.text FROM ideas m JOIN ideas k ON k.key = m.merged_into"
                " ORDER BY m.number"
            ).fetchall()
        merged: dict[int, list[str]] = {}
        for number, text in rows:
            merged.setdefault(number, []).append(clean_read(text))
        return merged

    def check_writable(self) -> None:
        """`StorageError` when nothing could be stored now (a read-only file, say). A write
        statement that changes nothing: SQLite refuses it on a read-only file at once."""
        try:
            self._db.execute("UPDATE meta SET value = value WHERE 0")
        except sqlite3.Error as error:
            raise failure(self.path, error, writing=False) from None

    # -- inside a write --------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; once it has committed, finish any compaction that is due."""
        with write(self._db) as db:
            yield db
        self._compaction.settle()

    def _mark_for_compaction(self, db: sqlite3.Connection) -> None:
        self._compaction.mark(db)

    def _now(self) -> float:
        return self._clock.now()

    def _session(self, db: sqlite3.Connection) -> Session:
        return reading.snapshot(db, self._ideas)

    def _check_device(self, db: sqlite3.Connection, device: str | None, member: Member) -> None:
        """A device acts as `member` only while it holds the name; a kiosk only for someone
        present whose name no device holds."""
        if device is None:
            return
        found = device_row(db, device)
        held = db.execute("SELECT 1 FROM devices WHERE person = ?", (member.id,)).fetchone()
        check_acting(
            found is not None,
            bool(found and found.kiosk),
            found.person if found else None,
            member,
            held is not None,
        )

    def _set_meta(self, db: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _stage(self, db: sqlite3.Connection) -> Stage:
        """Where the session stands, from the clock and two settings, not a full snapshot.

        Submitting is the busiest write of a workshop, and it must not read every person and
        idea to answer one question. Inside the write lock, which every other writer is
        waiting for: two small reads (the agenda is read once; it never changes).
        """
        info = dict(
            db.execute("SELECT key, value FROM meta WHERE key IN ('voting_opened', 'started')")
        )
        index, phase_timer, _ = reading.timer(db)
        if self._plan is None:
            (stored,) = db.execute("SELECT value FROM meta WHERE key = 'agenda'").fetchone()
            self._plan = reading.agenda(stored)
        return Stage(
            phases=self._plan.phases,
            current=index,
            started=info.get("started") is not None,
            finished=phase_timer.state == "finished",
            voting_opened=info.get("voting_opened") == "1",
        )

    _plan: Plan | None = None


def device_row(db: sqlite3.Connection, digest: str) -> Device | None:
    """The joined device with this token digest, as the transaction sees it."""
    row = db.execute(
        "SELECT kiosk, person, waiting FROM devices WHERE digest = ?", (digest,)
    ).fetchone()
    return Device(digest, bool(row[0]), row[1], row[2]) if row else None


def insert_person(
    db: sqlite3.Connection, name: str, level: str, profile: Profile | None = None
) -> Member:
    """The one insert into people: a new person (present), with what they bring to pairs."""
    cursor = db.execute(
        "INSERT INTO people (name, name_key, level, team, teaches, learns, mentor)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (name, name.casefold(), level, *pairs.profile_columns(profile or Profile())),
    )
    assert cursor.lastrowid is not None
    return Member(cursor.lastrowid, name, level, True)


def set_profile(db: sqlite3.Connection, person: int, profile: Profile) -> None:
    db.execute(
        "UPDATE people SET team = ?, teaches = ?, learns = ?, mentor = ? WHERE id = ?",
        (*pairs.profile_columns(profile), person),
    )
