"""Devices that joined through the participant server, and the names they hold.

A device is known only by the SHA-256 digest of its random token; the token itself is never
stored. A row says that a device joined, whether it is a kiosk, and which person (if any) it
speaks for. Nothing here touches ideas or ballots: a submitted idea leaves behind only a digest
of its request id (so a retried request stores it once), in a table of its own that refers to
nothing.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass

from rmworkshop.core.claims import check_claim
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.rules import ideas
from rmworkshop.core.rules.people import member_named
from rmworkshop.core.text import clean_idea, clean_name
from rmworkshop.store.connection import read
from rmworkshop.store.pairs import profile_columns
from rmworkshop.store.session import SessionStore

DEVICES_SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    digest TEXT PRIMARY KEY,
    kiosk  INTEGER NOT NULL DEFAULT 0,
    person INTEGER UNIQUE REFERENCES people (id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idea_requests (
    digest TEXT PRIMARY KEY
) WITHOUT ROWID;
"""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Device:
    digest: str
    kiosk: bool
    person: int | None


class Devices:
    """The device operations of one open session file."""

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self._ready = False

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Sessions made before devices existed gain the two tables on first use."""
        if not self._ready:
            for statement in DEVICES_SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            self._ready = True

    def _has_tables(self, db: sqlite3.Connection) -> bool:
        found = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'devices'"
        ).fetchone()[0]
        return bool(found)

    # -- reading -----------------------------------------------------------------------------
    def device(self, digest: str) -> Device | None:
        with read(self.store._db) as db:
            if not self._has_tables(db):
                return None
            row = db.execute(
                "SELECT kiosk, person FROM devices WHERE digest = ?", (digest,)
            ).fetchone()
        return Device(digest, bool(row[0]), row[1]) if row else None

    def claimed(self) -> dict[int, str]:
        """Each claimed person's id, with the digest of the device holding it."""
        with read(self.store._db) as db:
            if not self._has_tables(db):
                return {}
            rows = db.execute("SELECT person, digest FROM devices WHERE person IS NOT NULL")
            return {person: digest for person, digest in rows}

    # -- writing -----------------------------------------------------------------------------
    def join(self, kiosk: bool) -> str:
        """Register a new device; returns its token, which only the device keeps."""
        token = secrets.token_urlsafe(32)
        with self.store._write() as db:
            self._prepare(db)
            db.execute(
                "INSERT INTO devices (digest, kiosk) VALUES (?, ?)",
                (token_digest(token), int(kiosk)),
            )
        return token

    def claim(
        self, digest: str, name: str, level: str | None, profile: Profile | None = None
    ) -> Member:
        """Bind a name to a device: an existing person, or a new one with a level."""
        cleaned = clean_name(name)
        with self.store._write() as db:
            self._prepare(db)
            row = db.execute(
                "SELECT kiosk, person FROM devices WHERE digest = ?", (digest,)
            ).fetchone()
            if row is None:
                raise Refused("This device has not joined; enter the join code again.")
            if row[0]:
                raise Refused("A kiosk holds no name; names are picked for each ballot.")
            session = self.store._session(db)
            holder = session.by_id.get(row[1]) if row[1] is not None else None
            elsewhere = {
                person
                for (person,) in db.execute(
                    "SELECT person FROM devices WHERE person IS NOT NULL AND digest != ?",
                    (digest,),
                )
            }
            member = check_claim(session, cleaned, level, holder, elsewhere)
            if member is None:
                assert level is not None  # check_claim refuses a new person without one
                cursor = db.execute(
                    "INSERT INTO people (name, name_key, level, team, teaches, learns, mentor)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (cleaned, cleaned.casefold(), level, *profile_columns(profile or Profile())),
                )
                assert cursor.lastrowid is not None
                member = Member(cursor.lastrowid, cleaned, level, True)
            db.execute("UPDATE people SET present = 1 WHERE id = ?", (member.id,))
            db.execute("UPDATE devices SET person = ? WHERE digest = ?", (member.id, digest))
            return Member(member.id, member.name, member.level, True)

    def release(self, name: str) -> Member:
        """Free a claimed name: the device that held it must join again with the code."""
        with self.store._write() as db:
            self._prepare(db)
            member = member_named(self.store._session(db), name)
            deleted = db.execute("DELETE FROM devices WHERE person = ?", (member.id,)).rowcount
            if not deleted:
                raise Refused(f"{member.name} is not claimed by any device.")
            return member

    def submit_once(self, device: str, request_id: str, text: str) -> tuple[str, bool]:
        """Store one idea unless this device's request was stored already.

        Returns the cleaned text and whether the request was a repeat. The request is kept only
        as a digest of the device and its id, in a table that refers to nothing.
        """
        idea = clean_idea(text)
        request = hashlib.sha256(f"{device}\n{request_id}".encode()).hexdigest()
        with self.store._write() as db:
            self._prepare(db)
            if db.execute("SELECT 1 FROM idea_requests WHERE digest = ?", (request,)).fetchone():
                return idea, True
            ideas.check_submit(self.store._stage(db))
            db.execute("INSERT INTO idea_requests (digest) VALUES (?)", (request,))
            db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", (secrets.token_hex(16), idea))
        return idea, False

    def all(self) -> dict[str, Device]:
        """Every joined device, by digest."""
        with read(self.store._db) as db:
            if not self._has_tables(db):
                return {}
            rows = db.execute("SELECT digest, kiosk, person FROM devices").fetchall()
        return {digest: Device(digest, bool(kiosk), person) for digest, kiosk, person in rows}
