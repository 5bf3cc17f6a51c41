"""The JSON endpoints (see docs/participant-api.md). Every write acts as the device's name."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from aiohttp import web

from rmworkshop.core.checkin import MAX_NOTE_CHARS
from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.core.people import profile_from_json
from rmworkshop.server.device_views import State
from rmworkshop.server.reception import Problem, Reception
from rmworkshop.store import Device, token_digest

ROOM: web.AppKey[Reception] = web.AppKey("room", Reception)
MAX_ID_CHARS = 100


def room_of(request: web.Request) -> Reception:
    return request.app[ROOM]


def answer(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers={"Cache-Control": "no-store"})


async def body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, read within the body deadline: a body that never arrives
    gives up its place rather than hold it for good."""
    try:
        async with asyncio.timeout(room_of(request).limits.body_seconds):
            data = await request.json()
    except TimeoutError:
        raise Problem(408, "The request took too long to arrive; try again.") from None
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "The request is not JSON.") from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise Problem(400, "The request is nested too deeply.") from None
    if not isinstance(data, dict):
        raise Problem(400, "The request is not a JSON object.")
    return data


def _text(data: dict[str, Any], key: str, limit: int = 2000) -> str:
    """A text of the request: a string within `limit`, and real text (JSON can carry half of
    a surrogate pair, which no text holds)."""
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit or not _is_text(value):
        raise Problem(400, f"{key!r} must be text.")
    return value


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _whole(value: str) -> bool:
    """ASCII digits only: `isdigit` also takes "¹" (which int() refuses) and Arabic-Indic one (int()
    reads it as 1)."""
    return value.isascii() and value.isdigit()


def _allowed(room: Reception, device: Device, action: str) -> None:
    state = room.hub.state_for(device)
    if action not in state["allowed"]:
        if device.person is None and not device.kiosk:
            raise Problem(409, "Pick your name first.")
        raise Problem(409, "That is not open now.")


async def _act(room: Reception, device: Device, action: Any) -> State:
    try:
        await room.hub.write(action)
    except StorageError:
        raise  # said without the session's path (see `app.checks`)
    except Refused as error:
        raise Problem(409, str(error)) from None
    return room.hub.state_for(room.hub.device(device.digest) or device)


# -- joining ---------------------------------------------------------------------------------------
async def join(request: web.Request) -> web.Response:
    room = room_of(request)
    if "Origin" in request.headers and not room.same_origin(request):
        raise Problem(403, "This page is not served from here; open the room's address.")
    data = await body(request)
    code = _text(data, "code", 64)
    kiosk = data.get("kiosk", False) is True
    source = room.source(request)
    attempt = room.attempt(request)
    verdict = await room.judge(attempt, source, room.code_matches(code, kiosk))
    if verdict.outcome == "slow":
        wait = verdict.wait
        raise Problem(429, f"Too many tries: wait {wait:.0f} s.", retry_after=round(wait, 1))
    if verdict.outcome == "busy":  # not this device's doing: the page tries again by itself
        message = "Many people are joining at once; trying again in a moment."
        raise Problem(429, message, retry_after=max(0.1, round(verdict.wait, 1)), busy=True)
    if verdict.outcome == "wrong":
        wrong = "That is not the kiosk code." if kiosk else "That is not the join code."
        raise Problem(403, wrong, retry_after=round(verdict.wait, 1))
    wait = room.joins.take(source)
    if wait > 0:
        raise Problem(429, "Too many devices joined from here.", retry_after=round(wait, 1))
    await room.roll.expire()
    if len(room.hub.snapshot.devices) >= room.limits.devices:
        raise Problem(503, "This session has as many devices as it can take.")
    token = await room.hub.write(lambda: room.hub.writer.join_device(kiosk))
    room.roll.joined(token_digest(token), source)
    response = answer({"token": token, "kiosk": kiosk})
    response.set_cookie(
        room.cookie,
        token,
        httponly=True,
        samesite="Strict",
        secure=room.address.secure,
        path="/",
        max_age=7 * 24 * 3600,
    )
    return response


async def people(request: web.Request) -> web.Response:
    room = room_of(request)
    await room.device(request)
    return answer(room.hub.snapshot.people())


async def claim(request: web.Request) -> web.Response:
    room = room_of(request)
    device = await room.device(request, writing=True)
    data = await body(request)
    name = _text(data, "name", 200)
    level = data.get("level")
    if level is not None and not isinstance(level, str):
        raise Problem(400, "'level' must be text.")
    try:
        profile = profile_from_json(data["profile"]) if "profile" in data else None
    except Refused as error:
        raise Problem(400, str(error)) from None
    devices = room.hub.writer
    return answer(
        await _act(room, device, lambda: devices.claim(device.digest, name, level, profile))
    )


async def state(request: web.Request) -> web.Response:
    room = room_of(request)
    return answer(room.hub.state_for(await room.device(request)))


# -- acting ----------------------------------------------------------------------------------------
def _me(room: Reception, device: Device) -> str:
    member = room.hub.snapshot.session.by_id.get(device.person) if device.person else None
    if member is None:
        raise Problem(409, "Pick your name first.")
    return member.name


async def ideas(request: web.Request) -> web.Response:
    room = room_of(request)
    device = await room.device(request, writing=True)
    data = await body(request)
    request_id = _text(data, "id", MAX_ID_CHARS)
    text = _text(data, "text")
    _allowed(room, device, "submit")
    devices = room.hub.writer
    try:
        stored, repeat = await room.hub.write(
            lambda: devices.submit_once(device.digest, request_id, text)
        )
    except StorageError:
        raise
    except Refused as error:
        raise Problem(409, str(error)) from None
    return answer({"stored": stored, "duplicate_request": repeat})


