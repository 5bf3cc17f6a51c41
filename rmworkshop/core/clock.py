"""Time enters the core only through a clock object, so tests can move it by hand."""

from __future__ import annotations

from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time as seconds since the Unix epoch."""

    def now(self) -> float: ...


class FakeClock:
    """A clock that only moves when told to; for tests, benchmarks and replays."""

    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, when: float) -> None:
        self._now = when
