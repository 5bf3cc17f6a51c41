"""What each device is sent: one shared snapshot per commit, turned into one device's view
(built by `rmworkshop.participation.view`, which a console on the session file uses too).

Everything that is the same for every device is built once per snapshot (`RoomView`), devices
holding the same name (or kiosks) share one computed view, and the JSON of what devices share
is made once per snapshot and spliced into each device's event.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from rmworkshop.core.people import Member
from rmworkshop.core.session import Session
from rmworkshop.participation.view import (
    RoomView,
    State,
    roll_view,
    shared_view,
    with_countdown,
)
from rmworkshop.store import Device

__all__ = ["Snapshot", "State"]

_ABSENT = object()


@dataclass(frozen=True)
class Snapshot:
    """The session as one commit left it, with the devices that joined it."""

    version: int
    """Counts the snapshots the server read; only the server sees it (see `seen_version`)."""
    session: Session
    devices: dict[str, Device]
    taken_at: float
    _views: dict[tuple[int | None, bool], State] = field(default_factory=dict, compare=False)
    _texts: dict[tuple[tuple[str, ...], frozenset[str]], str] = field(
        default_factory=dict, compare=False
    )
    _digests: dict[tuple[int | None, bool], int] = field(default_factory=dict, compare=False)

    @cached_property
    def claimed(self) -> frozenset[int]:
        return frozenset(d.person for d in self.devices.values() if d.person is not None)

    @cached_property
    def shared(self) -> State:
        return shared_view(self.session)

    def keep_shared(self, earlier: Snapshot) -> None:
        """Reuse the earlier snapshot's shared part when it is equal, so comparing two devices'
        views of the two snapshots is cheap (the same objects compare at once)."""
        if self.shared == earlier.shared:
            self.__dict__["shared"] = earlier.shared
            object.__setattr__(self, "_texts", earlier._texts)  # made from the same objects

    @cached_property
    def room(self) -> RoomView:
        return RoomView(self.session, self.taken_at, self.shared, self.claimed)

    def people(self) -> State:
        return roll_view(self.session, self.claimed)

    def view(self, device: Device) -> State:
        """This device's state, without the version and the countdown (added when sent);
        devices holding the same name share one computed view."""
        key = (device.person, device.kiosk)
        view = self._views.get(key)
        if view is None:
            session = self.session
            me = session.by_id.get(device.person) if device.person is not None else None
            view = self._views[key] = self.room.device(me, device.kiosk)
        return view

    def seen_version(self, device: Device) -> int:
        """The `version` this device is sent: a digest of what it is shown (its view and the
        phase's clock), so it changes exactly when that changes. A count of commits would let
        any device time every write in the room, its own view unchanged."""
        key = (device.person, device.kiosk)
        found = self._digests.get(key)
        if found is None:
            shown = self._spliced(self.view(device), self.shared, ()) + repr(self.session.timer)
            digest = hashlib.blake2b(shown.encode(), digest_size=6).digest()
            found = self._digests[key] = int.from_bytes(digest, "big")  # exact in JavaScript
        return found

    def sent(self, device: Device, now: float) -> bytes:
        """The device's state as one live event, with the countdown as of `now`.

        What the device shares with every other (the same objects as in the shared part, at
        the top or one level down, such as the ballot's ideas) is serialised once per snapshot
        and its text spliced in; only the device's own part (me, hand, turn, what it may do,
        the version and the countdown) is serialised per device, so a commit costs the server
        little more per device than the write itself."""
        view = self.view(device)
        state = with_countdown({"version": self.seen_version(device), **view}, self.session, now)
        return _event(self._spliced(state, self.shared, ()))

    def _spliced(self, state: State, shared: State, path: tuple[str, ...]) -> str:
        own: State = {}
        nested: list[str] = []
        common: list[str] = []
        for key, value in state.items():
            alike = shared.get(key, _ABSENT)
            if value is alike:
                common.append(key)
            elif type(value) is dict and type(alike) is dict and _shares_parts(value, alike):
                nested.append(f"{_json(key)}:{self._spliced(value, alike, (*path, key))}")
            else:
                own[key] = value
        parts = [_json(own)[1:-1]] if own else []
        parts.extend(nested)
        if common:
            text_key = (path, frozenset(common))
            text = self._texts.get(text_key)
            if text is None:
                text = self._texts[text_key] = _json({key: shared[key] for key in common})[1:-1]
            parts.append(text)
        return "{" + ",".join(parts) + "}"


def _shares_parts(value: State, shared: State) -> bool:
    """Whether `value` holds a list or mapping of `shared` itself (worth splicing in)."""
    return any(
        isinstance(part, (list, dict)) and shared.get(key, _ABSENT) is part
        for key, part in value.items()
    )


def _event(body: str) -> bytes:
    """A state as a server-sent event."""
    return f"event: state\ndata: {body}\n\n".encode()


def _json(state: object) -> str:
    return json.dumps(state, separators=(",", ":"))


def _person(member: Member) -> dict[str, str]:
    return {"name": member.name, "level": member.level}
