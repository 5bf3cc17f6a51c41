"""Devices that joined through the participant server, and the names they hold.

A device is known only by the SHA-256 digest of its random token; the token itself is never
stored. A row says that a device joined, whether it is a kiosk, and which person (if any) it
speaks for. Nothing here touches ideas or ballots: a submitted idea leaves behind only a digest
of its request id, and one of the id with the text (so a retried request stores it once, and
an id used again for another text is refused), in a table of its own that refers to nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection

from rmworkshop.core.claims import AwaitingYes, check_claim, check_let_in
from rmworkshop.core.devices import Joined, forgettable
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.rules.people import member_named
from rmworkshop.core.session import Session
from rmworkshop.core.text import clean_idea, clean_name
from rmworkshop.store.contract import Device, token_digest
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite import reading
from rmworkshop.store.sqlite.operations.base import device_row, insert_person, set_profile
from rmworkshop.store.sqlite.operations.ideas import IdeaOperations


class DeviceOperations(IdeaOperations):
    # -- reading -----------------------------------------------------------------------------
    def device(self, digest: str) -> Device | None:
        with self._read() as db:
            return device_row(db, digest)

    def devices(self) -> dict[str, Device]:
        """Every device that joined (the same mapping again while their rows are unchanged,
        read again and again by a participant server: nobody changes it)."""
        with self._read() as db:
            return self._devices(db)

    def room_snapshot(self) -> tuple[Session, dict[str, Device]]:
        with self._read() as db:
            return reading.snapshot(db, self._cache), self._devices(db)

    def _devices(self, db: Database) -> dict[str, Device]:
        rows = db.execute("SELECT digest, kiosk, person, waiting FROM devices").fetchall()
        return self._cache.reuse(
            "devices",
            rows,
            lambda: {digest: Device(digest, bool(kiosk), *rest) for digest, kiosk, *rest in rows},
        )

    def claimed(self) -> dict[int, str]:
        with self._read() as db:
            rows = db.execute("SELECT person, digest FROM devices WHERE person IS NOT NULL")
            return {person: digest for person, digest in rows}

    def waiting(self) -> frozenset[int]:
        with self._read() as db:
            rows = db.execute("SELECT waiting FROM devices WHERE waiting IS NOT NULL").fetchall()
        return frozenset(person for (person,) in rows)

    # -- writing -----------------------------------------------------------------------------
    def join_device(self, kiosk: bool) -> str:
        token = secrets.token_urlsafe(32)
        with self._write() as db:
            db.execute(
                "INSERT INTO devices (digest, kiosk) VALUES (?, ?)",
                (token_digest(token), int(kiosk)),
            )
        return token

    def claim(
        self, digest: str | None, name: str, level: str | None, profile: Profile | None = None
    ) -> Member:
        cleaned = clean_name(name)
        with self._write() as db:
            claimed = self._claim(db, digest, cleaned, level, profile)
        if isinstance(claimed, AwaitingYes):
            raise claimed  # raised once the wait is committed
        return claimed

    def _claim(
        self,
        db: Database,
        digest: str | None,
        cleaned: str,
        level: str | None,
        profile: Profile | None,
    ) -> Member | AwaitingYes:
        holder_id: int | None = None
        if digest is not None:
            found = device_row(db, digest)
            if found is None:
                raise Refused("This device has not joined; enter the join code again.")
            if found.kiosk:
                raise Refused("A kiosk holds no name; names are picked for each ballot.")
            holder_id = found.person
        session = self._session(db)
        holder = session.by_id.get(holder_id) if holder_id is not None else None
        held = db.execute("SELECT person, digest FROM devices WHERE person IS NOT NULL")
        elsewhere = {person for person, holder in held if holder != digest}
        try:
            member = check_claim(session, cleaned, level, holder, elsewhere)
        except AwaitingYes as waits:
            if digest is None:
                raise
            # The newest claim is the one the facilitator is asked about.
            person = waits.member.id
            db.execute("UPDATE devices SET waiting = NULL WHERE waiting = ?", (person,))
            db.execute("UPDATE devices SET waiting = ? WHERE digest = ?", (person, digest))
            return waits
        if member is None:
            assert level is not None  # check_claim refuses a new person without one
            member = insert_person(db, cleaned, level, profile)
        elif profile is not None and level is not None:
            set_profile(db, member.id, profile)
        db.execute("UPDATE people SET present = 1 WHERE id = ?", (member.id,))
        if digest is not None:
            db.execute(
                "UPDATE devices SET person = ?, waiting = NULL WHERE digest = ?",
                (member.id, digest),
            )
        return Member(member.id, member.name, member.level, True)

    def let_in(self, name: str) -> Member:
        with self._write() as db:
            member = member_named(self._session(db), name)
            waiting = {
                p
                for (p,) in db.execute(
                    "SELECT waiting FROM devices WHERE waiting = ?", (member.id,)
                )
            }
            held = {
                p
                for (p,) in db.execute("SELECT person FROM devices WHERE person = ?", (member.id,))
            }
            check_let_in(self._session(db), member, waiting, held)
            db.execute(
                "UPDATE devices SET person = ?, waiting = NULL WHERE waiting = ?",
                (member.id, member.id),
            )
            db.execute("UPDATE people SET present = 1 WHERE id = ?", (member.id,))
            return Member(member.id, member.name, member.level, True)

    def set_roster_closed(self, closed: bool) -> None:
        with self._write() as db:
            self._set_meta(db, "roster_closed", "1" if closed else None)

    def release(self, name: str) -> Member:
        with self._write() as db:
            member = member_named(self._session(db), name)
            deleted = db.execute("DELETE FROM devices WHERE person = ?", (member.id,)).rowcount
            if not deleted:
                raise Refused(f"{member.name} is not claimed by any device.")
            return member

    def forget_devices(self, digests: Collection[str]) -> int:
        wanted = list(dict.fromkeys(digests))
        forgotten = 0
        with self._write() as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT digest, kiosk, person FROM devices WHERE digest IN ({marks})", chunk
                ).fetchall()
                gone = [
                    (digest,)
                    for digest, kiosk, person in rows
                    if forgettable(Joined(digest, person, bool(kiosk)))
                ]
                db.executemany("DELETE FROM devices WHERE digest = ?", gone)
                forgotten += len(gone)
        return forgotten

    def submit_once(self, device: str, request_id: str, text: str) -> tuple[str, bool]:
        idea = clean_idea(text)
        request = hashlib.sha256(f"{device}\n{request_id}".encode()).hexdigest()
        # A second digest covers the text as well, so that a repeat is told from an id used
        # again for another idea; it links no more than the first does.
        request_text = hashlib.sha256(f"{device}\n{request_id}\n{idea}".encode()).hexdigest()
        # Submissions run side by side on a database server: each digest is claimed by an
        # insert that waits for a racing one with the same digest, and then sees it.
        with self._write(alongside=True) as db:
            if not _claimed(db, request_text):
                return idea, True
            if not _claimed(db, request):  # refused: the claim above is rolled back
                raise Refused("This idea's id was already used for another idea.")
            if device_row(db, device) is None:
                raise Refused("This device has not joined; enter the join code again.")
            self._check_submit(db)
            self._insert_ideas(db, [idea])
        return idea, False


def _claimed(db: Database, digest: str) -> bool:
    """The digest stored now; False when it was stored already (by this write's time)."""
    return bool(
        db.execute(
            "INSERT INTO idea_requests (digest) VALUES (?) ON CONFLICT DO NOTHING RETURNING 1",
            (digest,),
        ).fetchall()
    )
