"""What a participant device may do now, in the words the participant page and consoles use,
as `allowed` decides it: one answer for the participant server and a console on the file."""

from __future__ import annotations

from rmworkshop.core.people import Member
from rmworkshop.core.rules import Action, Role, allowed
from rmworkshop.core.session import Session

OFFERED = {
    Action.SUBMIT: "submit",
    Action.CAST_BALLOT: "cast",
    Action.RAISE_HAND: "hand",
    Action.VOLUNTEER: "volunteer",
}


def offers(
    session: Session, me: Member | None, kiosk: bool, now: float, hand_up: bool = False
) -> set[str]:
    """A device with no name (and not a kiosk) may do nothing until it picks one."""
    if me is None and not kiosk:
        return set()
    role = Role.KIOSK if kiosk else Role.PARTICIPANT
    actions = allowed(role, session, now, me.name if me else None)
    names = {OFFERED[action] for action in actions if action in OFFERED}
    if hand_up and Action.LOWER_HAND in actions:
        names.add("hand")
    return names
