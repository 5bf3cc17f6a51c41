"""Moving through the agenda and timing a phase: the core plans each move
(`rmworkshop.core.rules.moves`), and this records it."""

from __future__ import annotations

from collections.abc import Callable

from rmworkshop.core.rules import moves, phases
from rmworkshop.core.rules.moves import Entering, Move
from rmworkshop.core.session import Session
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite import pairs
from rmworkshop.store.sqlite.operations.speaking import SpeakingOperations
from rmworkshop.store.sqlite.operations.voting import VotingOperations


class PhaseOperations(VotingOperations, SpeakingOperations):
    def start(self) -> None:
        with self._write() as db:
            self._record(db, moves.start(self._session(db), self._now()))

    def next_phase(self, from_phase: int | None = None) -> None:
        """Move to the next phase (starting the session, or finishing it after the last).

        ``from_phase`` is the `Session.phase_number` the caller saw: the move is refused if
        the session has moved since, so two consoles pressing once move it once."""
        with self._write() as db:
            self._record(db, moves.next_phase(self._session(db), self._now(), from_phase))

    def back_phase(self, from_phase: int | None = None) -> None:
        """Go back one phase, or reopen the last one after the end; see `next_phase`."""
        with self._write() as db:
            self._record(db, moves.back_phase(self._session(db), self._now(), from_phase))

    def _record(self, db: Database, move: Move) -> None:
        """Store what the core decided a move changes; nothing here decides."""
        now = move.now
        if (leaving := move.leaving) is not None:
            db.execute(
                "UPDATE phases SET actual = actual + ?, left_remaining = ? WHERE idx = ?",
                (leaving.spent, leaving.remaining, leaving.phase),
            )
            db.execute("UPDATE turns SET ended = ? WHERE ended IS NULL", (now,))
            if leaving.lower_hands:
                db.execute("DELETE FROM hands")
        if move.reopening:
            self._set_meta(db, "finished", None)
        if move.finishing:
            db.execute(
                "UPDATE clock SET state = 'finished', deadline = NULL, remaining = NULL,"
                " entered = NULL WHERE id = 1"
            )
            self._set_meta(db, "finished", repr(now))
        if move.entering is not None:
            self._record_entering(db, move.entering, now)

    def _record_entering(self, db: Database, entering: Entering, now: float) -> None:
        db.execute(
            "UPDATE clock SET phase = ?, state = 'running', deadline = ?, remaining = NULL,"
            " entered = ? WHERE id = 1",
            (entering.phase, entering.deadline, now),
        )
        if entering.first_start:
            self._set_meta(db, "started", repr(now))
        if entering.open_voting is not None:
            if entering.deal_again:
                db.execute("UPDATE ideas SET number = NULL")
            self._open_voting(db, entering.open_voting)
        if entering.new_round is not None:
            db.execute(
                "INSERT INTO rounds (phase, most_junior) VALUES (?, ?)",
                (entering.new_round.phase, entering.new_round.most_junior),
            )
        if entering.pairing is not None:
            pairs.write_pairing(db, entering.phase, entering.pairing, self._session(db).people)

    def pause(self) -> None:
        self._retime(lambda session, now: session.timer.pause(now), "pause")

    def resume(self) -> None:
        with self._write() as db:
            move = moves.resume_before_start(self._session(db), self._now())
            if move is not None:
                self._record(db, move)
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
