"""How fast anyone may guess join codes and write: kept in the server's memory, never in the
session file, so restarting the server forgets it and no count can lock a room out for good.

Wrong codes are counted per attempt: a browser's attempt cookie within its source, or else the
source itself (one address; for IPv6 the /64 a device gets its addresses from). A flood from
one browser, or from one source without cookies, only slows that browser or source: a venue
behind one address keeps joining while one of its phones guesses. A room-wide cap on code
checks bounds guessing across every source and attempt; the README turns it into a guessing
time. Part of that cap is kept for attempts and sources with no recent wrong code, so a flood
of guesses from many sources, which soon have wrong codes all, never keeps the right code
waiting; and a busy answer to an attempt that already guessed wrong, or that asks again sooner
than a busy answer told it to, counts as one more wrong code, so waiting for the room costs
guessers what guessing does.
"""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rmworkshop.core.clock import Clock
from rmworkshop.core.joincode import FAILURE_WINDOW_SECONDS, wait_left
from rmworkshop.store import Count

ROOM = "room"
"""The key of the room's bucket of code checks among a guard's rows. Each row (a `Count`) is a
number (wrong codes, or the room's tokens) and a time (the last wrong code, when a busy attempt
was told to come back, the last refill)."""

MAX_SOURCES = 10_000
"""Sources remembered at once; the oldest are forgotten first, so memory stays bounded."""
CLEAN_SOURCE_FAILURES = 5
"""Wrong codes from one source (all its attempts) in the failure window before its attempts
no longer draw on the part of the room's checks kept for those with no wrong code."""
EARLY_SLACK_SECONDS = 0.1
"""An attempt told "busy, try again in t seconds" that asks again this much sooner than t
asked too early (a client rounds t to a tenth, and the page waits 50 ms more)."""


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

    def take(self, keep: float = 0.0) -> float:
        """Take one token, leaving at least `keep`: 0.0 if taken, otherwise the seconds until
        one is due."""
        self._refill()
        if self._tokens >= 1 + keep:
            self._tokens -= 1
            return 0.0
        return (1 + keep - self._tokens) / self.rate

    def state(self) -> Count:
        self._refill()
        return (self._tokens, self._at)

    def restore(self, tokens: float, at: float) -> None:
        self._tokens, self._at = min(self.burst, tokens), at

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


