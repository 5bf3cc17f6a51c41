"""Where a participant console gets its session from and sends its actions to.

Two backends keep the same promise: `LocalParticipant` reads and writes the session file (the
trusted case: the account that owns the file), and `RemoteParticipant`
(`rmworkshop.remote.remote_participant`) talks to the participant server.
The screens draw a `ParticipantState` and never know which one they have.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from rmworkshop.core.claims import check_kiosk
from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Profile
from rmworkshop.core.rules.people import member_named
from rmworkshop.remote.local_state import roll_of, state_of
from rmworkshop.remote.participant_state import ParticipantState, Roll
from rmworkshop.store import Store


@runtime_checkable
class ParticipantBackend(Protocol):
    """Every operation refuses with `Refused` and one plain line; nothing else escapes."""

    @property
    def kiosk(self) -> bool: ...

    @property
    def needs_code(self) -> bool:
        """True until the right join code has been given."""
        ...

    @property
    def trouble(self) -> str | None:
        """What keeps the console from being up to date now, in a few words; None if nothing."""
        ...

    def join(self, code: str) -> None: ...

    def snapshot(self) -> ParticipantState:
        """The newest state, with the roll of names while nobody is at this console yet and
        any trouble: a console reads it off screen (in a worker), so it may take a while."""
        ...

    def data_version(self) -> int:
        """Changes whenever there is a newer state; cheap enough to poll often."""
        ...

    def roll(self) -> Roll: ...

    def claim(self, name: str, level: str | None, profile: Profile | None = None) -> None:
        """Become this person: an existing name, or a new one with a level (and, optionally,
        what they bring to mentoring pairs)."""
        ...

    def submit(self, text: str) -> str:
        """Send one idea; returns the text exactly as stored."""
        ...

    def cast(self, choices: Mapping[int, int], name: str | None) -> None:
        """Cast a ballot as oneself, or on a kiosk as the person named."""
        ...

    def hand(self, up: bool) -> None: ...

    def volunteer(self, number: int) -> None: ...

    def check_in(self, met: str, going: str, note: str) -> None:
        """Answer the pair check-in as oneself, once."""
        ...

    def close(self) -> None: ...


class LocalParticipant:
    """The session file itself, opened by the account that owns it."""

    def __init__(self, store: Store, clock: Clock, *, kiosk: bool = False) -> None:
        self.store = store
        self._clock = clock
        self._kiosk = kiosk
        self._me: str | None = None

    @property
    def kiosk(self) -> bool:
        return self._kiosk

    @property
    def path(self) -> Path | None:
        """The session file, which the console watches for being deleted or replaced."""
        return self.store.path

    @property
    def needs_code(self) -> bool:
        return False  # the account that owns the session file needs no join code

    @property
    def trouble(self) -> str | None:
        return None  # a busy file is said by the console's polling itself

    def join(self, code: str) -> None:
        return None

    def snapshot(self) -> ParticipantState:
        session = self.store.snapshot()
        if self._kiosk:  # it never lists a name that a device holds
            return state_of(
                session, None, self._clock.now(), kiosk=True, claimed=self.store.claimed()
            )
        state = state_of(session, self._me, self._clock.now())
        if self._me is not None:
            return state
        # Who a newcomer can be, from the same snapshot: "who are you?" draws it as it is.
        return state._replace(roll=roll_of(session, self.store.claimed()))

    def data_version(self) -> int:
        return self.store.data_version()

    def roll(self) -> Roll:
        return roll_of(self.store.snapshot(), self.store.claimed())

    def claim(self, name: str, level: str | None, profile: Profile | None = None) -> None:
        # The same rule as a phone's claim (`rmworkshop.core.claims`): nobody new once voting
        # has started, and no name another device holds.
        self._me = self.store.claim(None, name, level, profile).name

    def submit(self, text: str) -> str:
        return self.store.submit(text)  # exactly what was stored

    def cast(self, choices: Mapping[int, int], name: str | None) -> None:
        who = self._who(name)
        if self._kiosk:  # the kiosk's rule, as the server's store write checks it
            member = member_named(self.store.snapshot(), who)
            check_kiosk(member, member.id in self.store.claimed())
        self.store.cast_ballot(who, choices)

    def hand(self, up: bool) -> None:
        self.store.hand(self._who(None), up)

    def volunteer(self, number: int) -> None:
        self.store.volunteer(number, self._who(None))

    def check_in(self, met: str, going: str, note: str) -> None:
        self.store.check_in(self._who(None), met, going, note)

    def close(self) -> None:
        self.store.close()

    def _who(self, name: str | None) -> str:
        who = name if self._kiosk else self._me
        if who is None:
            raise Refused("Pick your name first.")
        return who
