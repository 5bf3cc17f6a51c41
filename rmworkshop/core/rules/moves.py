"""What moving through the agenda changes, decided once: a backend only records it.

Starting the session, moving to the next or the previous phase, and resuming before the start
are checked by `rmworkshop.core.rules.phases`, then planned here as a `Move`: which phase is
left (the time spent, what is left for a return, turns that end, hands that are lowered) and
which is entered (its deadline, and what entering it sets off: voting opened with its budget, a
new share round, mentoring pairs formed). A backend applies a `Move` inside the transaction it
was planned in, and decides nothing of its own.
"""

from __future__ import annotations

from typing import NamedTuple

from rmworkshop.core.pairing import Pairing
from rmworkshop.core.rules import ideas, pairs, phases
from rmworkshop.core.rules.speaking import most_junior_present
from rmworkshop.core.session import Session
from rmworkshop.core.voting import Budget, budget_for


class Leaving(NamedTuple):
    """The phase the session leaves."""

    phase: int
    spent: float
    """Seconds spent in it since it was entered, added to its actual time."""
    remaining: float
    """Seconds it had left, which a return to it picks up."""
    lower_hands: bool
    """Leaving a discussion lowers every raised hand."""


class NewRound(NamedTuple):
    """A share round begins: its order starts from the most junior level present."""

    phase: int
    most_junior: str | None


class Entering(NamedTuple):
    """The phase the session enters, and what entering it sets off."""

    phase: int
    deadline: float
    """When its time runs out: the planned time, or what it had left when it was last left."""
    first_start: bool
    """The session starts now: its start time is recorded."""
    open_voting: Budget | None
    """Voting opens now, with this budget: every hidden idea is revealed first."""
    new_round: NewRound | None
    pairing: Pairing | None
    """Mentoring pairs formed for this phase (None when it was paired before)."""
    deal_again: bool = False
    """As voting opens, every idea's number is dealt afresh, shuffled: fewer than three ideas
    came in since the last reveal, and numbered after the others they would be singled out
    (see `ideas.reveal_risk`)."""


class Move(NamedTuple):
    now: float
    leaving: Leaving | None = None
    entering: Entering | None = None
    finishing: bool = False
    """After the last phase: the clock stops and the end is recorded."""
    reopening: bool = False
    """Back from the end: the session is no longer finished."""


def start(session: Session, now: float) -> Move:
    phases.check_start(session)
    return Move(now, entering=_enter(session, 0, now))


def resume_before_start(session: Session, now: float) -> Move | None:
    """Resuming before the start starts the session; once started, None (the timer resumes)."""
    phases.check_resume(session)
    return None if session.is_started else Move(now, entering=_enter(session, 0, now))


def next_phase(session: Session, now: float, from_phase: int | None = None) -> Move:
    phases.check_next(session, from_phase)
    if not session.is_started:
        return Move(now, entering=_enter(session, 0, now))
    leaving = _leave(session, now)
    if session.index + 1 < len(session.agenda.phases):
        return Move(now, leaving, _enter(session, session.index + 1, now))
    return Move(now, leaving, finishing=True)


def back_phase(session: Session, now: float, from_phase: int | None = None) -> Move:
    phases.check_back(session, from_phase)
    if session.is_finished:
        return Move(now, entering=_enter(session, session.index, now), reopening=True)
    return Move(now, _leave(session, now), _enter(session, session.index - 1, now))


def _leave(session: Session, now: float) -> Leaving:
    spent = max(0.0, now - session.entered) if session.entered is not None else 0.0
    # Voting stays as it is when the vote phase is left: only an explicit close ends it, so
    # one mistaken key never publishes a half-cast vote.
    return Leaving(session.index, spent, session.remaining(now), session.kind == "discuss")


def _enter(session: Session, index: int, now: float) -> Entering:
    phase = session.agenda.phases[index]
    left = session.left_seconds[index] if index < len(session.left_seconds) else None
    # A phase visited before picks up where it was left, so a mistaken key costs nothing.
    seconds = left if left is not None else phase.planned_seconds
    opening = phase.kind == "vote" and not session.voting.opened
    return Entering(
        phase=index,
        deadline=now + seconds,
        first_start=session.started is None,
        # Every idea not merged away is revealed as voting opens, and each can be voted on.
        open_voting=budget_for(session.agenda.voting, session.idea_count) if opening else None,
        new_round=_new_round(session, index) if phase.kind == "share" else None,
        pairing=pairs.on_entering(session, index) if phase.kind == "pairs" else None,
        deal_again=opening and ideas.reveal_risk(session) is not None,
    )


def _new_round(session: Session, index: int) -> NewRound | None:
    """A share round goes on when its phase is entered again with people still to speak."""
    current = session.current_round
    if current is not None and current.phase == index and session.share_queue():
        return None
    return NewRound(index, most_junior_present(session))
