"""A participant server in the test's own event loop, on a session of its own, with a fake
clock for every throttle and countdown."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse, ClientSession, CookieJar
from aiohttp.test_utils import TestServer

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.address import Address
from rmworkshop.server.app import build_app
from rmworkshop.server.hub import Hub
from rmworkshop.server.limits import Limits
from rmworkshop.server.reception import Reception
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import make_agenda, make_roster

CODE = "K7PQ-3MXY"
KIOSK_CODE = "Q2WE-R4TY"
"""The facilitator's kiosk code: only it makes a device a kiosk."""
PHASES = (
    ("Welcome", "info", 5),
    ("Ideas", "capture", 10),
    ("Share", "share", 10),
    ("Vote", "vote", 5),
    ("Discuss", "discuss", 10),
    ("Actions", "actions", 10),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Device:
    """One phone or terminal: its own cookie jar, or a bearer token."""

    http: ClientSession
    base: str
    bearer: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def call(
        self, method: str, path: str, body: Any = None, **headers: str
    ) -> ClientResponse:
        sent = dict(self.headers)
        if self.bearer:
            sent["Authorization"] = f"Bearer {self.bearer}"
        elif method == "POST":
            sent.setdefault("Origin", self.base)
        sent.update(headers)
        response = await self.http.request(method, self.base + path, json=body, headers=sent)
        await response.read()
        return response

    async def json(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        response = await self.call(method, path, body)
        return response.status, await response.json()

    async def join(self, code: str | None = None, kiosk: bool = False) -> int:
        """Join with the join code (a kiosk: the kiosk code), or with `code`."""
        if code is None:
            code = KIOSK_CODE if kiosk else CODE
        status, _ = await self.json("POST", "/api/join", {"code": code, "kiosk": kiosk})
        return status

    async def claim(self, name: str, level: str | None = None) -> tuple[int, Any]:
        body: dict[str, str] = {"name": name}
        if level:
            body["level"] = level
        return await self.json("POST", "/api/claim", body)


@dataclass
class Served:
    path: Path
    clock: FakeClock
    room: Reception
    server: TestServer
    base: str
    store: Store
    sessions: list[ClientSession] = field(default_factory=list)

    def device(self, **headers: str) -> Device:
        http = ClientSession(cookie_jar=CookieJar(unsafe=True))  # cookies for an IP address
        self.sessions.append(http)
        return Device(http, self.base, headers=headers)

    async def joined(self, name: str | None = None, level: str | None = None) -> Device:
        device = self.device()
        assert await device.join() == 200
        if name is not None:
            status, body = await device.claim(name, level)
            assert status == 200, body
        return device

    async def facilitator(self, action: str) -> None:
        """A facilitator command from another connection, as `rmworkshop next` would."""
        getattr(self.store, action)()
        await self.room.hub.refresh(force=False)

    async def to_vote(self, *ideas: str) -> None:
        """Start, collect `ideas` and move on to the vote, as the server sees it."""
        await self.facilitator("start")
        await self.facilitator("next_phase")
        for text in ideas:
            self.store.submit(text)
        while self.store.snapshot().kind != "vote":
            await self.facilitator("next_phase")


def new_session(path: Path, clock: FakeClock) -> Store:
    return SessionStore.create(
        path, make_agenda(PHASES, dots=3), "test", clock, roster=make_roster(), seed=7
    )


async def serve(
    path: Path, clock: FakeClock, limits: Limits | None = None, public_url: str | None = None
) -> tuple[Reception, TestServer, str]:
    port = free_port()
    address = Address("127.0.0.1", port, public_url)
    room = Reception(
        Hub(lambda: SessionStore.open(path, clock), clock, poll=3600),
        address,
        CODE,
        clock,
        limits or Limits(),
        kiosk_code=KIOSK_CODE,
    )
    server = TestServer(build_app(room), host="127.0.0.1", port=port)
    await server.start_server()
    return room, server, f"http://127.0.0.1:{port}"


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    clock = FakeClock()
    path = tmp_path / "served.workshop"
    store = new_session(path, clock)
    room, server, base = await serve(path, clock)
    result = Served(path, clock, room, server, base, store)
    try:
        yield result
    finally:
        for http in result.sessions:
            await http.close()
        await server.close()
        store.close()
