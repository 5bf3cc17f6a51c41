"""What a participant did at this console, in this process's memory only.

The app changes it; screens and panels hold the same object and draw from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rmworkshop.remote.participant_state import ParticipantState


@dataclass
class Seat:
    kiosk: bool = False
    voter: str | None = None
    """On a kiosk, whoever picked their name to vote at the keyboard now; nobody otherwise."""
    my_ideas: list[str] = field(default_factory=list)
    """Ideas sent from this screen, exactly as stored; never stored with a name."""
    ballot: dict[int, int] = field(default_factory=dict)
    """Dots put on ideas, not yet cast."""
    unused_asked: int | None = None
    """The dots left when "you still have N dots" was asked; v again casts with them unused."""

    def who(self, state: ParticipantState) -> str | None:
        """The person at the keyboard: the kiosk's voter, or whoever this console joined as."""
        if self.kiosk:
            return self.voter
        return state.me.name if state.me else None

    def has_voted(self, state: ParticipantState) -> bool:
        return state.ballot is not None and state.ballot.voted

    def leave(self) -> None:
        """The kiosk's voter walks away: their unsent ballot goes with them."""
        self.voter, self.ballot, self.unused_asked = None, {}, None


def unused_question(left: int) -> str:
    """What casting a ballot with dots left asks first."""
    dots = "dot" if left == 1 else "dots"
    return f"You still have {left} {dots} to give: press v again to cast with them unused."
