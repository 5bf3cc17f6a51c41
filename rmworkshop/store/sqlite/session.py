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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import BadFile
from rmworkshop.core.people import DEFAULT_LEVELS
from rmworkshop.core.plan import Plan
from rmworkshop.store.sqlite import pairs, reading
from rmworkshop.store.sqlite.connection import (
    create_file,
    ensure_wal,
    not_a_session,
    open_file,
    write,
)
from rmworkshop.store.sqlite.operations.base import insert_person
from rmworkshop.store.sqlite.operations.checkins import CheckinOperations
from rmworkshop.store.sqlite.operations.devices import DeviceOperations
from rmworkshop.store.sqlite.operations.people import PeopleOperations
from rmworkshop.store.sqlite.operations.phases import PhaseOperations
from rmworkshop.store.sqlite.problems import Damaged, check_contents
from rmworkshop.store.sqlite.schema import FORMAT, MIGRATIONS, SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:  # checked files come from the loaders; reading needs no pydantic
    from rmworkshop.core.roster import Roster


class SessionStore(PhaseOperations, PeopleOperations, DeviceOperations, CheckinOperations):
    """A session file opened by one process. Safe to use from several processes at once."""

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
        # A checked agenda file, or a bundled one recognised without the schema (see agendas).
        plan = agenda
        levels = list(roster.levels) if roster else list(DEFAULT_LEVELS)
        people = list(roster.people) if roster else []
        db = create_file(path)
        try:
            with write(db):
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                values = {
                    "format": FORMAT,
                    "schema_version": str(SCHEMA_VERSION),
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
                db.executemany(
                    "INSERT INTO phases (idx) VALUES (?)", [(i,) for i in range(len(plan.phases))]
                )
                for person in people:
                    insert_person(db, person.name, person.level, person.profile())
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


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a session file written by an older rmworkshop up to this schema, in place."""
    with write(db):
        for old in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[old].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
