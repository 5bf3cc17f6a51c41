"""The messages between a participant console's screens and its app: the join code, who this
is, ideas, dots, hands, owners, check-ins and the kiosk's ballots. As in `rmworkshop.ui.messages`,
screens post a request and the app asks the store; typed text comes back as an `Answered`."""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump

from rmworkshop.core.people import Profile


class EnterCode(Message):
    """The join code typed at the gate; the answer goes back to `reply_to` as an `Answered`."""

    code: str
    reply_to: MessagePump | None

    def __init__(self, code: str, reply_to: MessagePump | None = None) -> None:
        super().__init__()
        self.code = code
        self.reply_to = reply_to


class Identify(Message):
    """Become a person in the session: an existing name, or a new one with a level."""

    name: str
    level: str | None
    profile: Profile | None
    """What a newcomer states for mentoring pairs: team, topics, willingness to mentor."""

    def __init__(self, name: str, level: str | None = None, profile: Profile | None = None) -> None:
        super().__init__()
        self.name = name
        self.level = level
        self.profile = profile


class SubmitIdea(Message):
    """Send an idea; the answer goes back to `reply_to` as an `Answered`."""

    text: str
    reply_to: MessagePump | None

    def __init__(self, text: str, reply_to: MessagePump | None = None) -> None:
        super().__init__()
        self.text = text
        self.reply_to = reply_to


class Answered(Message, bubble=False):
    """What became of typed text sent to the app: `refusal` is None when it was taken."""

    text: str
    refusal: str | None

    def __init__(self, text: str, refusal: str | None) -> None:
        super().__init__()
        self.text = text
        self.refusal = refusal


class ChangeDots(Message):
    number: int
    delta: int

    def __init__(self, number: int, delta: int) -> None:
        super().__init__()
        self.number = number
        self.delta = delta


class Cast(Message):
    """Cast the ballot built on this screen."""


class ToggleHand(Message):
    """Raise a hand to speak, or lower it."""


class Volunteer(Message):
    """Volunteer as an owner of an idea."""

    number: int

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class CheckIn(Message):
    """Send this person's pair check-in; the answer goes back to `reply_to` as an `Answered`
    (its text is the note)."""

    met: str
    going: str
    note: str
    reply_to: MessagePump | None

    def __init__(self, met: str, going: str, note: str, reply_to: MessagePump | None) -> None:
        super().__init__()
        self.met, self.going, self.note = met, going, note
        self.reply_to = reply_to


class BeginBallot(Message):
    """Kiosk: the person called `name` starts their ballot."""

    name: str

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class PutBallotAway(Message):
    """Kiosk: the ballot on screen is put away unsent."""


class Forget(Message, bubble=False):
    """Kiosk: nobody touched the keys for a while; clear whatever the last person typed."""
