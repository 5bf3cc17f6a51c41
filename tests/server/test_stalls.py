"""Requests that stall, and a session file held by another program: a body that never arrives
gives up its place after the body deadline, a write that cannot have the file answers "busy,
try again" and gives up its place, and what a joined device reads (its page, its state, its
live events) is answered all the while. Deadlines are short here (the server's limits), so
each case takes a fraction of a second on loopback."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.address import Address
from rmworkshop.server.app import build_app
from rmworkshop.server.hub import Hub
from rmworkshop.server.limits import Limits
from rmworkshop.server.reception import Reception
from rmworkshop.store.sqlite import SessionStore
from tests.server.conftest import Device, Served, free_port, new_session

PATIENCE = 0.2
LIMITS = Limits(
    body_seconds=0.3,
    joins_in_flight=8,
    joins_in_flight_per_source=8,
)


@pytest.fixture
async def stalled(tmp_path: Path) -> AsyncIterator[Served]:
    """A server whose store waits `PATIENCE` for another program's lock, as `serve` waits
    `SERVER_PATIENCE_SECONDS`, with short deadlines and a small cap on requests at once."""
    clock = FakeClock()
    path = tmp_path / "stalled.workshop"
    store = new_session(path, clock)
    port = free_port()
    hub = Hub(lambda: SessionStore.open(path, clock, patience=PATIENCE), clock, poll=3600)
    room = Reception(hub, Address("127.0.0.1", port), "K7PQ-3MXY", clock, LIMITS)
    server = TestServer(build_app(room), host="127.0.0.1", port=port)
    await server.start_server()
    served = Served(path, clock, room, server, f"http://127.0.0.1:{port}", store)
    try:
        yield served
    finally:
        for http in served.sessions:
            await http.close()
        await server.close()
        store.close()


async def _stall(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A join whose body is announced and never sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST /api/join HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{".encode()
    )
    await writer.drain()
    return reader, writer


async def _reads_answer(device: Device) -> list[int]:
    """What a joined device needs: its page, its state and its live events."""
    page = await device.call("GET", "/")
    state = await device.call("GET", "/api/state")
    async with device.http.get(device.base + "/api/events") as events:
        first = await asyncio.wait_for(events.content.readline(), 2)
        assert first.startswith(b"event: state")
        return [page.status, state.status, events.status]


async def test_bodies_that_never_arrive_give_up_their_place(stalled: Served) -> None:
    ana = await stalled.joined("Ana")
    await stalled.facilitator("start")
    await stalled.facilitator("next_phase")
    port = stalled.server.port
    assert port is not None
    stalls = [await _stall(port) for _ in range(3 * LIMITS.joins_in_flight)]
    for _ in range(100):  # until the server has read every request's head
        if stalled.room.in_flight >= LIMITS.joins_in_flight:
            break
        await asyncio.sleep(0.01)
    assert stalled.room.in_flight == LIMITS.joins_in_flight, "every place for a join is held"
    assert await _reads_answer(ana) == [200, 200, 200], "a joined device reads all the while"
    sent = await ana.call("POST", "/api/ideas", {"id": "during", "text": "Still here"})
    assert sent.status == 200, "and writes: its places are its own"
    started = time.monotonic()
    answers = [await asyncio.wait_for(reader.read(200), 3) for reader, _ in stalls]
    assert time.monotonic() - started < 2.0
    assert all(answer.startswith(b"HTTP/1.1 408") for answer in answers[:8]), answers[0]
    assert all(answer.split(b" ")[1] in (b"408", b"503") for answer in answers), answers
    for _, writer in stalls:
        writer.close()
    assert stalled.room.in_flight == 0, "every stalled request gave up its place"
    assert await stalled.joined() is not None, "the right code joins again at once"


async def test_a_held_file_answers_busy_and_reads_go_on(stalled: Served) -> None:
    devices = [await stalled.joined(name) for name in ("Ana", "Bo", "Cy", "Dee", "Eli", "Fay")]
    await stalled.facilitator("start")
    await stalled.facilitator("next_phase")
    other = sqlite3.connect(stalled.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the session's write lock
    try:
        started = time.monotonic()
        sends = [
            device.call("POST", "/api/ideas", {"id": f"{i}-{n}", "text": f"idea {i} {n}"})
            for n in range(5)
            for i, device in enumerate(devices)
        ]
        sent = asyncio.gather(*sends)
        await asyncio.sleep(0.05)  # the writes are queued behind the lock now
        assert await _reads_answer(devices[0]) == [200, 200, 200]
        answers = await sent
        took = time.monotonic() - started
        statuses = [answer.status for answer in answers]
        assert set(statuses) == {503}, statuses
        bodies = [await answer.json() for answer in answers]
        assert all(body["busy"] is True and body["retry_after"] > 0 for body in bodies)
        # 30 writes each waiting for the lock in turn would take 30 x PATIENCE.
        assert took < 15 * PATIENCE, f"writes gave up their places in {took:.2f} s"
        assert stalled.room.in_flight == 0 and stalled.room.hub.waiting == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    sent_again = await devices[0].call("POST", "/api/ideas", {"id": "again", "text": "Later"})
    assert sent_again.status == 200, "once the file is free, the same write is stored"
