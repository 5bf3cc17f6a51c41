"""What each front end offers now, as `allowed` decides it: a participant device's actions in
the words the participant page and consoles use (one answer for the participant server and a
console on the file), and the facilitator console's actions where its screen shows them."""

from __future__ import annotations

from collections.abc import Hashable

from rmworkshop.core.people import Member
from rmworkshop.core.rules import Action, Role, allowed
from rmworkshop.core.rules.actions import person_facts
from rmworkshop.core.session import Session

OFFERED = {
    Action.SUBMIT: "submit",
    Action.CAST_BALLOT: "cast",
    Action.RAISE_HAND: "hand",
    Action.VOLUNTEER: "volunteer",
    Action.CHECK_IN: "checkin",
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


class RoomOffers:
    """`offers` for every device of one session at one moment, decided once per kind of device:
    devices alike in what the rules read about them (`person_facts`, a kiosk or not, a hand up
    or not) are offered the same, so a room of 500 costs a handful of rule checks."""

    def __init__(self, session: Session, now: float) -> None:
        self.session = session
        self.now = now
        self._answers: dict[Hashable, tuple[str, ...]] = {}

    def __call__(self, me: Member | None, kiosk: bool, hand_up: bool = False) -> list[str]:
        """What this device is offered, sorted (a fresh list: the caller may keep it)."""
        key = (kiosk, hand_up, person_facts(self.session, me))
        answer = self._answers.get(key)
        if answer is None:
            answer = tuple(sorted(offers(self.session, me, kiosk, self.now, hand_up)))
            self._answers[key] = answer
        return list(answer)


def facilitator_offers(session: Session, now: float) -> frozenset[Action]:
    """What the facilitator's console offers now: what the rules allow, each where the console
    shows what it acts on."""
    actions = set(allowed(Role.FACILITATOR, session, now))
    if session.kind != "vote":
        # Voting left open is closed from its own phase, where the results then show.
        actions.discard(Action.CLOSE_VOTING)
    if session.is_finished or session.kind != "actions":
        # Owners are picked from the ranked ideas that the actions phase shows.
        actions.discard(Action.SET_OWNERS)
    if session.idea_count == len(session.votable):
        actions.discard(Action.REVEAL)  # nothing is waiting to be revealed
    return frozenset(actions)
