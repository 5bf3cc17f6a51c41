"""What each device is sent: one shared snapshot per commit, turned into one device's view
(built by `rmworkshop.participation.view`, which a console on the session file uses too).

Everything that is the same for every device is built once per snapshot, and devices holding
the same name (or kiosks) share one computed view.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from rmworkshop.core.people import Member
from rmworkshop.core.session import Session
from rmworkshop.participation.view import State, device_view, shared_view, with_countdown
from rmworkshop.store.devices import Device

__all__ = ["Snapshot", "State"]

_ABSENT = object()


@dataclass(frozen=True)
class Snapshot:
    """The session as one commit left it, with the devices that joined it."""

    version: int
    session: Session
    devices: dict[str, Device]
    taken_at: float
    _views: dict[tuple[int | None, bool], State] = field(default_factory=dict, compare=False)
    _common: dict[frozenset[str], str] = field(default_factory=dict, compare=False)

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

    def people(self) -> State:
        session = self.session
        ranked = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.name))
        return {
            "levels": list(session.levels.names),
            "can_add": not session.voting.opened,
            "people": [
                {**_person(m), "claimed": m.id in self.claimed} for m in ranked if m.present
            ],
        }

    def view(self, device: Device) -> State:
        """This device's state, without the version and the countdown (added when sent);
        devices holding the same name share one computed view."""
        key = (device.person, device.kiosk)
        if key not in self._views:
            session = self.session
            me = session.by_id.get(device.person) if device.person is not None else None
            self._views[key] = device_view(session, self.shared, me, device.kiosk, self.taken_at)
        return self._views[key]

    def sent(self, device: Device, now: float) -> bytes:
        """The device's state as one live event, with the countdown as of `now`.

        What every device shares is serialised once per snapshot and its text spliced into
        each device's event; only the device's own part (me, hand, turn, what it may do, the
        version and the countdown) is serialised per device, so a commit costs the server
        little more per device than the write itself."""
        view, shared = self.view(device), self.shared
        own = {key: value for key, value in view.items() if shared.get(key, _ABSENT) is not value}
        own = with_countdown(
            {"version": self.version, **own, "phase": view["phase"]}, self.session, now
        )
        common = frozenset(shared).difference(own)
        if not common:
            return _event(_json(own))
        if common not in self._common:
            self._common[common] = _json({key: shared[key] for key in shared if key in common})
        return _event(_json(own)[:-1] + "," + self._common[common][1:])


def _event(body: str) -> bytes:
    """A state as a server-sent event."""
    return f"event: state\ndata: {body}\n\n".encode()


def _json(state: State) -> str:
    return json.dumps(state, separators=(",", ":"))


def _person(member: Member) -> dict[str, str]:
    return {"name": member.name, "level": member.level}
