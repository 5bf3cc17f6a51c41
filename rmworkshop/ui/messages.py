"""The messages between a console's screens and its app.

Screens never call the app: they post a request (start, cast, edit owners...) and it bubbles up
to the app, which asks the store. Whatever changed the session, this console or another
process, the app then posts one `SessionChanged` to every screen, and each redraws from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from rmworkshop.core.people import Profile


@dataclass
class SessionChanged(Message, bubble=False):
    """A new snapshot of the session (a `Session`, or what a participant may see of it).

    A screen that is behind draws only the newest one.
    """

    session: Any

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SessionChanged)


@dataclass
class ClockTicked(Message, bubble=False):
    """Time passed: redraw what counts down. Ticks that queue up collapse into one."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ClockTicked)


@dataclass
class StoreWaiting(Message, bubble=False):
    """A write is waiting for another program to let go of the session file, or no longer."""

    waiting: bool


# -- the facilitator -------------------------------------------------------------------------


@dataclass
class Start(Message):
    """Start the session's first phase."""


@dataclass
class MovePhase(Message):
    """Move one phase on, or back, from `since` (`Session.phase_number`) as shown on screen:
    two consoles pressing once move the session once between them."""

    forward: bool
    since: int


@dataclass
class PauseOrResume(Message):
    """Stop the clock, or start it again."""


@dataclass
class Extend(Message):
    minutes: float


@dataclass
class Reveal(Message):
    """Show the ideas received so far on the board."""


@dataclass
class Merge(Message):
    keep: int
    duplicates: list[int]


@dataclass
class Turn(Message):
    """Give the floor to the next person, let the speaker pass, or end their turn."""

    step: str  # "next", "pass" or "end"


@dataclass
class CloseVoting(Message):
    """Close voting for good (asked for confirmation first) and publish the results."""

    force: bool = False
    """Close even with fewer than two ballots; the facilitator was told what that shows."""


@dataclass
class EditOwners(Message):
    """Open the owners dialog for an idea."""

    number: int


@dataclass
class ShowPeople(Message):
    """Open the dialog of who is here."""


@dataclass
class SetPresent(Message):
    name: str
    present: bool


@dataclass
class SwapPair(Message):
    """Swap two people's places in the pairs."""

    first: str
    second: str


@dataclass
class ReleaseName(Message):
    """Free the name a device holds (a lost phone), so it can be claimed again elsewhere."""

    name: str


# -- participants ------------------------------------------------------------------------------


@dataclass
class EnterCode(Message):
    """The join code typed at the gate; the answer goes back to `reply_to` as an `Answered`."""

    code: str
    reply_to: MessagePump | None = field(default=None, compare=False)


@dataclass
class Identify(Message):
    """Become a person in the session: an existing name, or a new one with a level."""

    name: str
    level: str | None = None
    profile: Profile | None = None
    """What a newcomer states for mentoring pairs: team, topics, willingness to mentor."""


@dataclass
class SubmitIdea(Message):
    """Send an idea; the answer goes back to `reply_to` as an `Answered`."""

    text: str
    reply_to: MessagePump | None = field(default=None, compare=False)


@dataclass
class Answered(Message, bubble=False):
    """What became of typed text sent to the app: `refusal` is None when it was taken."""

    text: str
    refusal: str | None


@dataclass
class ChangeDots(Message):
    number: int
    delta: int


@dataclass
class Cast(Message):
    """Cast the ballot built on this screen."""


@dataclass
class ToggleHand(Message):
    """Raise a hand to speak, or lower it."""


@dataclass
class Volunteer(Message):
    """Volunteer as an owner of an idea."""

    number: int


@dataclass
class BeginBallot(Message):
    """Kiosk: the person called `name` starts their ballot."""

    name: str


@dataclass
class PutBallotAway(Message):
    """Kiosk: the ballot on screen is put away unsent."""


@dataclass
class Forget(Message, bubble=False):
    """Kiosk: nobody touched the keys for a while; clear whatever the last person typed."""
