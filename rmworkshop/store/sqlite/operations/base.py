"""What every store operation stands on, whichever backend holds the session: snapshots, the
reading operations of the store contract, and the helpers the writes share.

A backend subclasses the operations and supplies its connection, its transactions (`_write`,
`_read`) and its privacy housekeeping (`_mark_for_compaction`, `_after_ballot`); the SQL here
is the portable subset both backends run (see `rmworkshop.store.database`)."""

from __future__ import annotations

import random
import secrets
from contextlib import AbstractContextManager
from typing import Any, Self

from rmworkshop.core.claims import check_acting
from rmworkshop.core.clock import Clock
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.plan import Plan
from rmworkshop.core.rules.stage import Stage
from rmworkshop.core.session import Session
from rmworkshop.core.text import clean_read
from rmworkshop.store.contract import Device
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite import pairs, problems, reading
from rmworkshop.store.transfer import SessionRows, read_rows


class StoreBase:
    """One session opened by one process. Safe to use from several processes at once."""

    def __init__(self, clock: Clock, rng: random.Random | None = None) -> None:
        self._clock = clock
        # Display numbers are dealt in this random order at reveal; tests may fix it.
        self._rng = rng or secrets.SystemRandom()
        self._cache = reading.ReadCache()

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the backend's part ------------------------------------------------------------------

    def _write(
        self, alongside: bool = False, reads: tuple[str, ...] = ()
    ) -> AbstractContextManager[Database]:
        """One write transaction: all of it is stored, or none of it. Writes run one after
        another, as if alone; a backend may run those marked ``alongside`` side by side with
        each other, and still never beside any other write. Such a write adds rows no other
        reads (an idea's submission), or changes shared rows only by adding to them and
        claims its own with a check that the claim is still free (a ballot), and changes
        nothing a list of sessions shows (phase, people). ``reads`` are statements without
        parameters that the write asks first, before anything else: a database server may
        answer them in the round trip that begins the transaction."""
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Database]:
        """A consistent read of several tables."""
        raise NotImplementedError

    def _mark_for_compaction(self, db: Database) -> None:
        """Inside the write of a reveal or the close of voting: what was written before must
        no longer show when or with what it was written."""
        raise NotImplementedError

    def _after_ballot(self, db: Database) -> None:
        """Inside the write of a ballot, once its tallies and the voter's mark are written."""
        raise NotImplementedError

    # -- reading ---------------------------------------------------------------------------

    def rows(self) -> SessionRows:
        """Every row of every table, read in one transaction: the session, for a copy."""
        with self._read() as db:
            return read_rows(db)

    def snapshot(self) -> Session:
        with self._read() as db:
            return reading.snapshot(db, self._cache)

    def unrevealed(self) -> int:
        with self._read() as db:
            (count,) = db.execute("SELECT count(*) FROM ideas WHERE number IS NULL").fetchone()
        return int(count)

    def merged_texts(self) -> dict[int, list[str]]:
        """Texts merged into each idea, by the idea's display number."""
        with self._read() as db:
            rows = db.execute(
                "SELECT k.number, m.text FROM ideas m JOIN ideas k ON k.key = m.merged_into"
                " ORDER BY m.number"
            ).fetchall()
        merged: dict[int, list[str]] = {}
        for number, text in rows:
            merged.setdefault(number, []).append(clean_read(text))
        return merged

    # -- inside a write --------------------------------------------------------------------

    def _now(self) -> float:
        return self._clock.now()

    def _session(self, db: Database, texts: bool = True) -> Session:
        """The whole session; without ``texts``, its ideas are their numbers alone."""
        return reading.snapshot(db, self._cache if texts else None, texts)

    def _check_device(self, db: Database, device: str | None, member: Member) -> None:
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

    def _set_meta(self, db: Database, key: str, value: str | None) -> None:
        if value is None:
            db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            db.execute(
                "INSERT INTO meta VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def _stage(self, db: Database) -> Stage:
        """Where the session stands, from the clock and two settings, not a full snapshot.

        Submitting is the busiest write of a workshop, and it must not read every person and
        idea to answer one question. Inside the write lock, which other writers wait for (on
        a database server, every writer but other submissions): one small read (the agenda is
        read once; it never changes).
        """
        row = tuple(problems.clock_row(db.execute(STAGE).fetchone()))
        if self._plan is None:
            (stored,) = db.execute("SELECT value FROM meta WHERE key = 'agenda'").fetchone()
            self._plan = reading.agenda(stored)
        self._seen_stage = row
        return self._stage_of(row)

    def _stage_of(self, row: tuple[Any, ...]) -> Stage:
        """A `Stage` from a row of `STAGE`, once the agenda has been read."""
        assert self._plan is not None
        index, state, voting_opened, started = row
        return Stage(
            phases=self._plan.phases,
            current=index,
            started=bool(started),
            finished=state == "finished",
            voting_opened=voting_opened == "1",
        )

    _plan: Plan | None = None
    _seen_stage: tuple[Any, ...] | None = None
    """The row of `STAGE` this handle read last, in any write: a database server's store
    decides a submission on it first, and its insert holds only while the row is the same."""


STAGE = (
    "SELECT phase, state,"
    " (SELECT value FROM meta WHERE key = 'voting_opened'),"
    " (SELECT count(*) FROM meta WHERE key = 'started')"
    " FROM clock WHERE id = 1"
)
"""Where the session stands (`StoreBase._stage`), in SQL both backends run as it is."""


def device_row(db: Database, digest: str) -> Device | None:
    """The joined device with this token digest, as the transaction sees it."""
    row = db.execute(
        "SELECT kiosk, person, waiting FROM devices WHERE digest = ?", (digest,)
    ).fetchone()
    return Device(digest, bool(row[0]), row[1], row[2]) if row else None


def insert_person(db: Database, name: str, level: str, profile: Profile | None = None) -> Member:
    """The one insert into people: a new person (present), with what they bring to pairs."""
    (person,) = db.execute(
        "INSERT INTO people (name, name_key, level, team, teaches, learns, mentor)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (name, name.casefold(), level, *pairs.profile_columns(profile or Profile())),
    ).fetchone()
    return Member(int(person), name, level, True)


def set_profile(db: Database, person: int, profile: Profile) -> None:
    db.execute(
        "UPDATE people SET team = ?, teaches = ?, learns = ?, mentor = ? WHERE id = ?",
        (*pairs.profile_columns(profile), person),
    )
