"""Moving through the agenda and timing a phase; what entering and leaving a phase records."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from rmworkshop.core.rules import phases
from rmworkshop.core.session import Session
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.store.sqlite import pairs
from rmworkshop.store.sqlite.operations.speaking import SpeakingOperations
from rmworkshop.store.sqlite.operations.voting import VotingOperations


class PhaseOperations(VotingOperations, SpeakingOperations):
    def start(self) -> None:
        with self._write() as db:
            session = self._session(db)
            phases.check_start(session)
            self._enter(db, session, 0)

    def next_phase(self, from_phase: int | None = None) -> None:
        """Move to the next phase (starting the session, or finishing it after the last).

        ``from_phase`` is the `Session.phase_number` the caller saw: the move is refused if
        the session has moved since, so two consoles pressing once move it once."""
        with self._write() as db:
            session = self._session(db)
            phases.check_next(session, from_phase)
            if not session.is_started:
                self._enter(db, session, 0)
                return
            self._leave(db, session)
            if session.index + 1 < len(session.agenda.phases):
                self._enter(db, session, session.index + 1)
            else:
                db.execute(
                    "UPDATE clock SET state = 'finished', deadline = NULL, remaining = NULL,"
                    " entered = NULL WHERE id = 1"
                )
                self._set_meta(db, "finished", repr(self._now()))

    def back_phase(self, from_phase: int | None = None) -> None:
        """Go back one phase, or reopen the last one after the end; see `next_phase`."""
        with self._write() as db:
            session = self._session(db)
            phases.check_back(session, from_phase)
            if session.is_finished:
                self._set_meta(db, "finished", None)
                self._enter(db, session, session.index)
                return
            self._leave(db, session)
            self._enter(db, session, session.index - 1)

    def _leave(self, db: sqlite3.Connection, session: Session) -> None:
        now = self._now()
        spent = max(0.0, now - session.entered) if session.entered is not None else 0.0
        db.execute(
            "UPDATE phases SET actual = actual + ?, left_remaining = ? WHERE idx = ?",
            (spent, session.remaining(now), session.index),
        )
        db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (now,))
        if session.kind == "discuss":
            db.execute("DELETE FROM hands")
        # Voting stays as it is when the vote phase is left: only an explicit close ends it,
        # so one mistaken key never publishes a half-cast vote.

    def _enter(self, db: sqlite3.Connection, session: Session, index: int) -> None:
        now = self._now()
        phase = session.agenda.phases[index]
        (left,) = db.execute("SELECT left_remaining FROM phases WHERE idx = ?", (index,)).fetchone()
        # A phase visited before picks up where it was left, so a mistaken key costs nothing.
        seconds = left if left is not None else phase.planned_seconds
        db.execute(
            "UPDATE clock SET phase = ?, state = 'running', deadline = ?, remaining = NULL,"
            " entered = ? WHERE id = 1",
            (index, now + seconds, now),
        )
        if session.started is None:
            self._set_meta(db, "started", repr(now))
        if phase.kind == "vote" and not session.voting.opened:
            self._open_voting(db)
        if phase.kind == "share":
            self._ensure_round(db, index)
        if phase.kind == "pairs":
            pairs.form(db, session, index)

    def pause(self) -> None:
        self._retime(lambda session, now: session.timer.pause(now), "pause")

    def resume(self) -> None:
        with self._write() as db:
            session = self._session(db)
            phases.check_resume(session)
            if not session.is_started:
                self._enter(db, session, 0)
                return
        self._retime(lambda session, now: session.timer.resume(now), "resume")

    def extend(self, minutes: float) -> None:
        phases.check_extend(minutes)
        self._retime(lambda session, now: session.timer.extend(minutes * 60), "extend")

    def _retime(self, change: Callable[[Session, float], PhaseTimer], verb: str) -> None:
        with self._write() as db:
            session = self._session(db)
            phases.check_retime(session, verb)
            timer = change(session, self._now())
            db.execute(
                "UPDATE clock SET state = ?, deadline = ?, remaining = ? WHERE id = 1",
                (timer.state, timer.deadline, timer.paused_remaining),
            )
