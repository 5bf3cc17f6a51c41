"""Mentoring pairs as a session forms and changes them: when a pairs phase is paired, paired
again with more history, and how the facilitator swaps two people. The pairing itself is
`rmworkshop.core.pairing`; a backend only stores what these return."""

from __future__ import annotations

from rmworkshop.core.errors import Refused
from rmworkshop.core.pairing import Pairing, form_pairs, swap
from rmworkshop.core.session import Session


def seed_for(session: Session, index: int) -> int:
    """Each pairs phase of a session has its own seed, the same every time it is formed."""
    return session.seed + index


def on_entering(session: Session, index: int) -> Pairing | None:
    """The pairs of phase `index` as it is entered: formed the first time, kept after."""
    if index in session.pairings:
        return None
    return _formed(session, index, None)


def with_more_history(session: Session) -> Pairing | None:
    """After more history arrives, a running pairs phase is paired anew, keeping the
    facilitator's swaps; None when no pairs phase has been paired yet."""
    if session.pairing is None:
        return None
    return _formed(session, session.index, session.pairing)


def check_swapping(session: Session) -> Pairing:
    """Swaps are made in a running pairs phase that has its pairs."""
    pairing = session.pairing
    if pairing is None or session.is_finished or session.kind != "pairs":
        raise Refused("Pairs can be swapped only during a pairs phase.")
    return pairing


def swapped(session: Session, first: str, second: str) -> Pairing:
    """The facilitator's swap of two people in the current pairs; the rest are paired again."""
    pairing = check_swapping(session)
    index = session.index
    return swap(
        pairing,
        first,
        second,
        session.people,
        session.levels,
        seed_for(session, index),
        session.pair_history(index),
    )


def _formed(session: Session, index: int, old: Pairing | None) -> Pairing:
    pinned = [group for group in old.groups if group.pinned] if old else []
    aside = old.set_aside if old else ()
    return form_pairs(
        session.people,
        session.levels,
        seed_for(session, index),
        session.pair_history(index),
        pinned,
        aside,
    )
