"""One name per device: who may claim which name, when a device may add a new person, and
who a kiosk may act for.

A device (a phone, a laptop, a terminal given the server's address) holds at most one name,
and a name is held by at most one device. Once voting has started, or once the facilitator has
closed the roster, only the facilitator adds people, so nobody can invent voters. A person
marked away, claimed from a device once voting has started, waits for the facilitator's yes:
until then the device cannot act as that person. A kiosk (granted by the facilitator's kiosk
code) acts only for people present whose name no device holds.
"""

from __future__ import annotations

from collections.abc import Collection, Set

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
    if existing is not None and needs_yes(session, existing):
        raise AwaitingYes(existing)
    if existing is not None and level is None:
        return existing
    if existing is None and session.voting.opened:
        raise Refused("Voting has started: only the facilitator can add people now. Ask them.")
    if existing is None and session.roster_closed:
        raise Refused(
            "The list of people is closed: pick your name from it, or ask the facilitator."
        )
    if level is None:
        raise Refused(f"Nobody called {wanted!r} is in this session; pick your level to join.")
    return check_join(session, wanted, level)


class AwaitingYes(Refused):
    """A claim on a person marked away, made once voting has started: it waits for the
    facilitator's yes (`check_let_in`), and the device cannot act as that person until then."""

    def __init__(self, member: Member) -> None:
        super().__init__(
            f"{member.name} is marked away: the facilitator must let you in. Ask them, then"
            " pick your name again."
        )
        self.member = member


def needs_yes(session: Session, member: Member) -> bool:
    """Whether a device's claim on `member` waits for the facilitator: someone marked away,
    once voting has started (a fresh device must not make a vote-time absentee present)."""
    return session.voting.opened and not member.present


def can_add_people(session: Session) -> bool:
    """Whether a device may add a new person: not once voting has started, nor while the
    facilitator keeps the roster closed."""
    return not session.voting.opened and not session.roster_closed


def waiting_to_be_let_in(
    session: Session, waiting: Collection[int], held: Collection[int]
) -> list[Member]:
    """Whom the facilitator is offered to let in: people a device waits to act as, still
    away (someone marked back needs no yes) and held by no device yet."""
    return [m for m in session.people if m.id in waiting and not m.present and m.id not in held]


def check_let_in(
    session: Session, member: Member, waiting: Collection[int], held: Collection[int]
) -> None:
    """The facilitator's yes to a waiting claim on `member`."""
    if member.id in held:
        raise Refused(f"{member.name} is already held by a device.")
    if member.id not in waiting:
        raise Refused(f"No device is waiting to be let in as {member.name}.")


def not_arrived(session: Session, claimed: Collection[int]) -> list[Member]:
    """Before the first phase: who is on the list as present but has joined on no device.

    "Present" means in the room, not on the roster. Where people join from devices, a name
    nobody has claimed may be someone at the kiosk or without a device, or someone who has not
    come: only the facilitator can tell, so they are asked (`asks_who_arrived`) before the
    first phase, when speaking orders and ballots start to count who is present."""
    if session.is_started:
        return []
    return [m for m in session.people if m.present and m.id not in claimed]


def asks_who_arrived(session: Session, claimed: Collection[int], room_open: bool) -> bool:
    """Whether starting asks the facilitator about `not_arrived` people: only where people
    join from devices (this console's room is open, or a device has claimed a name)."""
    return (room_open or bool(claimed)) and bool(not_arrived(session, claimed))


def kiosk_may_act_for(member: Member, held: bool) -> bool:
    """A kiosk acts only for someone present whose name no device holds: never for a person
    marked away, nor for one whose own phone holds the name."""
    return member.present and not held


def check_kiosk(member: Member, held: bool) -> None:
    """Refuse a kiosk acting for someone it may not list."""
    if not kiosk_may_act_for(member, held):
        raise Refused(f"The kiosk cannot act for {member.name}: that name is not on its list.")


def kiosk_voters(session: Session, held: Collection[int]) -> list[Member]:
    """Who a kiosk lists to vote: present, not voted yet, and held by no device."""
    voted = session.voting.voted
    return [m for m in session.people if m.id not in voted and kiosk_may_act_for(m, m.id in held)]


def check_acting(
    joined: bool, kiosk: bool, holds: int | None, member: Member, held: bool = False
) -> None:
    """A device acts as `member` only while it holds that name; a kiosk only for someone it
    may list (`kiosk_may_act_for`; `held`: whether a device holds the name). Decided inside
    the write, so a name released a moment ago is already gone."""
    if not joined:
        raise Refused("This device has not joined; enter the join code again.")
    if kiosk:
        check_kiosk(member, held)
        return
    if holds != member.id:
        raise Refused("This device no longer holds that name; pick your name again.")
