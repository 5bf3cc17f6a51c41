"""Two participant servers on one database session, as two hosts behind a proxy: they deal one
join code and one kiosk code, a device that joined through one is the same device on the
other, and the code throttle counts across them (an attempt that guessed wrong on one waits on
the other, and the room's bound on code checks is the room's, not each server's)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.remote.client import ServerClient
from rmworkshop.server import RoomServer
from rmworkshop.server.limits import Limits
from rmworkshop.store import Store
from rmworkshop.store.postgres import Address, PostgresStore
from rmworkshop.store.postgres.schema import REGISTRY
from tests.postgres_server import made_session
from tests.server.conftest import free_port
from tests.store.contract.helpers import eventually

WRONG = "AAAA-AAAA"


@pytest.fixture
def address() -> Iterator[Address]:
    with made_session() as made:
        yield made


def two_servers(
    address: Address, clock: FakeClock, limits: Limits | None = None
) -> list[RoomServer]:
    def opener(server_clock: FakeClock) -> Store:
        return PostgresStore.open(address, server_clock)

    servers = [
        RoomServer(opener, "127.0.0.1", free_port(), clock=clock, limits=limits)  # type: ignore[arg-type]
        for _ in range(2)
    ]
    for server in servers:
        server.start()
    return servers


def refusal(client: ServerClient, code: str) -> str:
    with pytest.raises(Refused) as refused:
        client.join(code, kiosk=False)
    return str(refused.value)


def test_two_servers_deal_one_code_and_know_each_others_devices(address: Address) -> None:
    clock = FakeClock()
    first, second = two_servers(address, clock)
    try:
        assert first.code == second.code and first.kiosk_code == second.kiosk_code
        with PostgresStore.open(address, clock) as console:
            room = console.open_room()  # what a facilitator's console shows with j
        assert room is not None and (room.code, room.url) == (first.code, second.url)
        phone = ServerClient(first.url, clock)
        phone.join(second.code, kiosk=False)
        phone.claim("Ana", None)
        same = ServerClient(second.url, clock)
        same.token = phone.token  # the proxy sent its next request to the other host
        same.state()  # known at once, though the other server has not told it yet

        def named() -> bool:
            me = same.state().me
            return me is not None and me.name == "Ana"

        eventually(named, "the other server shows the name the device claimed")
        other = ServerClient(second.url, clock)
        other.join(first.code, kiosk=False)
        with pytest.raises(Refused):
            other.claim("Ana", None)  # one device per name, across servers
    finally:
        for server in (first, second):
            server.stop()


def test_a_server_started_later_deals_the_code_already_dealt(address: Address) -> None:
    clock = FakeClock()
    first, second = two_servers(address, clock)
    code = first.code
    for server in (first, second):
        server.stop()
    again = two_servers(address, clock)
    try:
        assert [server.code for server in again] == [code, code]
    finally:
        for server in again:
            server.stop()


def test_wrong_codes_on_one_server_slow_the_same_attempt_on_the_other(address: Address) -> None:
    clock = FakeClock()
    first, second = two_servers(address, clock)
    try:
        assert "not the join code" in refusal(ServerClient(first.url, clock), WRONG)
        assert "Too many tries" in refusal(ServerClient(second.url, clock), second.code)
        clock.advance(1.5)  # the wait one wrong code earns
        ServerClient(second.url, clock).join(second.code, kiosk=False)
        assert "not the join code" in refusal(ServerClient(second.url, clock), WRONG)
        assert "Too many tries" in refusal(ServerClient(first.url, clock), WRONG)
    finally:
        for server in (first, second):
            server.stop()


def test_the_rooms_bound_on_code_checks_holds_across_servers(address: Address) -> None:
    clock = FakeClock()
    limits = Limits(code_checks_per_second=1, code_check_burst=2, code_check_reserve=0)
    first, second = two_servers(address, clock, limits)
    try:
        ServerClient(first.url, clock).join(first.code, kiosk=False)
        ServerClient(first.url, clock).join(first.code, kiosk=False)
        assert "Many people are joining" in refusal(ServerClient(second.url, clock), second.code)
        clock.advance(1)
        ServerClient(second.url, clock).join(second.code, kiosk=False)
    finally:
        for server in (first, second):
            server.stop()


def test_the_shared_counts_hold_no_address(address: Address) -> None:
    """Wrong codes are counted under digests keyed with the room's key, never an address."""
    clock = FakeClock()
    first, second = two_servers(address, clock)
    try:
        refusal(ServerClient(first.url, clock), WRONG)
        clock.advance(1.5)
        ServerClient(second.url, clock).join(second.code, kiosk=False)
    finally:
        for server in (first, second):
            server.stop()
    with psycopg.connect(address.conninfo) as connection:
        keys = [
            key
            for (key,) in connection.execute(
                f"SELECT key FROM {REGISTRY}.counts c JOIN {REGISTRY}.sessions s"
                " ON s.schema = c.schema WHERE s.name = %s",
                (address.session,),
            )
        ]
    assert "room" in keys and len(keys) > 1, keys
    for key in keys:
        assert key == "room" or re.fullmatch(r"[asb] [0-9a-f]{64}", key), key
        assert "127.0.0.1" not in key


def test_a_server_answers_an_attempt_it_told_to_wait_from_memory(
    address: Address, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tries before the wait is over never reach the shared store: a flood costs it nothing."""
    judged: list[int] = []
    counted = PostgresStore.counted

    def counting(self: PostgresStore, *args: Any, **kwargs: Any) -> Any:
        judged.append(1)
        return counted(self, *args, **kwargs)

    monkeypatch.setattr(PostgresStore, "counted", counting)
    clock = FakeClock()
    first, second = two_servers(address, clock)
    try:
        assert "not the join code" in refusal(ServerClient(first.url, clock), WRONG)
        assert len(judged) == 1
        for _ in range(5):
            assert "Too many tries" in refusal(ServerClient(first.url, clock), first.code)
        assert len(judged) == 1, "answered from memory"
        clock.advance(1.5)
        ServerClient(first.url, clock).join(first.code, kiosk=False)
        assert len(judged) == 2
    finally:
        for server in (first, second):
            server.stop()
