"""A small stand-in for the participant server, written from docs/participant-api.md.

It holds a real session store and answers the API the terminal clients use, so the clients
are tested against the contract itself. It keeps devices in memory and checks no limits:
the real server's own tests cover those.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.joincode import normalise
from rmworkshop.participation.view import participant_view
from rmworkshop.remote.local_state import roll_of
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore

CODE = "K7P-Q3M"


@dataclass
class Device:
    kiosk: bool
    name: str | None = None


@dataclass
class FakeServer:
    path: Path
    clock: Clock
    store: Store = field(init=False)
    """Opened on the server's own thread, as SQLite connections stay on theirs."""
    writes: int = 0
    devices: dict[str, Device] = field(default_factory=dict)
    idea_ids: set[str] = field(default_factory=set)
    wrong_codes: int = 0
    closing: bool = False
    url: str = ""

    # -- helpers ---------------------------------------------------------------------------
    def _device(self, request: web.Request) -> Device:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        device = self.devices.get(token)
        if device is None:
            raise web.HTTPUnauthorized(
                text=json.dumps({"error": "Join with the code first."}),
                content_type="application/json",
            )
        return device

    def state(self, device: Device) -> dict[str, Any]:
        session = self.store.snapshot()
        me = session.person(device.name) if device.name else None
        version = self.store.data_version() + self.writes
        return {"version": version, **participant_view(session, me, device.kiosk, self.clock.now())}

    def wrote(self) -> None:
        self.writes += 1

    @staticmethod
    def refused(error: Refused, status: int = 409) -> web.Response:
        return web.json_response({"error": str(error)}, status=status)

    # -- endpoints -------------------------------------------------------------------------
    async def join(self, request: web.Request) -> web.Response:
        body = await request.json()
        if normalise(str(body.get("code", ""))) != normalise(CODE):
            self.wrong_codes += 1
            if self.wrong_codes > 2:
                return web.json_response(
                    {"error": "Too many wrong codes.", "retry_after": 4}, status=429
                )
            return web.json_response({"error": "That join code is not right."}, status=403)
        token = secrets.token_urlsafe(32)
        kiosk = bool(body.get("kiosk", False))
        self.devices[token] = Device(kiosk=kiosk)
        return web.json_response({"token": token, "kiosk": kiosk})

    async def people(self, request: web.Request) -> web.Response:
        self._device(request)
        roll = roll_of(self.store.snapshot(), self.store.claimed())
        taken = {d.name for d in self.devices.values() if d.name}
        people = [
            {"name": p.name, "level": p.level, "claimed": p.name in taken} for p in roll.people
        ]
        can_add = not self.store.snapshot().voting.opened
        return web.json_response(
            {"levels": list(roll.levels), "people": people, "can_add": can_add}
        )

    async def claim(self, request: web.Request) -> web.Response:
        device = self._device(request)
        body = await request.json()
        name, level = str(body["name"]), body.get("level")
        if any(d.name == name for d in self.devices.values() if d is not device):
            return web.json_response({"error": f"{name} is taken on another device."}, status=409)
        try:
            if level is None:
                member = self.store.snapshot().person(name)
                if member is None:
                    raise Refused(f"Nobody called {name!r} is in this session.")
            else:
                member = self.store.add_person(name, str(level))
                self.wrote()
        except Refused as error:
            return self.refused(error)
        device.name = member.name
        return web.json_response(self.state(device))

    async def get_state(self, request: web.Request) -> web.Response:
        return web.json_response(self.state(self._device(request)))

    async def events(self, request: web.Request) -> web.StreamResponse:
        device = self._device(request)
        stream = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await stream.prepare(request)
        sent: dict[str, Any] | None = None
        while not self.closing:  # the real server hears commits from the store; a fake may poll
            state = self.state(device)
            seen = {**state, "version": None}
            if seen != sent:
                sent = seen
                await stream.write(f"event: state\ndata: {json.dumps(state)}\n\n".encode())
            await asyncio.sleep(0.02)
        return stream

    async def ideas(self, request: web.Request) -> web.Response:
        device = self._device(request)
        body = await request.json()
        if device.name is None and not device.kiosk:
            return web.json_response({"error": "Pick your name first."}, status=409)
        duplicate = body["id"] in self.idea_ids
        if not duplicate:
            try:
                self.store.submit(str(body["text"]))
                self.wrote()
            except Refused as error:
                return self.refused(error)
            self.idea_ids.add(body["id"])
        stored = self.store_text(str(body["text"]))
        return web.json_response({"stored": stored, "duplicate_request": duplicate})

    @staticmethod
    def store_text(text: str) -> str:
        from rmworkshop.core.text import clean_idea

        return clean_idea(text)

    async def ballot(self, request: web.Request) -> web.Response:
        device = self._device(request)
        body = await request.json()
        name = body.get("name") if device.kiosk else device.name
        choices = {int(n): int(d) for n, d in body["choices"].items()}
        try:
            self.store.cast_ballot(str(name), choices)
            self.wrote()
        except Refused as error:
            return self.refused(error)
        return web.json_response(self.state(device))

    async def hand(self, request: web.Request) -> web.Response:
        device = self._device(request)
        body = await request.json()
        try:
            self.store.hand(str(device.name), bool(body["up"]))
            self.wrote()
        except Refused as error:
            return self.refused(error)
        return web.json_response(self.state(device))

    async def volunteer(self, request: web.Request) -> web.Response:
        device = self._device(request)
        body = await request.json()
        try:
            self.store.volunteer(int(body["number"]), str(device.name))
            self.wrote()
        except Refused as error:
            return self.refused(error)
        return web.json_response(self.state(device))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/join", self.join)
        app.router.add_get("/api/people", self.people)
        app.router.add_post("/api/claim", self.claim)
        app.router.add_get("/api/state", self.get_state)
        app.router.add_get("/api/events", self.events)
        app.router.add_post("/api/ideas", self.ideas)
        app.router.add_post("/api/ballot", self.ballot)
        app.router.add_post("/api/hand", self.hand)
        app.router.add_post("/api/volunteer", self.volunteer)
        return app


@contextmanager
def running(server: FakeServer, port: int = 0) -> Iterator[FakeServer]:
    """Serve on loopback (a free port unless given), on a thread of its own, until the block
    ends; the same server object can be served again, as a restarted server keeps its file."""
    loop = asyncio.new_event_loop()
    # Open event streams are cut after a second on close, not waited on (and warned about).
    runner = web.AppRunner(server.app(), shutdown_timeout=1.0)

    async def start() -> None:
        server.store = SessionStore.open(server.path, server.clock)
        await runner.setup()
        server.closing = False
        site = web.TCPSite(runner, "127.0.0.1", port, reuse_address=True)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        server.url = f"http://127.0.0.1:{bound}"

    thread = threading.Thread(target=loop.run_forever, name="fake-server", daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    try:
        yield server
    finally:
        server.closing = True
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(server.store.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
