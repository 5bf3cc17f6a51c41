"""Join codes typed into a browser console: repeated wrong guesses are slowed down."""

from __future__ import annotations

from rmworkshop.core.joincode import FAILURE_WINDOW_SECONDS, Guess, wait_left


def recent_failures(count: int, last: float | None, now: float) -> tuple[int, float | None]:
    """Wrong codes that still count: (how many, when the last); none once the window passed."""
    if last is None or now - last > FAILURE_WINDOW_SECONDS:
        return 0, None
    return count, last


def judge_guess(count: int, last: float | None, now: float, right: bool) -> tuple[Guess, bool]:
    """What becomes of one typed code, given the recent wrong ones: the answer, and whether
    it is a wrong guess to record (tried, and not right)."""
    count, last = recent_failures(count, last, now)
    wait = wait_left(count, last, now)
    if wait > 0 or right:
        return Guess(wait, count), False
    return Guess(0.0, count + 1), True
