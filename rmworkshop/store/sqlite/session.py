"""`SessionStore`: the SQLite session file, opened or created, with every operation of the
store contract (`rmworkshop.store.contract.Store`).

The operations live in `rmworkshop.store.sqlite.operations`, one module per part of a workshop; the
rules they run inside each transaction come from `rmworkshop.core.rules`; compaction after a
reveal and the close of voting is in `rmworkshop.store.sqlite.compaction`.
"""

from __future__ import annotations

import json
import random
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import BadFile
from rmworkshop.core.people import DEFAULT_LEVELS
from rmworkshop.core.plan import Plan
from rmworkshop.store.counts import MemoryRoom
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite import connection, pairs, reading
from rmworkshop.store.sqlite.compaction import Compaction
from rmworkshop.store.sqlite.connection import (
    create_file,
    ensure_wal,
    not_a_session,
    open_file,
    read,
    write,
)
from rmworkshop.store.sqlite.operations.base import insert_person
from rmworkshop.store.sqlite.operations.checkins import CheckinOperations
from rmworkshop.store.sqlite.operations.devices import DeviceOperations
from rmworkshop.store.sqlite.operations.people import PeopleOperations
from rmworkshop.store.sqlite.operations.phases import PhaseOperations
from rmworkshop.store.sqlite.problems import Damaged, check_contents, failure
from rmworkshop.store.sqlite.schema import FORMAT, MIGRATIONS, SCHEMA, SCHEMA_VERSION
from rmworkshop.store.transfer import SessionRows, write_rows

if TYPE_CHECKING:  # checked files come from the loaders; reading needs no pydantic
    from rmworkshop.core.roster import Roster


class SessionStore(
    PhaseOperations, PeopleOperations, DeviceOperations, CheckinOperations, MemoryRoom
):
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
        super().__init__(clock, rng)
        MemoryRoom.__init__(self)
        self.path = path
        self._db = db
        busy_ms = connection.BUSY_TIMEOUT_MS if patience is None else max(0, round(patience * 1000))
        db.execute(f"PRAGMA busy_timeout = {busy_ms}")
        self._compaction = Compaction(db, clock, busy_ms)

    @property
    def place(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        return self.path.stem

    def close(self) -> None:
        self._compaction.settle()
        self._db.close()

    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll often."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def watch(self, changed: Callable[[], None]) -> None:
        """A file tells nobody of its commits: its readers poll `data_version`."""

    def check_writable(self) -> None:
        """`StorageError` when nothing could be stored now (a read-only file, say). A write
        statement that changes nothing: SQLite refuses it on a read-only file at once."""
        try:
            self._db.execute("UPDATE meta SET value = value WHERE 0")
        except sqlite3.Error as error:
            raise failure(self.path, error, writing=False) from None

    @contextmanager
    def _write(
        self, alongside: bool = False, reads: tuple[str, ...] = ()
    ) -> Iterator[sqlite3.Connection]:
        """One write transaction; once it has committed, finish any compaction that is due.
        A file's writes all run one after another, ``alongside`` or not; its reads cost no
        round trip, so ``reads`` are made when asked, and a list of files reads each file."""
        with write(self._db) as db:
            yield db
        self._compaction.settle()

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        return read(self._db)

    def _mark_for_compaction(self, db: Database) -> None:
        self._compaction.mark(self._db)  # the same connection, inside its write

    def _after_ballot(self, db: Database) -> None:
        # Each ballot's frames in the log, diffed with the one before, would show who chose
        # what; emptying the log after every ballot keeps that window short.
        self._compaction.log_due = True

    @classmethod
    def create(
        cls,
        path: Path,
        agenda: Plan,
        agenda_name: str,
        clock: Clock,
        roster: Roster | None = None,
        seed: int | None = None,
        rng: random.Random | None = None,
        history: Sequence[Sequence[str]] = (),
        patience: float | None = None,
    ) -> SessionStore:
        settings = {"format": FORMAT, "schema_version": str(SCHEMA_VERSION)}
        return cls._made(
            path,
            lambda db: fill_new(db, settings, agenda, agenda_name, clock, roster, seed, history),
            clock,
            rng,
            patience,
        )

    @classmethod
    def create_copy(cls, path: Path, rows: SessionRows, clock: Clock) -> SessionStore:
        """A new session file holding these rows of another session (`transfer`)."""
        shuffle = secrets.SystemRandom()
        return cls._made(
            path, lambda db: write_rows(db, rows, str(SCHEMA_VERSION), shuffle), clock, None, None
        )

    @classmethod
    def _made(
        cls,
        path: Path,
        fill: Callable[[sqlite3.Connection], None],
        clock: Clock,
        rng: random.Random | None,
        patience: float | None,
    ) -> SessionStore:
        db = create_file(path)
        try:
            with write(db):
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                fill(db)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.close()
            path.unlink(missing_ok=True)
            raise
        return cls(path, db, clock, rng, patience)

    @classmethod
    def open(
        cls,
        path: Path,
        clock: Clock,
        rng: random.Random | None = None,
        patience: float | None = None,
    ) -> SessionStore:
        db = open_file(path)
        try:
            info = reading.meta(db)
        except sqlite3.DatabaseError as error:
            db.close()
            raise not_a_session(path, error) from None
        if info.get("format") != FORMAT:
            db.close()
            raise BadFile(f"{path}: not an rmworkshop session file")
        if info.get("schema_version") in {str(old) for old in MIGRATIONS}:
            migrate(db, int(info["schema_version"]))
        elif info.get("schema_version") != str(SCHEMA_VERSION):
            db.close()
            raise BadFile(
                f"{path}: session file version {info.get('schema_version')} is not supported;"
                f" this rmworkshop reads version {SCHEMA_VERSION}"
            )
        try:
            ensure_wal(db)
            check_contents(db, path)
        except sqlite3.DatabaseError as error:
            db.close()
            raise not_a_session(path, error) from None
        except Damaged:
            db.close()
            raise
        return cls(path, db, clock, rng, patience)


def fill_new(
    db: Database,
    settings: dict[str, str],
    plan: Plan,
    agenda_name: str,
    clock: Clock,
    roster: Roster | None,
    seed: int | None,
    history: Sequence[Sequence[str]],
) -> None:
    """A new session's first rows, in its empty tables, for every backend: its settings
    (with the backend's own ``settings``), the clock before the start, and the roster."""
    levels = list(roster.levels) if roster else list(DEFAULT_LEVELS)
    values = {
        **settings,
        "agenda": plan.to_json(),
        "agenda_name": agenda_name,
        "levels": json.dumps(levels),
        "seed": str(seed if seed is not None else secrets.randbelow(2**31)),
        "created": repr(clock.now()),
        "hand_sequence": "0",
        pairs.HISTORY_KEY: pairs.history_value((), history),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", values.items())
    db.execute(
        "INSERT INTO clock (id, phase, state, remaining) VALUES (1, 0, 'paused', ?)",
        (plan.phases[0].planned_seconds,),
    )
    db.executemany("INSERT INTO phases (idx) VALUES (?)", [(i,) for i in range(len(plan.phases))])
    for person in roster.people if roster else []:
        insert_person(db, person.name, person.level, person.profile())


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a session file written by an older rmworkshop up to this schema, in place."""
    with write(db):
        for old in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[old].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
