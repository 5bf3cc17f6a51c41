"""The participant state built from a session snapshot, for a console on the session file
(the same account's trusted case): exactly what the participant server would send that device,
built by the same function (`rmworkshop.participation.view`).
"""

from __future__ import annotations

from collections.abc import Collection

from rmworkshop.core.session import Session
from rmworkshop.participation.view import participant_view, roll_view
from rmworkshop.remote.participant_state import ParticipantState, Roll, read_roll, read_state


def state_of(
    session: Session,
    me: str | None,
    now: float,
    *,
    kiosk: bool = False,
    claimed: Collection[int] = frozenset(),
) -> ParticipantState:
    """The state the participant server would send to this device: the same JSON, read back
    (`claimed`: the people a device holds, whom a kiosk never lists)."""
    member = session.person(me) if me else None
    view = participant_view(session, member, kiosk, now, claimed)
    return read_state({"version": 0, **view}, now)


def roll_of(session: Session, claimed: Collection[int]) -> Roll:
    """Who a newcomer can be, as the participant server says it (`roll_view`), read back."""
    return read_roll(roll_view(session, claimed))
