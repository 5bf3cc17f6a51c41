"""The facilitator's console on a database session whose room other servers keep open: the j
key shows their address and join code, and starts no server of its own; with `--serve`, or
once no server keeps the room open, it starts its own as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rmworkshop.cli.elsewhere import ServedElsewhere
from rmworkshop.cli.facilitate import room_factory
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.server.runner import RoomServer
from rmworkshop.store import RoomKeys, Store, token_digest
from rmworkshop.store.contract import ROOM_ALIVE_SECONDS
from rmworkshop.store.postgres import Address, PostgresStore
from tests.postgres_server import made_session
from tests.store.contract.helpers import eventually

KEYS = RoomKeys("K7PQ-3MXY", "Q2WE-R4TY", "ab" * 32, "https://workshop.example.org")


@pytest.fixture
def address() -> Iterator[Address]:
    with made_session() as made:
        yield made


def test_j_shows_the_room_other_servers_keep_open(address: Address) -> None:
    clock = FakeClock()

    def opener(_: object) -> Store:
        return PostgresStore.open(address, clock)

    factory = room_factory(opener, None, None)
    assert isinstance(factory(), RoomServer), "nobody opened the room: this console does"
    with PostgresStore.open(address, clock) as serving:
        serving.room_keys(KEYS)  # a serve process on another host
        phone = serving.join_device(kiosk=False)
        serving.claim(token_digest(phone), "Ana", None)
        serving.join_device(kiosk=False)
    shown = factory()
    assert isinstance(shown, ServedElsewhere)
    assert (shown.url, shown.code, shown.kiosk_code) == (KEYS.url, KEYS.code, KEYS.kiosk_code)
    shown.start()
    try:
        eventually(lambda: shown.room_counts().devices == 2, "the session's devices counted")
        assert shown.room_counts().line() == "2 devices joined; 1 holds no name yet"
        with pytest.raises(Refused, match="devices SESSION --clear"):
            shown.clear_idle()
    finally:
        shown.stop()
    assert isinstance(room_factory(opener, ("127.0.0.1", 0), None)(), RoomServer), "--serve"
    clock.advance(ROOM_ALIVE_SECONDS + 1)
    assert isinstance(factory(), RoomServer), "its servers stopped marking it open"
