"""Places for requests with a body (joins and writes) being answered at once, counted apart
for joined devices and for everyone else, so that requests whose body never arrives (which
need no code to send) can hold at most the places of joins, and only a few per address: a
joined device's writes keep places of their own, a few per device.

Reads (the page, a device's state, its live events) take no place: they are answered from
memory at once.
"""

from __future__ import annotations

from collections import Counter

from rmworkshop.server.limits import Limits


class Places:
    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._devices = 0
        self._joins = 0
        self._held: Counter[str] = Counter()

    @property
    def taken(self) -> int:
        return self._devices + self._joins

    def take(self, key: str, joined: bool) -> bool:
        """Hold a place for a request from `key` (a joined device's digest, else the source);
        False when there is none."""
        limits = self._limits
        if joined:
            if self._devices >= limits.requests_in_flight:
                return False
            if self._held[key] >= limits.requests_in_flight_per_device:
                return False
            self._devices += 1
        else:
            if self._joins >= limits.joins_in_flight:
                return False
            if self._held[key] >= limits.joins_in_flight_per_source:
                return False
            self._joins += 1
        self._held[key] += 1
        return True

    def give(self, key: str, joined: bool) -> None:
        if joined:
            self._devices -= 1
        else:
            self._joins -= 1
        self._held[key] -= 1
        if self._held[key] <= 0:
            del self._held[key]
