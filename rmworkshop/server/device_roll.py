"""The devices of the room as the server remembers them: when each joined and from where, in
the server's memory only (the session file keeps neither). Devices that never claim a name
expire by the core's rule (`rmworkshop.core.devices`), and the facilitator sees how many devices
joined from how many addresses, and can clear the ones holding no name.
"""

from __future__ import annotations

from rmworkshop.core.clock import Clock
from rmworkshop.core.devices import Joined, RoomCounts, expired, to_clear
from rmworkshop.server.hub import Hub

EXPIRY_EVERY_SECONDS = 60.0
"""How often a join looks for expired devices, unless the session is full."""


class DeviceRoll:
    def __init__(self, hub: Hub, clock: Clock, cap: int) -> None:
        self._hub = hub
        self._clock = clock
        self._cap = cap
        self._started = clock.now()
        self._looked = self._started
        self._joined: dict[str, float] = {}
        self._sources: dict[str, str] = {}

    def joined(self, digest: str, source: str) -> None:
        self._joined[digest] = self._clock.now()
        self._sources[digest] = source

    def joined_at(self, digest: str) -> float:
        """When the device joined; one that joined before the server started counts from
        the start, so a restart never makes a device older."""
        return self._joined.get(digest, self._started)

    def _devices(self) -> list[Joined]:
        devices = self._hub.snapshot.devices.values()
        return [Joined(d.digest, d.person, d.kiosk) for d in devices]

    def counts(self) -> RoomCounts:
        devices = self._hub.snapshot.devices
        named = sum(1 for device in devices.values() if device.person is not None)
        sources = {self._sources[d] for d in devices if d in self._sources}
        return RoomCounts(len(devices), named, len(sources))

    async def expire(self) -> int:
        """Forget the devices that expired, looking at most once a minute while the session
        has room; returns how many were forgotten."""
        now = self._clock.now()
        full = len(self._hub.snapshot.devices) >= self._cap
        if not full and now - self._looked < EXPIRY_EVERY_SECONDS:
            return 0
        self._looked = now
        return await self._forget(expired(self._devices(), self.joined_at, now))

    async def clear(self) -> int:
        """The facilitator's clear: forget the devices holding no name, but for the newest."""
        return await self._forget(to_clear(self._devices(), self.joined_at, self._clock.now()))

    async def _forget(self, digests: list[str]) -> int:
        if not digests:
            return 0
        writer = self._hub.writer
        forgotten = await self._hub.write(lambda: writer.forget_devices(digests))
        for digest in digests:
            self._joined.pop(digest, None)
            self._sources.pop(digest, None)
        return forgotten
