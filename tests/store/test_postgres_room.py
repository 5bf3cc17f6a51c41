"""A database room's counts cannot grow without bound, and do not outlive their use: the
servers' heartbeat forgets those older than the failure window and the oldest beyond a cap."""

from __future__ import annotations

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.joincode import FAILURE_WINDOW_SECONDS
from rmworkshop.store import RoomKeys
from rmworkshop.store.postgres import PostgresStore, room
from tests.postgres_server import made_session

KEYS = RoomKeys("K7PQ-3MXY", "Q2WE-R4TY", "ab" * 32, "https://workshop.example.org")
NAMES = [f"k{index}" for index in range(8)]


def test_a_rooms_counts_are_bounded_and_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(room, "MAX_COUNTS", 5)
    clock = FakeClock()
    with made_session() as address, PostgresStore.open(address, clock) as store:
        store.room_keys(KEYS)
        now = clock.now()
        rows = {name: (1.0, now + index) for index, name in enumerate(NAMES)}
        store.counted([], lambda _: (None, rows), 0.0)

        def kept() -> list[str]:
            return store.counted(NAMES, lambda found: (sorted(found), {}), 0.0)

        assert kept() == NAMES, "judging alone forgets nothing recent"
        store.room_keys(KEYS)  # a server's heartbeat
        assert kept() == NAMES[3:], "the newest five are kept"
        clock.advance(FAILURE_WINDOW_SECONDS + 10)
        store.room_keys(KEYS)
        assert kept() == [], "nothing outlives the failure window"
