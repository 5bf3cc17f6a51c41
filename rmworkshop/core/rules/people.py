"""Who is in the session: joining, and finding a person by the name they typed."""

from __future__ import annotations

from collections.abc import Sequence

from rmworkshop.core import names
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.session import Session
from rmworkshop.core.text import tidy_name


def find_member(session: Session, name: str) -> Member | None:
    """Who a typed name means (tidied as when they joined; see `names.find`)."""
    tidied = tidy_name(name)
    # The exact name first, from the session's index: what `names.find` would find first.
    return session.person(tidied) or names.find(tidied, session.people)


def member_named(session: Session, name: str) -> Member:
    return _named(find_member(session, name), name)


def member_among(people: Sequence[Member], name: str) -> Member:
    """`member_named`, among these people alone (a write that reads no whole session)."""
    return _named(names.find(tidy_name(name), people), name)


def _named(member: Member | None, name: str) -> Member:
    if member is None:
        raise Refused(f"Nobody called {tidy_name(name)!r} is in this session.")
    return member


def check_join(session: Session, cleaned: str, level: str) -> Member | None:
    """Who joins as ``cleaned`` (an already cleaned name): None for a new person, else the
    person already here under that name, at the same level. A new name must not look like
    the name of someone already here."""
    if level not in session.levels:
        raise Refused(
            f"Unknown level {level!r}; this session's levels are {', '.join(session.levels.names)}."
        )
    existing = session.person(cleaned)
    if existing is not None and existing.level != level:
        raise Refused(f"{existing.name!r} is already in this session as {existing.level}.")
    if existing is None:
        names.refuse_lookalike(cleaned, session.people)
    return existing


def check_marking(session: Session) -> None:
    """Marking someone away or back needs someone in the session."""
    if not session.people:
        raise Refused("Nobody is in this session yet.")


def marking(session: Session, name: str, present: bool) -> tuple[Member, bool]:
    """Marking someone away or back: the person, and whether their raised hand is lowered
    (someone away keeps no place in the queue)."""
    check_marking(session)
    member = member_named(session, name)
    return member, not present and any(hand.person_id == member.id for hand in session.hands)
