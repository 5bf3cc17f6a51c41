"""A venue behind one address, and a flood of guesses from many: a room of phones that all
come from one source (a TLS proxy's forwarded address, a room's NAT or IPv6 /64) joins and
stays live while one of them floods wrong codes, and someone with the right code gets in at
once while many sources keep the room's code checks busy. The room-wide bound on guessing
holds throughout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse, ClientSession, DummyCookieJar, TCPConnector

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.devices import CLEAR_GRACE_SECONDS, UNCLAIMED_DEVICE_SECONDS, RoomCounts
from rmworkshop.server.limits import Limits
from rmworkshop.server.reception import Reception
from tests.server.conftest import CODE, new_session, serve

VENUE = "203.0.113.50"
SITE = "https://rm.example"
PHONES = 500


@dataclass
class Proxy:
    """Requests as the TLS proxy passes them on, each with the address it saw."""

    http: ClientSession
    base: str
    clock: FakeClock
    room: Reception

    async def send(
        self, method: str, path: str, source: str, cookie: str = "", **kwargs: Any
    ) -> ClientResponse:
        headers = {"Host": "rm.example", "Origin": SITE, "X-Forwarded-For": source}
        if cookie:
            headers["Cookie"] = cookie
        headers.update(kwargs.pop("headers", {}))
        return await self.http.request(method, self.base + path, headers=headers, **kwargs)

    async def guess(self, source: str, code: str, cookie: str = "") -> tuple[int, Any]:
        response = await self.send("POST", "/api/join", source, cookie, json={"code": code})
        return response.status, await response.json()

    async def attempt_cookie(self, source: str) -> str:
        """The cookie a browser is given with the page."""
        page = await self.send("GET", "/", source)
        jar = SimpleCookie()
        for header in page.headers.getall("Set-Cookie", []):
            jar.load(header)
        return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


@pytest.fixture
async def proxy(tmp_path: Path) -> AsyncIterator[Proxy]:
    clock = FakeClock()
    path = tmp_path / "venue.workshop"
    new_session(path, clock).close()
    limits = Limits(code_checks_per_second=20, code_check_burst=40, code_check_reserve=10)
    room, server, base = await serve(path, clock, limits, public_url=SITE)
    connector = TCPConnector(limit=0)
    async with ClientSession(connector=connector, cookie_jar=DummyCookieJar()) as http:
        try:
            yield Proxy(http, base, clock, room)
        finally:
            await server.close()


async def _flood(proxy: Proxy, prankster: str, times: int) -> None:
    """Wrong codes, with the prankster's own attempt cookie and without any."""
    for _ in range(times):
        status, _ = await proxy.guess(VENUE, "WRNG-CODE", prankster)
        assert status in (403, 429)
        status, _ = await proxy.guess(VENUE, "WRNG-CODE")
        assert status in (403, 429)


async def test_a_venue_behind_one_address_joins_and_stays_live(proxy: Proxy) -> None:
    prankster = await proxy.attempt_cookie(VENUE)
    await _flood(proxy, prankster, 10)
    checked_before = proxy.clock.now()
    tokens: list[str] = []
    for phone in range(PHONES):
        if phone % 25 == 0:
            await _flood(proxy, prankster, 2)
        cookie = await proxy.attempt_cookie(VENUE)
        assert cookie, "each browser is given an attempt of its own"
        for _ in range(20):  # as the page does: a busy room is tried again after its wait
            status, body = await proxy.guess(VENUE, CODE, cookie)
            if status != 429:
                break
            assert body.get("busy") is True, f"phone {phone}: {body['error']}"
            proxy.clock.advance(body["retry_after"])
        assert status == 200, f"phone {phone}: {body}"
        tokens.append(body["token"])
    took = proxy.clock.now() - checked_before
    assert took < 60, f"the room waited {took:.0f} s for its own joins"
    streams = [
        await proxy.send("GET", "/api/events", VENUE, headers={"Authorization": f"Bearer {t}"})
        for t in tokens
    ]
    try:
        assert [response.status for response in streams] == [200] * PHONES
        firsts = await asyncio.gather(
            *(asyncio.wait_for(response.content.readline(), 10) for response in streams)
        )
        assert all(line.startswith(b"event: state") for line in firsts)
        assert sum(proxy.room.streams.values()) == PHONES
    finally:
        for response in streams:
            response.close()
    status, body = await proxy.guess(VENUE, CODE, prankster)
    assert status == 429 and not body.get("busy"), "the prankster still waits for his own"


async def test_the_right_code_gets_in_through_a_flood_of_guesses(proxy: Proxy) -> None:
    sources = [f"198.51.100.{n}" for n in range(1, 101)]
    checked = 0
    for _ in range(20):  # twenty seconds of every source guessing as fast as it is let
        proxy.clock.advance(1.0)
        for source in sources:
            status, _ = await proxy.guess(source, "WRNG-CODE")
            checked += status == 403
    assert checked <= 20 * 20 + 40, "the room never checks more than its rate"
    assert checked >= 20 * 10, "the flood keeps the room's checks busy"
    cookie = await proxy.attempt_cookie("192.0.2.77")
    status, body = await proxy.guess("192.0.2.77", CODE, cookie)
    assert status == 200, body
    status, body = await proxy.guess("192.0.2.78", CODE)
    assert status == 200, "a terminal without cookies, from a quiet source, gets in too"
    flooded = [await proxy.guess(source, CODE) for source in sources[:20]]
    assert all(status == 429 for status, _ in flooded), "guessing sources still wait"


async def test_devices_that_claim_no_name_expire_and_can_be_cleared(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "full.workshop"
    new_session(path, clock).close()
    limits = Limits(devices=12)
    room, server, base = await serve(path, clock, limits, public_url=SITE)
    async with ClientSession(cookie_jar=DummyCookieJar()) as http:
        proxy = Proxy(http, base, clock, room)
        try:
            tokens = [
                (await proxy.guess(f"198.51.100.{n % 3}", CODE))[1]["token"] for n in range(12)
            ]
            claimed = await proxy.send(
                "POST",
                "/api/claim",
                VENUE,
                json={"name": "Ana"},
                headers={"Authorization": f"Bearer {tokens[0]}"},
            )
            assert claimed.status == 200
            assert room.roll.counts() == RoomCounts(12, 1, 3)
            status, _ = await proxy.guess(VENUE, CODE)
            assert status == 503, "the session is full"
            clock.advance(UNCLAIMED_DEVICE_SECONDS)
            status, _ = await proxy.guess(VENUE, CODE)
            assert status == 200, "devices that never claimed a name have expired"
            assert room.roll.counts() == RoomCounts(2, 1, 2)
            clock.advance(CLEAR_GRACE_SECONDS)
            assert await room.roll.clear() == 1
            assert room.roll.counts() == RoomCounts(1, 1, 1), "the named device stays"
        finally:
            await server.close()


async def test_a_restart_does_not_keep_a_full_session_full(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "restart.workshop"
    store = new_session(path, clock)
    for _ in range(5):
        store.join_device(kiosk=False)
    store.close()
    room, server, base = await serve(path, clock, Limits(devices=5), public_url=SITE)
    async with ClientSession(cookie_jar=DummyCookieJar()) as http:
        proxy = Proxy(http, base, clock, room)
        try:
            assert (await proxy.guess(VENUE, CODE))[0] == 503
            assert room.roll.counts() == RoomCounts(5, 0, 0), "joined before this server"
            clock.advance(UNCLAIMED_DEVICE_SECONDS)
            assert (await proxy.guess(VENUE, CODE))[0] == 200
        finally:
            await server.close()