def _choices(data: dict[str, Any]) -> dict[int, int]:
    raw = data.get("choices")
    if not isinstance(raw, dict) or len(raw) > 1000:
        raise Problem(400, "'choices' must map idea numbers to dots.")
    choices: dict[int, int] = {}
    for key, dots in raw.items():
        if not (isinstance(key, str) and _whole(key) and len(key) < 9):
            raise Problem(400, "Idea numbers are whole numbers.")
        if not isinstance(dots, int) or isinstance(dots, bool) or not 0 <= dots < 1000:
            raise Problem(400, "Dots are whole numbers.")
        choices[int(key)] = dots
    return choices


async def ballot(request: web.Request) -> web.Response:
    room = room_of(request)
    device = await room.device(request, writing=True)
    data = await body(request)
    choices = _choices(data)
    _allowed(room, device, "cast")
    name = _text(data, "name", 200) if device.kiosk else _me(room, device)
    store = room.hub.writer
    return answer(await _act(room, device, lambda: store.cast_ballot(name, choices, device.digest)))


async def hand(request: web.Request) -> web.Response:
    room = room_of(request)
    device = await room.device(request, writing=True)
    up = (await body(request)).get("up")
    if not isinstance(up, bool):
        raise Problem(400, "'up' must be true or false.")
    name = _me(room, device)
    if up:
        _allowed(room, device, "hand")
    store = room.hub.writer
    return answer(await _act(room, device, lambda: store.hand(name, up, device.digest)))


async def volunteer(request: web.Request) -> web.Response:
    room = room_of(request)
    device = await room.device(request, writing=True)
    number = (await body(request)).get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise Problem(400, "'number' must be an idea number.")
    name = _me(room, device)
    _allowed(room, device, "volunteer")
    store = room.hub.writer
    return answer(await _act(room, device, lambda: store.volunteer(number, name, device.digest)))


async def checkin(request: web.Request) -> web.Response:
    room = room_of(request)
    device = await room.device(request, writing=True)
    data = await body(request)
    met, going = _text(data, "met", 10), _text(data, "going", 10)
    # The note's own limit is the core's (refused with its message); this one only bounds
    # what is read at all.
    note = _text(data, "note", 4 * MAX_NOTE_CHARS) if data.get("note") is not None else ""
    name = _me(room, device)
    _allowed(room, device, "checkin")
    store = room.hub.writer
    return answer(
        await _act(room, device, lambda: store.check_in(name, met, going, note, device.digest))
    )


# -- live events -----------------------------------------------------------------------------------
async def events(request: web.Request) -> web.StreamResponse:
    room = room_of(request)
    device = await room.device(request)
    source = room.source(request)
    limits = room.limits
    if sum(room.streams.values()) >= limits.streams_total:
        raise Problem(503, "The room is full: too many live connections. Try again shortly.")
    if room.streams[source] >= limits.streams_per_source:
        raise Problem(
            503, "Too many live connections from this address; close another tab or device."
        )
    if room.device_streams[device.digest] >= limits.streams_per_device:
        raise Problem(503, "Too many live connections from this device; close another tab.")
    room.streams[source] += 1
    room.device_streams[device.digest] += 1
    task = asyncio.current_task()
    if task is not None:
        room.stream_tasks.add(task)
    try:
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-store",
                "X-Accel-Buffering": "no",  # a proxy must pass events on at once
            }
        )
        await response.prepare(request)
        await _stream(room, device.digest, response)
        return response
    finally:
        room.stream_tasks.discard(task)
        for counts, key in ((room.streams, source), (room.device_streams, device.digest)):
            counts[key] -= 1
            if counts[key] <= 0:
                del counts[key]


async def _stream(room: Reception, digest: str, response: web.StreamResponse) -> None:
    """State events for one device: at once, then after each commit that changed what this
    device sees (an idea sent by someone else changes nothing on a phone before the reveal),
    and a ping at each beat of the room's heartbeat, which no commit moves: a device learns
    nothing of writes that do not change what it sees. A device that falls behind skips
    straight to the newest snapshot."""
    hub = room.hub
    version, beats = -1, hub.beats
    sent: tuple[object, object] | None = None
    timeout = room.limits.write_timeout_seconds
    with contextlib.suppress(ConnectionError, TimeoutError):
        while True:
            snapshot = await hub.next_change(version, beats)
            device = hub.device(digest)
            if device is None:
                await _write(response, b"event: gone\ndata: {}\n\n", timeout)
                return
            if hub.beats != beats:
                beats = hub.beats
                await _write(response, b": ping\n\n", timeout)
            if snapshot.version == version:
                continue
            version = snapshot.version
            seen = (snapshot.view(device), snapshot.session.timer)
            if seen == sent:
                continue
            sent = seen
            await _write(response, snapshot.sent(device, hub.clock.now()), timeout)


async def _write(response: web.StreamResponse, data: bytes, timeout: float) -> None:
    """One write to a live connection, given up after `timeout` seconds (a device taking no
    data). The timeout is the stream's own, not a task of its own as `wait_for` would make for
    each of a room's devices at every commit."""
    async with asyncio.timeout(timeout):
        await response.write(data)
