"""How fast anyone may guess join codes and write: kept in the server's memory, never in the
session file, so restarting the server forgets it and no count can lock a room out for good.

Wrong codes are counted per source (one address; for IPv6 the /64 a device gets its addresses
from), so a flood from one source only slows that source. A room-wide cap on code checks bounds
guessing across many sources; the README turns it into a guessing time.
"""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from dataclasses import dataclass

from rmworkshop.core.clock import Clock
from rmworkshop.core.joincode import FAILURE_WINDOW_SECONDS, wait_left

MAX_SOURCES = 10_000
"""Sources remembered at once; the oldest are forgotten first, so memory stays bounded."""


def source_key(address: str) -> str:
    """The unit a throttle counts: an IPv4 address, or the /64 of an IPv6 address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


class Bucket:
    """A token bucket: `burst` actions at once, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: float, clock: Clock) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._at = clock.now()

    def _refill(self) -> None:
        now = self._clock.now()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now

    def take(self) -> float:
        """Take one token: 0.0 if taken, otherwise the seconds until one is due."""
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate

    @property
    def full(self) -> bool:
        self._refill()
        return self._tokens >= self.burst


class Buckets:
    """One bucket per key (a device, a source), at most `limit` kept; full ones are dropped."""

    def __init__(self, rate: float, burst: float, clock: Clock, limit: int = MAX_SOURCES) -> None:
        self._rate, self._burst, self._clock, self._limit = rate, burst, clock, limit
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        bucket = self._buckets.pop(key, None) or Bucket(self._rate, self._burst, self._clock)
        wait = bucket.take()
        self._buckets[key] = bucket
        while len(self._buckets) > self._limit:
            oldest, old = next(iter(self._buckets.items()))
            if not old.full and len(self._buckets) <= 2 * self._limit:
                break  # still counting; forgotten once it refills or the table doubles
            del self._buckets[oldest]
        return wait


@dataclass
class _Failures:
    count: int
    last: float


class CodeGuard:
    """Decides whether a source may have its code checked now, and counts wrong codes."""

    def __init__(self, clock: Clock, checks_per_second: float, burst: float) -> None:
        self._clock = clock
        self._sources: OrderedDict[str, _Failures] = OrderedDict()
        self._room = Bucket(checks_per_second, burst, clock)

    def own_wait(self, source: str) -> float:
        """Seconds this source must still wait after its own wrong codes; 0.0 when none."""
        now = self._clock.now()
        failures = self._sources.get(source)
        if failures is None:
            return 0.0
        if now - failures.last > FAILURE_WINDOW_SECONDS:
            del self._sources[source]
            return 0.0
        return wait_left(failures.count, failures.last, now)

    def room_wait(self) -> float:
        """Take one of the room's code checks: 0.0 if taken, else seconds until one is free."""
        return self._room.take()

    def wrong(self, source: str) -> float:
        """Count a wrong code; returns the wait it earns."""
        now = self._clock.now()
        failures = self._sources.pop(source, None)
        if failures is None or now - failures.last > FAILURE_WINDOW_SECONDS:
            failures = _Failures(0, now)
        failures.count += 1
        failures.last = now
        self._sources[source] = failures
        while len(self._sources) > MAX_SOURCES:
            self._sources.popitem(last=False)
        return wait_left(failures.count, now, now)

    def right(self, source: str) -> None:
        self._sources.pop(source, None)
