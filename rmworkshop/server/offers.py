"""What a device may do now: the same answers the participant consoles give."""

from __future__ import annotations

from rmworkshop.core.people import Member
from rmworkshop.core.session import Session

ACTIONS = ("submit", "hand", "cast", "volunteer")


def offers(session: Session, me: Member | None, kiosk: bool) -> set[str]:
    if not session.is_started or session.is_finished:
        return set()
    allowed: set[str] = set()
    reached = any(p.kind == "capture" for p in session.agenda.phases[: session.index + 1])
    if reached and not session.voting.opened and (me is not None or kiosk):
        allowed.add("submit")
    if session.kind == "discuss" and me is not None and me.present:
        allowed.add("hand")
    voting = session.voting
    open_vote = session.kind == "vote" and voting.opened and not voting.closed
    if open_vote and (kiosk or (me is not None and me.id not in voting.voted)):
        allowed.add("cast")
    if session.kind == "actions" and me is not None:
        allowed.add("volunteer")
    return allowed
