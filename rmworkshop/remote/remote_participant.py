"""`RemoteParticipant`: a participant console's backend when it joins through the server.

It has no access to the session file. It sees only what the server sends this device, and
every action is the server's to allow or refuse, as for a phone.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Profile
from rmworkshop.remote.client import ServerClient
from rmworkshop.remote.participant_state import Hand, ParticipantState, Phase, Roll


def waiting_state(now: float) -> ParticipantState:
    """What is drawn before the server has sent anything: nothing of the session."""
    return ParticipantState(
        version=-1,
        title="rmworkshop",
        summary="Connecting to the workshop...",
        me=None,
        phase=Phase(0, "", "info", "", "not-started", 0.0),
        allowed=frozenset(),
        order=(),
        speaking=None,
        you_are_next=False,
        you_are_speaking=False,
        hand=Hand(False, None),
        ballot=None,
        results=None,
        waiting=(),
        received_at=now,
    )


class RemoteParticipant:
    def __init__(self, client: ServerClient, clock: Clock, *, kiosk: bool = False) -> None:
        self._client = client
        self._kiosk = kiosk
        self._lock = threading.Lock()
        self._state = waiting_state(clock.now())
        self._received = 0
        """Counts states received, so a server restart (its version from 0 again) still shows."""
        self._stop = threading.Event()
        self._following = False
        self._lost = False
        self._gone = False
        self._roll: Roll | None = None
        self._roll_for: int | None = None
        """The count of states received when the roll was last read."""
        self._roll_problem: str | None = None

    @property
    def kiosk(self) -> bool:
        return self._kiosk

    @property
    def needs_code(self) -> bool:
        return self._client.token is None

    def join(self, code: str) -> None:
        self._client.join(code, kiosk=self._kiosk)
        self._take(self._client.state())
        with self._lock:
            self._gone = False
            start = not self._following
            self._following = True
        if start:
            self._client.follow(self._take, self._stop, self._drop, self._released)

    def snapshot(self) -> ParticipantState:
        """The newest state, with the roll of names read again (an HTTP request) while nobody
        is at this console yet: a console calls this in a worker, never while drawing."""
        with self._lock:
            state, received = self._state, self._received
        if state.me is None and not self._kiosk and self._client.token is not None:
            if self._roll_for != received:
                try:
                    self._roll, self._roll_problem = self._client.people(), None
                    self._roll_for = received
                except Refused as error:
                    self._roll_problem = str(error)
        else:
            self._roll = self._roll_for = self._roll_problem = None
        return state._replace(roll=self._roll, trouble=self.trouble or self._roll_problem)

    def data_version(self) -> int:
        with self._lock:
            return self._received

    @property
    def trouble(self) -> str | None:
        with self._lock:
            lost = self._lost
            gone = self._gone
        if gone:
            return "the facilitator released your name: enter the join code again"
        return "connection lost: reconnecting..." if lost else None

    def roll(self) -> Roll:
        return self._client.people()

    def claim(self, name: str, level: str | None, profile: Profile | None = None) -> None:
        self._take(self._client.claim(name, level, profile))

    def submit(self, text: str) -> str:
        return self._client.submit(text)

    def cast(self, choices: Mapping[int, int], name: str | None) -> None:
        self._take(self._client.cast(choices, name if self._kiosk else None))

    def hand(self, up: bool) -> None:
        self._take(self._client.hand(up))

    def volunteer(self, number: int) -> None:
        self._take(self._client.volunteer(number))

    def check_in(self, met: str, going: str, note: str) -> None:
        self._take(self._client.check_in(met, going, note))

    def close(self) -> None:
        self._stop.set()

    def _take(self, state: ParticipantState) -> None:
        """Keep the newest state, from an answer or from the event stream (another thread)."""
        with self._lock:
            self._state = state
            self._received += 1
            self._lost = False

    def _released(self) -> None:
        """The facilitator freed this device's name: it must join again, with the code."""
        with self._lock:
            self._client.token = None
            self._gone, self._following = True, False
            self._received += 1

    def _drop(self) -> None:
        """The event stream dropped: say so on screen until it is back."""
        with self._lock:
            if not self._lost:
                self._lost = True
                self._received += 1
