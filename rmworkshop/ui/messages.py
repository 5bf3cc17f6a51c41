"""The messages between a console's screens and its app.

Screens never call the app: they post a request (start, cast, edit owners...) and it bubbles up
to the app, which asks the store. Whatever changed the session, this console or another
process, the app then posts one `SessionChanged` to every screen, and each redraws from it.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump


class SessionChanged(Message, bubble=False):
    """A new snapshot of the session (a `Session`, or what a participant may see of it).

    A screen that is behind draws only the newest one.
    """

    session: Any

    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SessionChanged)


class ClockTicked(Message, bubble=False):
    """Time passed: redraw what counts down. Ticks that queue up collapse into one."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ClockTicked)


class StoreWaiting(Message, bubble=False):
    """A write is waiting for another program to let go of the session file, or no longer."""

    waiting: bool

    def __init__(self, waiting: bool) -> None:
        super().__init__()
        self.waiting = waiting


# -- the facilitator -------------------------------------------------------------------------


class Start(Message):
    """Start the session's first phase, first marking `away` the people the facilitator said
    are not here yet (`rmworkshop.core.claims.not_arrived`)."""

    def __init__(self, away: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.away = away


class MovePhase(Message):
    """Move one phase on, or back, from `since` (`Session.phase_number`) as shown on screen:
    two consoles pressing once move the session once between them."""

    forward: bool
    since: int

    def __init__(self, forward: bool, since: int) -> None:
        super().__init__()
        self.forward = forward
        self.since = since


class PauseOrResume(Message):
    """Stop the clock, or start it again."""


class Extend(Message):
    minutes: float

    def __init__(self, minutes: float) -> None:
        super().__init__()
        self.minutes = minutes


class Reveal(Message):
    """Show the ideas received so far on the board."""

    force: bool
    """Reveal even fewer than three new ideas; the facilitator was told what that shows."""

    def __init__(self, force: bool = False) -> None:
        super().__init__()
        self.force = force


class Merge(Message):
    keep: int
    duplicates: list[int]

    def __init__(self, keep: int, duplicates: list[int]) -> None:
        super().__init__()
        self.keep = keep
        self.duplicates = duplicates


class Unmerge(Message):
    """Undo a merge: the cards merged into `number` are voted on again under their own."""

    number: int

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class DismissSuggestion(Message):
    """Never suggest merging these ideas (display numbers) again."""

    numbers: list[int]

    def __init__(self, numbers: list[int]) -> None:
        super().__init__()
        self.numbers = numbers


class ReadDismissed(Message):
    """Which merge suggestions were dismissed? The answer goes to `reply_to` as
    `DismissedRead`."""

    reply_to: MessagePump

    def __init__(self, reply_to: MessagePump) -> None:
        super().__init__()
        self.reply_to = reply_to


class DismissedRead(Message, bubble=False):
    """The dismissed merge suggestions, read in a store worker."""

    dismissed: list[frozenset[int]]

    def __init__(self, dismissed: list[frozenset[int]]) -> None:
        super().__init__()
        self.dismissed = dismissed


class Turn(Message):
    """Give the floor to the next person, let the speaker pass, or end their turn."""

    step: str  # "next", "pass" or "end"

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step


class CloseVoting(Message):
    """Close voting for good (asked for confirmation first) and publish the results."""

    force: bool
    """Close even with fewer than three ballots; the facilitator was told what that shows."""

    def __init__(self, force: bool = False) -> None:
        super().__init__()
        self.force = force


class EditOwners(Message):
    """Open the owners dialog for an idea."""

    number: int

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class ShowPeople(Message):
    """Open the dialog of who is here."""


class SetPresent(Message):
    name: str
    present: bool

    def __init__(self, name: str, present: bool) -> None:
        super().__init__()
        self.name = name
        self.present = present


class SwapPair(Message):
    """Swap two people's places in the pairs."""

    first: str
    second: str

    def __init__(self, first: str, second: str) -> None:
        super().__init__()
        self.first = first
        self.second = second


class ShowHands(Message):
    """Open the dialog that raises or lowers a hand for someone without a device."""


class SetHand(Message):
    """Raise (or lower) the hand of someone present, for them."""

    name: str
    up: bool

    def __init__(self, name: str, up: bool) -> None:
        super().__init__()
        self.name = name
        self.up = up


class ReadClaims(Message):
    """Which names do devices hold now? The answer goes back to `reply_to` as `ClaimsRead`."""

    reply_to: MessagePump

    def __init__(self, reply_to: MessagePump) -> None:
        super().__init__()
        self.reply_to = reply_to


class ClaimsRead(Message, bubble=False):
    """Which people a device holds, and which a device waits to be let in as (their ids),
    read in a store worker."""

    claimed: frozenset[int]
    waiting: frozenset[int]

    def __init__(self, claimed: frozenset[int], waiting: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.claimed = claimed
        self.waiting = waiting


class LetIn(Message):
    """The facilitator's yes: the device waiting to act as this person (marked away) may."""

    name: str

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class CloseRoster(Message):
    """Keep the roster closed to new people (or open it again)."""

    closed: bool

    def __init__(self, closed: bool) -> None:
        super().__init__()
        self.closed = closed


class RoomOpened(Message, bubble=False):
    """The participant server is listening: its address and join code, for screens that say
    how to join."""

    url: str
    code: str

    def __init__(self, url: str, code: str) -> None:
        super().__init__()
        self.url = url
        self.code = code


class ReleaseName(Message):
    """Free the name a device holds (a lost phone), so it can be claimed again elsewhere."""

    name: str

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
