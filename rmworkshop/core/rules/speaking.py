"""Turns and hands: who gets the floor next, who passes, and who may raise a hand."""

from __future__ import annotations

from typing import NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules.stage import stage_of, where
from rmworkshop.core.session import Session
from rmworkshop.core.speaking import round_order, share_queue


def check_speaking(session: Session) -> None:
    if session.kind not in ("share", "discuss") or session.is_finished or not session.is_started:
        raise Refused(
            f"Turns are taken in share and discuss phases; now it is {where(stage_of(session))}."
        )


class NextTurn(NamedTuple):
    speaker: Member
    new_round: bool
    """A share round was exhausted, so this turn opens the next round."""


def next_turn(session: Session) -> NextTurn:
    """Who gets the floor when the current turn (if any) ends."""
    check_speaking(session)
    # The person holding the floor is not waiting either before or after their turn ends,
    # so the queues read from the snapshot are the queues after it ends.
    if session.kind == "discuss":
        queue = session.hand_queue()
        if not queue:
            raise Refused("No hands are raised.")
        return NextTurn(queue[0], new_round=False)
    queue = session.share_queue()
    if queue:
        return NextTurn(queue[0], new_round=False)
    current = session.current_round
    if session.round_turns and current is not None:
        fresh = share_queue(
            round_order(session.people, session.levels, session.seed, len(session.rounds)),
            (),
            session.last_speaker(current.id),
        )
        if fresh:
            return NextTurn(fresh[0], new_round=True)
    raise Refused("Nobody present is waiting to speak.")


def passing(session: Session) -> tuple[Member, bool]:
    """Who passes: the person holding the floor (True), or else the next in line (False)."""
    check_speaking(session)
    current = session.current_turn
    if current is not None:
        return session.by_id[current.person_id], True
    queue = session.speaking_order()
    if not queue:
        raise Refused("Nobody is waiting to speak.")
    return queue[0], False


def ending_turn(session: Session) -> Member:
    """Whose turn ends."""
    check_speaking(session)
    current = session.current_turn
    if current is None:
        raise Refused("Nobody has the floor.")
    return session.by_id[current.person_id]


def most_junior_present(session: Session) -> str | None:
    """The most junior level among the people present, recorded when a round begins."""
    ranks = sorted(session.levels.rank(m.level) for m in session.present)
    if ranks and ranks[0] < len(session.levels.names):
        return session.levels.names[ranks[0]]
    return None


def check_hands(session: Session) -> None:
    if session.kind != "discuss" or session.is_finished or not session.is_started:
        raise Refused(f"Hands are raised during discussion; now it is {where(stage_of(session))}.")


def raising(session: Session, member: Member) -> bool:
    """Whether raising this person's hand adds one (False: it is up already)."""
    check_hands(session)
    if not member.present:
        raise Refused(f"{member.name} is marked away.")
    return not any(h.person_id == member.id for h in session.hands)