class _Counts:
    """Recent wrong codes per key, forgotten after the failure window; at most MAX_SOURCES."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counts: OrderedDict[str, _Failures] = OrderedDict()

    def get(self, key: str) -> _Failures | None:
        failures = self._counts.get(key)
        if failures is not None and self._clock.now() - failures.last > FAILURE_WINDOW_SECONDS:
            del self._counts[key]
            return None
        return failures

    def add(self, key: str) -> _Failures:
        now = self._clock.now()
        failures = self.get(key) or _Failures(0, now)
        self._counts.pop(key, None)
        failures.count += 1
        failures.last = now
        self._counts[key] = failures
        while len(self._counts) > MAX_SOURCES:
            self._counts.popitem(last=False)
        return failures

    def forget(self, key: str) -> None:
        self._counts.pop(key, None)

    def restore(self, key: str, count: int, last: float) -> None:
        self._counts[key] = _Failures(count, last)


class CodeGuard:
    """Decides whether an attempt may have its code checked now, and counts wrong codes.

    `attempt` is the key wrong codes slow down (a browser's attempt within its source, or the
    source); `source` is where it comes from, counted as a whole only to decide whether its
    attempts may draw on the checks kept for those with no wrong code."""

    def __init__(
        self, clock: Clock, checks_per_second: float, burst: float, reserve: float = 0.0
    ) -> None:
        self._clock = clock
        self._attempts = _Counts(clock)
        self._sources = _Counts(clock)
        self._room = Bucket(checks_per_second, burst, clock)
        self._reserve = min(reserve, max(0.0, burst - 1))
        self._busy: OrderedDict[str, float] = OrderedDict()
        """Attempts told "busy", with when they were told to try again."""

    def own_wait(self, attempt: str) -> float:
        """Seconds this attempt must still wait after its own wrong codes; 0.0 when none."""
        failures = self._attempts.get(attempt)
        if failures is None:
            return 0.0
        return wait_left(failures.count, failures.last, self._clock.now())

    def clean(self, attempt: str, source: str) -> bool:
        """No recent wrong code from this attempt, and few from its source."""
        if self._attempts.get(attempt) is not None:
            return False
        failures = self._sources.get(source)
        return failures is None or failures.count < CLEAN_SOURCE_FAILURES

    def room_wait(self, attempt: str, source: str) -> float:
        """Take one of the room's code checks: 0.0 if taken, else seconds until one is free.

        An attempt that is not clean cannot take the part kept for those that are. A busy
        answer costs a guesser what a wrong code does: to an attempt that has guessed wrong,
        or to one asking again before the busy answer it was given said to."""
        now = self._clock.now()
        told = self._busy.pop(attempt, None)
        early = told is not None and now + EARLY_SLACK_SECONDS < told
        if early:
            self._attempts.add(attempt)
        if self.clean(attempt, source):
            wait = self._room.take()
        else:
            wait = self._room.take(keep=self._reserve)
            if wait > 0 and not early and self._attempts.get(attempt) is not None:
                self._attempts.add(attempt)
        if wait > 0:
            failures = self._attempts.get(attempt)
            if failures is not None:
                wait = max(wait, wait_left(failures.count, failures.last, now))
            self._busy[attempt] = now + wait
            while len(self._busy) > MAX_SOURCES:
                self._busy.popitem(last=False)
        return wait

    def wrong(self, attempt: str, source: str) -> float:
        """Count a wrong code; returns the wait it earns."""
        self._sources.add(source)
        failures = self._attempts.add(attempt)
        now = self._clock.now()
        return wait_left(failures.count, now, now)

    def right(self, attempt: str) -> None:
        self._attempts.forget(attempt)

    def judge(self, attempt: str, source: str, matches: bool) -> Verdict:
        """One typed code, start to end: whether it may be checked now, and if so whether it
        was right (`matches`, decided by the caller), counting what it earns."""
        wait = self.own_wait(attempt)
        if wait > 0:
            return Verdict("slow", wait)
        wait = self.room_wait(attempt, source)
        if wait > 0:
            return Verdict("busy", wait)
        if not matches:
            return Verdict("wrong", self.wrong(attempt, source))
        self.right(attempt)
        return Verdict("right", 0.0)

    # -- shared by several servers: the rows one attempt reads and writes ------------------------
    @staticmethod
    def keys(attempt: str, source: str) -> tuple[str, ...]:
        """The rows `judge` may read or change for this attempt and source."""
        return (ROOM, f"a {attempt}", f"s {source}", f"b {attempt}")

    def restore(self, rows: Mapping[str, Count]) -> None:
        """Take up the rows a shared store holds (from `export`, by `keys`), as this guard's
        own state: a guard made just for one `judge`, on a server among several."""
        for key, (amount, at) in rows.items():
            kind, _, name = key.partition(" ")
            if key == ROOM:
                self._room.restore(amount, at)
            elif kind == "a":
                self._attempts.restore(name, int(amount), at)
            elif kind == "s":
                self._sources.restore(name, int(amount), at)
            elif kind == "b":
                self._busy[name] = at

    def export(self, attempt: str, source: str) -> dict[str, Count | None]:
        """This attempt's and source's rows as they are now (None: nothing to keep)."""
        room = self._room.state()
        attempts = self._attempts.get(attempt)
        sources = self._sources.get(source)
        told = self._busy.get(attempt)
        return {
            ROOM: room,
            f"a {attempt}": None if attempts is None else (attempts.count, attempts.last),
            f"s {source}": None if sources is None else (sources.count, sources.last),
            f"b {attempt}": None if told is None else (0.0, told),
        }


class Verdict(NamedTuple):
    """What became of one typed code: ``slow`` (this attempt guessed wrong too recently),
    ``busy`` (the room's checks are taken for now), ``wrong`` or ``right``; `wait` is the
    seconds before trying again (0.0 when right)."""

    outcome: Literal["slow", "busy", "wrong", "right"]
    wait: float
