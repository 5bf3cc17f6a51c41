"""Join codes for the participant server: how they look, how they are checked, and how repeated
wrong guesses are slowed down."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import NamedTuple

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code is read aloud or copied from a projector."""
LENGTH = 8
"""31**8, about 850 thousand million, codes: see the README for how long guessing takes."""
FAILURE_WINDOW_SECONDS = 600.0
"""Wrong codes older than this no longer slow anyone down."""
MAX_DELAY_SECONDS = 30.0


def new_code() -> str:
    """A fresh code such as ``K7PQ-3MXY``, in two halves for reading aloud."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    half = LENGTH // 2
    return f"{raw[:half]}-{raw[half:]}"


def normalise(code: str) -> str:
    """What was typed, without spaces and dashes and in capitals: ``k7p q3m`` is ``K7PQ3M``."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def digest(code: str) -> str:
    """What the console processes are given instead of the code itself."""
    return hashlib.sha256(normalise(code).encode("utf-8")).hexdigest()


def matches(typed: str, expected_digest: str) -> bool:
    return hmac.compare_digest(digest(typed), expected_digest)


def delay_after(failures: int) -> float:
    """Seconds before the next try after `failures` recent wrong codes: 1, 2, 4 ... up to 30."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** (failures - 1), MAX_DELAY_SECONDS))


def wait_left(failures: int, last_failed_at: float | None, now: float) -> float:
    """Seconds before the next guess may be tried, after `failures` recent wrong codes, the
    last of them at `last_failed_at`; 0.0 when it may be tried now."""
    if last_failed_at is None:
        return 0.0
    return max(0.0, last_failed_at + delay_after(failures) - now)


class Guess(NamedTuple):
    """What became of one typed code: not tried while `wait` > 0 (seconds left), otherwise
    tried, and `failures` is the recent count of wrong codes, this one included if wrong."""

    wait: float
    failures: int
