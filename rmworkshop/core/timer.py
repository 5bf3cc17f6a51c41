"""The phase clock: a deadline while running, the remaining seconds while paused.

Remaining time is always computed from the clock, never counted in ticks, so it cannot drift
and a restarted console shows exactly what the crashed one would have.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

TimerState = Literal["running", "paused", "finished"]


class PhaseTimer(NamedTuple):
    state: TimerState
    deadline: float | None = None
    """Epoch seconds at which the phase's time is up; set while running."""
    paused_remaining: float | None = None
    """Seconds left (negative when overrun); set while paused."""

    @classmethod
    def running(cls, seconds: float, now: float) -> PhaseTimer:
        return cls("running", deadline=now + seconds)

    @classmethod
    def paused(cls, seconds: float) -> PhaseTimer:
        return cls("paused", paused_remaining=seconds)

    @classmethod
    def finished(cls) -> PhaseTimer:
        return cls("finished")

    def remaining(self, now: float) -> float:
        if self.state == "running" and self.deadline is not None:
            return self.deadline - now
        if self.state == "paused" and self.paused_remaining is not None:
            return self.paused_remaining
        return 0.0

    def pause(self, now: float) -> PhaseTimer:
        if self.state != "running":
            return self
        return PhaseTimer.paused(self.remaining(now))

    def resume(self, now: float) -> PhaseTimer:
        if self.state != "paused":
            return self
        return PhaseTimer.running(self.remaining(now), now)

    def extend(self, seconds: float) -> PhaseTimer:
        if self.state == "running" and self.deadline is not None:
            return self._replace(deadline=self.deadline + seconds)
        if self.state == "paused" and self.paused_remaining is not None:
            return self._replace(paused_remaining=self.paused_remaining + seconds)
        return self


def format_remaining(seconds: float) -> str:
    """``mm:ss`` while time is left, ``+mm:ss`` once overrun (hours fold into minutes)."""
    overrun = seconds < 0
    # Round up while counting down, so 0:00 appears only when time is truly up.
    whole = int(-seconds) if overrun else int(-(-seconds // 1))
    minutes, secs = divmod(whole, 60)
    return f"{'+' if overrun else ''}{minutes:02d}:{secs:02d}"
