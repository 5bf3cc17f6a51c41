"""What each device is sent: one shared snapshot per commit, turned into one device's view
(built by `rmworkshop.participation.view`, which a console on the session file uses too).

Everything that is the same for every device is built once per snapshot (`RoomView`), devices
holding the same name (or kiosks) share one computed view, and the JSON of what devices share
is made (and digested, for each device's `version`) once per snapshot and spliced into each
device's event. A view equal to the one the snapshot before had is not spliced again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

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
Key = tuple[int | None, bool]
"""Devices alike in what they are shown: the person whose name they hold, and kiosk or not."""
COUNTED = ("phase", "turn")
"""What `with_countdown` changes when a state is sent: serialised for each event, ahead of the
rest of the view."""


@dataclass(frozen=True)
class Snapshot:
    """The session as one commit left it, with the devices that joined it."""

    version: int
    """Counts the snapshots the server read; only the server sees it (see `seen_version`)."""
    session: Session
    devices: dict[str, Device]
    taken_at: float
    _views: dict[Key, State] = field(default_factory=dict, compare=False)
    _texts: dict[tuple[tuple[str, ...], frozenset[str]], str] = field(
        default_factory=dict, compare=False
    )
    _marks: dict[tuple[tuple[str, ...], frozenset[str]], str] = field(
        default_factory=dict, compare=False
    )
    _digests: dict[Key, int] = field(default_factory=dict, compare=False)
    _rests: dict[Key, _Spliced] = field(default_factory=dict, compare=False)
    _kept: tuple[dict[Key, State], dict[Key, _Spliced]] = field(
        default_factory=lambda: ({}, {}), compare=False
    )
    """The earlier snapshot's views and their spliced texts, when the shared part is the same:
    a view equal to the earlier one is not spliced again (a commit that moved only the clock)."""

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
            object.__setattr__(self, "_marks", earlier._marks)
            object.__setattr__(self, "_kept", (earlier._views, earlier._rests))

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
        any device time every write in the room, its own view unchanged.

        What the device shares with others enters it by the digest of its text, taken once per
        snapshot (see `_spliced`), so a device's digest reads only its own part."""
        key = (device.person, device.kiosk)
        found = self._digests.get(key)
        if found is None:
            view = self.view(device)
            counted = _json({name: view[name] for name in COUNTED if name in view})
            shown = f"{counted}{self._rest(device).mark}{self.session.timer!r}"
            digest = hashlib.blake2b(shown.encode(), digest_size=6).digest()
            found = self._digests[key] = int.from_bytes(digest, "big")  # exact in JavaScript
        return found

    def sent(self, device: Device, now: float) -> bytes:
        """The device's state as one live event, with the countdown as of `now`.

        What the device shares with every other (the same objects as in the shared part, at
        the top or one level down, such as the ballot's ideas) is serialised once per snapshot
        and its text spliced in; the rest of the view once for every device holding the same
        name; only the version and what the countdown changes are serialised per event, so a
        commit costs the server little more per device than the write itself."""
        view = self.view(device)
        counted = with_countdown(view, self.session, now)
        head = {"version": self.seen_version(device)}
        head.update((name, counted[name]) for name in COUNTED if name in counted)
        rest = self._rest(device).pieces  # "{", ..., "}"
        tail = rest[1:] if len(rest) > 2 else ()
        pieces = ("event: state\ndata: ", _json(head)[:-1], "," if tail else "}", *tail, "\n\n")
        return "".join(pieces).encode()

    def _rest(self, device: Device) -> _Spliced:
        """The device's view without what the countdown changes, spliced (see `_spliced`)."""
        key = (device.person, device.kiosk)
        found = self._rests.get(key)
        if found is None:
            view = self.view(device)
            views, rests = self._kept
            found = rests.get(key)
            if found is None or views.get(key) != view:
                rest = {name: value for name, value in view.items() if name not in COUNTED}
                found = self._spliced(rest, self.shared, ())
            self._rests[key] = found
        return found

    def _spliced(self, state: State, shared: State, path: tuple[str, ...]) -> _Spliced:
        """The JSON text of `state` in pieces, where the text of what it shares with `shared`
        (the same objects) is made once per snapshot and is the same piece for every device;
        and its mark, the same text with each shared part replaced by the digest of its text,
        from which the version is digested."""
        own: State = {}
        members: list[tuple[str, ...]] = []
        marks: list[str] = []
        common: list[str] = []
        for key, value in state.items():
            alike = shared.get(key, _ABSENT)
            if value is alike:
                common.append(key)
            elif type(value) is dict and type(alike) is dict and _shares_parts(value, alike):
                inner = self._spliced(value, alike, (*path, key))
                name = _json(key)
                members.append((f"{name}:", *inner.pieces))
                marks.append(f"{name}:{inner.mark}")
            else:
                own[key] = value
        if own:
            own_text = _json(own)[1:-1]
            members.insert(0, (own_text,))
            marks.insert(0, own_text)
        if common:
            text_key = (path, frozenset(common))
            text = self._texts.get(text_key)
            if text is None:
                text = self._texts[text_key] = _json({key: shared[key] for key in common})[1:-1]
            mark = self._marks.get(text_key)
            if mark is None:
                digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
                mark = self._marks[text_key] = f"#{digest}"  # never JSON: the two cannot meet
            members.append((text,))
            marks.append(mark)
        pieces = ["{"]
        for member in members:
            pieces.extend((*member, ","))
        pieces[-1:] = ["}"] if members else ["{", "}"]
        return _Spliced(tuple(pieces), "{" + ",".join(marks) + "}")


class _Spliced(NamedTuple):
    """A state's JSON text, in pieces: the shared ones are each one string kept by the
    snapshot, so what a view holds of its own is small however long the ideas are."""

    pieces: tuple[str, ...]
    mark: str


def _shares_parts(value: State, shared: State) -> bool:
    """Whether `value` holds a list or mapping of `shared` itself (worth splicing in)."""
    return any(
        isinstance(part, (list, dict)) and shared.get(key, _ABSENT) is part
        for key, part in value.items()
    )


_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _json(state: object) -> str:
    return _ENCODER.encode(state)


def _person(member: Member) -> dict[str, str]:
    return {"name": member.name, "level": member.level}
