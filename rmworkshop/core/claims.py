"""One name per device: who may claim which name, and when a device may add a new person.

A device (a phone, a laptop, a terminal given the server's address) holds at most one name,
and a name is held by at most one device. Once voting has started only the facilitator adds
people, so nobody can invent voters in the middle of a vote.
"""

from __future__ import annotations

from collections.abc import Set

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules.people import check_join, find_member
from rmworkshop.core.session import Session


def check_claim(
    session: Session,
    wanted: str,
    level: str | None,
    holder: Member | None,
    held_elsewhere: Set[int],
) -> Member | None:
    """Decide a device's claim on the name `wanted` (already cleaned).

    `holder` is the person this device holds already, if any; `held_elsewhere` the ids of the
    people other devices hold. Returns the existing person to bind, or None when a new person
    with `level` is to be added. Refuses with a message for the person at the device.
    """
    existing = find_member(session, wanted)
    if holder is not None:
        if existing is not None and existing.id == holder.id:
            return holder
        raise Refused(
            f"This device is already {holder.name}; one device holds one name."
            " Ask the facilitator to release it first."
        )
    if existing is not None and existing.id in held_elsewhere:
        raise Refused(
            f"{existing.name} is already taken on another device. If that is you, ask the"
            " facilitator to release the name."
        )
    if existing is not None and level is None:
        return existing
    if existing is None and session.voting.opened:
        raise Refused("Voting has started: only the facilitator can add people now. Ask them.")
    if level is None:
        raise Refused(f"Nobody called {wanted!r} is in this session; pick your level to join.")
    return check_join(session, wanted, level)


def check_acting(joined: bool, kiosk: bool, holds: int | None, member: Member) -> None:
    """A device acts as `member` only while it holds that name (a kiosk acts for anyone it
    lists). Decided inside the write, so a name released a moment ago is already gone."""
    if not joined:
        raise Refused("This device has not joined; enter the join code again.")
    if not kiosk and holds != member.id:
        raise Refused("This device no longer holds that name; pick your name again.")
