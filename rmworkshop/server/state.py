"""What each device is sent: one shared snapshot per commit, turned into one device's view
(built by `rmworkshop.participation.view`, which a console on the session file uses too).

Everything that is the same for every device is built once per snapshot, and devices holding
the same name (or kiosks) share one computed view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rmworkshop.core.people import Member
from rmworkshop.core.session import Session
from rmworkshop.participation.view import State, device_view, shared_view

__all__ = ["Snapshot", "State"]
from rmworkshop.store.devices import Device


@dataclass(frozen=True)
class Snapshot:
    """The session as one commit left it, with the devices that joined it."""

    version: int
    session: Session
    devices: dict[str, Device]
    taken_at: float
    _views: dict[tuple[int | None, bool], State] = field(default_factory=dict, compare=False)

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


def _person(member: Member) -> dict[str, str]:
    return {"name": member.name, "level": member.level}
