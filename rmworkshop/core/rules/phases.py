"""Moving through the agenda and timing a phase: start, next, back, pause, resume, extend.

A move names the phase it moves from (as the console showed it), so two consoles that each
press "next" once move the session one phase between them, not two.
"""

from __future__ import annotations

from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.stage import stage_of, where
from rmworkshop.core.session import Session

MAX_EXTEND_MINUTES = 120


def check_moved(session: Session, from_phase: int | None) -> None:
    """Refuse a move made from a phase the session has already left.

    ``from_phase`` is `Session.phase_number` as the caller last saw it; None moves from
    wherever the session is (a script that does not care).
    """
    if from_phase is not None and from_phase != session.phase_number:
        raise Refused(f"The session has already moved; now it is {where(stage_of(session))}.")


def check_start(session: Session) -> None:
    if session.is_started:
        raise Refused("The session has already started.")


def check_next(session: Session, from_phase: int | None = None) -> None:
    check_moved(session, from_phase)
    if session.is_finished:
        raise Refused("The session has finished; there is no next phase.")


def check_back(session: Session, from_phase: int | None = None) -> None:
    check_moved(session, from_phase)
    if not session.is_started:
        raise Refused("The session has not started yet.")
    if not session.is_finished and session.index == 0:
        raise Refused("This is the first phase; there is no previous one.")


def check_retime(session: Session, verb: str) -> None:
    """Pause, resume and extend need a current phase."""
    if not session.is_started:
        raise Refused(f"Cannot {verb}: the session has not started yet.")
    if session.is_finished:
        raise Refused(f"Cannot {verb}: the session has finished.")


def check_resume(session: Session) -> None:
    """Resuming before the start starts the session, as the facilitator means it to."""
    if session.is_started:
        check_retime(session, "resume")


def check_extend(minutes: float) -> None:
    if not 0 < minutes <= MAX_EXTEND_MINUTES:
        raise Refused(f"Extend by more than 0 and at most {MAX_EXTEND_MINUTES} minutes.")
