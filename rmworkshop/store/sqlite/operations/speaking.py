"""Speaking: share rounds, turns, and raised hands."""

from __future__ import annotations

from rmworkshop.core.people import Member
from rmworkshop.core.rules import people, speaking
from rmworkshop.core.session import Session
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite.operations.base import StoreBase


class SpeakingOperations(StoreBase):
    def _new_round(self, db: Database, session: Session, index: int) -> None:
        junior = speaking.most_junior_present(session)
        db.execute("INSERT INTO rounds (phase, most_junior) VALUES (?, ?)", (index, junior))

    def turn_next(self) -> Member:
        """End the current turn, if any, and give the floor to the next person."""
        with self._write() as db:
            session = self._session(db)
            turn = speaking.next_turn(session)
            now = self._now()
            db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (now,))
            round_id: int | None = None
            if session.kind == "share":
                if turn.new_round:
                    self._new_round(db, session, session.index)
                (round_id,) = db.execute("SELECT max(id) FROM rounds").fetchone()
            else:
                db.execute("DELETE FROM hands WHERE person = ?", (turn.speaker.id,))
            db.execute(
                "INSERT INTO turns (person, round, started) VALUES (?, ?, ?)",
                (turn.speaker.id, round_id, now),
            )
            return turn.speaker

    def turn_pass(self) -> Member:
        """The person holding the floor, or else the next in line, passes."""
        with self._write() as db:
            session = self._session(db)
            member, holding = speaking.passing(session)
            now = self._now()
            if holding:
                db.execute("UPDATE turns SET ended = ?, passed = 1 WHERE ended IS NULL", (now,))
                return member
            round_ = session.current_round
            round_id = round_.id if session.kind == "share" and round_ is not None else None
            db.execute(
                "INSERT INTO turns (person, round, started, ended, passed) VALUES (?, ?, ?, ?, 1)",
                (member.id, round_id, now, now),
            )
            db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
            return member

    def turn_end(self) -> Member:
        with self._write() as db:
            member = speaking.ending_turn(self._session(db))
            db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (self._now(),))
            return member

    def hand(self, name: str, up: bool, device: str | None = None) -> None:
        with self._write() as db:
            session = self._session(db)
            member = people.member_named(session, name)
            self._check_device(db, device, member)
            if not up:
                speaking.check_hands(session)
                db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
                return
            if not speaking.raising(session, member):
                return
            (sequence,) = db.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'hand_sequence'"
                " RETURNING value"
            ).fetchone()
            db.execute(
                "INSERT INTO hands (person, sequence) VALUES (?, ?)", (member.id, int(sequence))
            )
