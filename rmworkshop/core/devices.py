"""Devices that joined with the code and never claimed a name: when they expire, which ones the
facilitator may clear, and how the room's devices are counted for the facilitator.

A device that holds no name costs a place in the session (which takes a few thousand) and
nothing else: one that has not claimed a name within `UNCLAIMED_DEVICE_SECONDS` of joining is
forgotten, so joining many devices with the code cannot fill a session for good. A device
holding a name, and a kiosk (which holds none by design), are never forgotten here: the
facilitator releases a name when needed. Times come from the caller's clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

UNCLAIMED_DEVICE_SECONDS = 15 * 60.0
"""How long a joined device may hold no name before it is forgotten."""
CLEAR_GRACE_SECONDS = 60.0
"""When the facilitator clears the devices holding no name, the ones that joined this
recently stay: someone may be picking a name right now."""


class Joined(NamedTuple):
    """What the rule needs of one joined device."""

    digest: str
    person: int | None
    kiosk: bool


def forgettable(device: Joined) -> bool:
    """A device that may be forgotten at all: it holds no name and is no kiosk."""
    return device.person is None and not device.kiosk


def expired(devices: Iterable[Joined], joined_at: Callable[[str], float], now: float) -> list[str]:
    """The digests of devices holding no name that joined `UNCLAIMED_DEVICE_SECONDS` or more
    before `now` (`joined_at` gives each device's joining time)."""
    return idle(devices, joined_at, now, UNCLAIMED_DEVICE_SECONDS)


def idle(
    devices: Iterable[Joined], joined_at: Callable[[str], float], now: float, after: float
) -> list[str]:
    """The digests of devices holding no name that joined `after` seconds or more ago."""
    return [d.digest for d in devices if forgettable(d) and now - joined_at(d.digest) >= after]


def to_clear(devices: Iterable[Joined], joined_at: Callable[[str], float], now: float) -> list[str]:
    """What the facilitator's "clear" forgets: devices holding no name, but for the newest."""
    return idle(devices, joined_at, now, CLEAR_GRACE_SECONDS)


class RoomCounts(NamedTuple):
    """The room's devices as the facilitator sees them."""

    devices: int
    named: int
    sources: int | None
    """Addresses (an IPv6 /64 counts once) the devices joined from, for those that joined
    since the server started; None where the room is served elsewhere."""

    @property
    def unnamed(self) -> int:
        return self.devices - self.named

    def line(self) -> str:
        devices = "1 device" if self.devices == 1 else f"{self.devices} devices"
        holds = "holds" if self.unnamed == 1 else "hold"
        if self.sources is None:
            return f"{devices} joined; {self.unnamed} {holds} no name yet"
        sources = "1 address" if self.sources == 1 else f"{self.sources} addresses"
        return f"{devices} joined from {sources}; {self.unnamed} {holds} no name yet"
