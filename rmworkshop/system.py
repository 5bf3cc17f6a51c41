"""The real clock, kept out of the core so the core never reads the time by itself."""

from __future__ import annotations

import time


class SystemClock:
    def now(self) -> float:
        return time.time()
