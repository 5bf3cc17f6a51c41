"""Simulated participant devices for the connected-participants benchmark.

    python -m bench.room_devices URL CODE FIRST COUNT

Each device joins with the code from a loopback address of its own group (127.0.0.x, as phones
in a room come from many addresses), claims the name `person N`, and holds the live event
stream open, noting when each state arrives. Commands on standard input:

    SUBMIT k   the first k devices each send one idea
    VOTE k     the first k devices each cast a ballot (one dot on the first idea)
    DUMP       print every device's arrival times as JSON and exit

Prints ``CONNECTED n`` once every device's stream has delivered its first state, or
``FAILED why`` and exits if a device could not join.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

REMAINING = re.compile(r'"remaining_seconds":\s*(-?[0-9.]+|null)')
BALLOT = re.compile(r'"ballot":\s*\{')
PER_ADDRESS = 20
"""Devices sharing one source address: under the server's cap per address."""


@dataclass
class Device:
    index: int
    token: str = ""
    arrivals: list[tuple[float, float | None]] = field(default_factory=list)
    """When each state came, with the phase's remaining seconds in it."""
    session: aiohttp.ClientSession | None = None
    ballot: list[int] = field(default_factory=list)
    connected: asyncio.Event = field(default_factory=asyncio.Event)


async def _post(
    session: aiohttp.ClientSession, url: str, body: dict[str, Any], token: str = ""
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    while True:
        async with session.post(url, json=body, headers=headers) as answer:
            data: dict[str, Any] = await answer.json()
            if answer.status == 429 or data.get("busy"):  # paced or busy: wait as told
                await asyncio.sleep(float(data.get("retry_after", 1)))
                continue
            if answer.status >= 400:
                raise RuntimeError(f"{url}: {answer.status} {data.get('error')}")
            return data


async def _live(session: aiohttp.ClientSession, base: str, device: Device) -> None:
    headers = {"Authorization": f"Bearer {device.token}", "Accept": "text/event-stream"}
    timeout = aiohttp.ClientTimeout(total=None, sock_read=120)
    async with session.get(f"{base}/api/events", headers=headers, timeout=timeout) as stream:
        async for raw in stream.content:
            line = raw.decode()
            if not line.startswith("data:"):
                continue
            arrived = time.monotonic()
            # A device here only notes when a state came: reading the one number it needs,
            # not the whole state, keeps the simulated room from taking the server's CPU.
            left = REMAINING.search(line)
            seconds = float(left.group(1)) if left and left.group(1) != "null" else None
            device.arrivals.append((arrived, seconds))
            if not device.ballot and BALLOT.search(line):
                ballot = json.loads(line[5:])["ballot"]
                device.ballot = [idea["number"] for idea in ballot["ideas"]]
            device.connected.set()


async def _device(base: str, code: str, device: Device) -> None:
    address = f"127.0.0.{2 + device.index // PER_ADDRESS % 250}"
    connector = aiohttp.TCPConnector(local_addr=(address, 0), limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        joined = await _post(session, f"{base}/api/join", {"code": code, "kiosk": False})
        device.token = joined["token"]
        await _post(session, f"{base}/api/claim", {"name": f"person {device.index}"}, device.token)
        device.session = session
        await _live(session, base, device)


async def _act(base: str, devices: list[Device], command: str, count: int) -> None:
    async def one(device: Device) -> None:
        session = device.session
        if session is None:
            return
        if command == "SUBMIT":
            body: dict[str, Any] = {"id": str(uuid.uuid4()), "text": f"idea from {device.index}"}
            await _post(session, f"{base}/api/ideas", body, device.token)
        elif device.ballot:
            choices = {str(device.ballot[device.index % len(device.ballot)]): 1}
            await _post(session, f"{base}/api/ballot", {"choices": choices}, device.token)

    await asyncio.gather(*(one(d) for d in devices[:count]), return_exceptions=True)


async def _joined(device: Device, task: asyncio.Task[None]) -> None:
    """Once the device has its first state; raises if it gave up before that."""
    waiting = asyncio.ensure_future(device.connected.wait())
    await asyncio.wait({waiting, task}, return_when=asyncio.FIRST_COMPLETED)
    if not device.connected.is_set():
        waiting.cancel()
        error = task.exception() if not task.cancelled() else None
        raise RuntimeError(f"device {device.index} did not connect: {error!r}")


async def main(base: str, code: str, first: int, count: int) -> None:
    devices = [Device(first + i) for i in range(count)]
    tasks = [asyncio.create_task(_device(base, code, d)) for d in devices]
    try:
        await asyncio.gather(*(_joined(d, t) for d, t in zip(devices, tasks, strict=True)))
    except RuntimeError as error:
        print(f"FAILED {error}", flush=True)  # the benchmark says so rather than waits
        sys.exit(1)
    print(f"CONNECTED {count}", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = (await loop.run_in_executor(None, sys.stdin.readline)).split()
        if not line or line[0] == "DUMP":
            break
        await _act(base, devices, line[0], int(line[1]))
        print(f"DONE {line[0]}", flush=True)
    print(json.dumps([d.arrivals for d in devices]), flush=True)
    for task in tasks:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
