"""Live events: one watcher for the whole room, a state per device from one snapshot per commit,
and the address people are shown."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse, ClientSession, CookieJar

from rmworkshop.cli.serve import LIGHT_ON_DARK, PLAIN, qr_lines
from rmworkshop.core.clock import FakeClock
from rmworkshop.qr import light_on_dark
from rmworkshop.server import address
from rmworkshop.server.address import Address
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import make_agenda, make_roster
from tests.server.conftest import CODE, KIOSK_CODE, Served, serve
from tests.server.qr_reading import decode_half_blocks


async def next_state(stream: ClientResponse) -> dict[str, Any]:
    """The next `state` event on a live connection (pings are skipped)."""
    event = ""
    while True:
        line = (await asyncio.wait_for(stream.content.readline(), 10)).decode()
        if line.startswith("event: "):
            event = line[7:].strip()
        elif line.startswith("data: ") and event == "state":
            data: dict[str, Any] = json.loads(line[6:])
            return data


async def test_every_device_hears_each_commit_from_one_watcher(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["Ana", "Bo", "Cy", "Dee", "Eli"]
    devices = [await served.joined(name) for name in names]
    streams = [await d.http.get(served.base + "/api/events") for d in devices]
    firsts = [await next_state(stream) for stream in streams]
    assert [s["me"]["name"] for s in firsts] == names
    assert all(s["phase"]["state"] == "not-started" for s in firsts)

    polls = 0
    reads = 0
    original_version, original_snapshot = SessionStore.data_version, SessionStore.room_snapshot

    def counted_version(store: SessionStore) -> int:
        nonlocal polls
        polls += 1
        return original_version(store)

    def counted_snapshot(store: SessionStore) -> Any:
        nonlocal reads
        reads += 1
        return original_snapshot(store)

    monkeypatch.setattr(SessionStore, "data_version", counted_version)
    monkeypatch.setattr(SessionStore, "room_snapshot", counted_snapshot)
    served.store.start()  # the facilitator, from another connection
    await served.room.hub.refresh(force=False)  # what the watcher does each tick
    states = [await next_state(stream) for stream in streams]
    assert all(s["phase"]["name"] == "Welcome" for s in states)
    assert polls == 2 and reads == 1, "one look at the file and one snapshot for five devices"
    for stream in streams:
        stream.close()


async def test_a_dropped_connection_gets_the_current_state_when_it_comes_back(
    served: Served,
) -> None:
    phone = await served.joined("Ana")
    stream = await phone.http.get(served.base + "/api/events")
    assert (await next_state(stream))["phase"]["state"] == "not-started"
    stream.close()
    await served.facilitator("start")
    await served.facilitator("next_phase")
    again = await phone.http.get(served.base + "/api/events")
    state = await next_state(again)
    assert state["phase"]["kind"] == "capture" and state["allowed"] == ["submit"]
    again.close()


async def test_the_countdown_is_counted_when_sent_not_when_committed(served: Served) -> None:
    phone = await served.joined("Ana")
    await served.facilitator("start")
    served.clock.advance(100)
    _, state = await phone.json("GET", "/api/state")
    assert state["phase"]["remaining_seconds"] == 200.0  # five minutes, 100 s gone


async def test_each_phase_offers_what_the_core_allows(served: Served) -> None:
    ana = await served.joined("Ana")
    seen = []
    for action in ["start", *["next_phase"] * 5]:
        await served.facilitator(action)
        if served.store.snapshot().kind == "share":
            served.store.submit_many(["one", "two", "three"])
        _, state = await ana.json("GET", "/api/state")
        seen.append((state["phase"]["kind"], state["allowed"]))
    assert seen == [
        ("info", []),
        ("capture", ["submit"]),
        ("share", ["submit"]),
        ("vote", ["cast"]),
        ("discuss", ["hand"]),
        ("actions", ["volunteer"]),
    ]


async def test_share_order_hands_and_next_speaker(served: Served) -> None:
    cy = await served.joined("Cy")
    for action in ["start", "next_phase", "next_phase"]:
        await served.facilitator(action)
    _, state = await cy.json("GET", "/api/state")
    assert state["order"][0] == {"name": "Cy", "level": "intern"}, "most junior first"
    assert state["you_are_next"] is True and state["you_are_speaking"] is False
    await served.facilitator("turn_next")
    _, state = await cy.json("GET", "/api/state")
    assert state["speaking"] == {"name": "Cy", "level": "intern"}, "the speaker with a level"
    assert state["you_are_speaking"] is True
    assert state["turn"] == {"seconds": 60, "remaining_seconds": 60.0}, "their own countdown"
    served.clock.advance(70)
    _, state = await cy.json("GET", "/api/state")
    assert state["turn"]["remaining_seconds"] == -10.0, "counted when sent, past zero"
    bo = await served.joined("Bo")
    _, state = await bo.json("GET", "/api/state")
    assert state["turn"] is None, "only the speaker is sent a turn"
    for action in ["next_phase", "next_phase"]:
        await served.facilitator(action)
    served.store.hand("Bo", True)
    _, state = await cy.json("POST", "/api/hand", {"up": True})
    assert state["hand"] == {"up": True, "place": 2}, "Bo has had fewer turns, so goes first"
    assert [p["name"] for p in state["order"]] == ["Bo", "Cy"]
    _, state = await cy.json("POST", "/api/hand", {"up": False})
    assert state["hand"] == {"up": False, "place": None}


def test_the_qr_code_reads_back_as_the_address() -> None:
    url = "http://192.168.1.20:8000"
    assert decode_half_blocks(light_on_dark(url)) == url


def test_served_on_every_interface_people_see_the_room_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(address, "room_address", lambda: "192.168.4.31")
    everywhere = Address("0.0.0.0", 8000)
    assert everywhere.shown() == "http://192.168.4.31:8000"
    assert not everywhere.loopback
    assert "http://192.168.4.31:8000" in everywhere.origins()
    assert Address("10.1.2.3", 8080).shown() == "http://10.1.2.3:8080"
    assert Address("127.0.0.1", 8000).loopback
    proxied = Address("127.0.0.1", 8000, "https://rm.example.org/")
    assert proxied.shown() == "https://rm.example.org" and proxied.secure
    assert proxied.origins() == {"https://rm.example.org"}


async def test_a_pairs_phase_shows_each_person_their_partner(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "pairs.workshop"
    phases = (("Welcome", "info", 5), ("Meet your pair", "pairs", 15))
    SessionStore.create(
        path,
        make_agenda(phases),
        "test",
        clock,
        roster=make_roster((("Ana", "junior"), ("Dee", "executive"))),
        seed=3,
    ).close()
    room, server, base = await serve(path, clock)
    try:
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
            await http.post(base + "/api/join", json={"code": CODE})
            headers = {"Origin": base}
            await http.post(base + "/api/claim", json={"name": "Ana"}, headers=headers)
            with SessionStore.open(path, clock) as facilitator:
                facilitator.start()
                facilitator.next_phase()
            await room.hub.refresh(force=False)
            state = await (await http.get(base + "/api/state")).json()
        async with ClientSession() as terminal:
            joined = await terminal.post(
                base + "/api/join", json={"code": KIOSK_CODE, "kiosk": True}
            )
            token = (await joined.json())["token"]
            bearer = {"Authorization": f"Bearer {token}"}
            kiosk = await (await terminal.get(base + "/api/state", headers=bearer)).json()
        assert kiosk["pairs"] == [
            {
                "mentors": [{"name": "Ana", "level": "junior"}],
                "mentees": [{"name": "Dee", "level": "executive"}],
                "topics": state["pair"]["topics"],
            }
        ], "a kiosk lists every pair"
        assert state["phase"]["kind"] == "pairs"
        assert state["pair"]["partners"] == [
            {"name": "Dee", "level": "executive", "role": "mentee"}
        ]
        assert state["pair"]["role"] == "mentor", "this device's own role in the pair"
        assert state["pairs"] == [], "a person is shown only their own pair"
    finally:
        await server.close()


def test_on_a_terminal_the_qr_code_brings_its_own_colours() -> None:
    url = "http://10.0.0.7:8000"
    lines = qr_lines(url, colour=True)
    assert all(line.startswith(LIGHT_ON_DARK) and line.endswith(PLAIN) for line in lines)
    bare = [line.removeprefix(LIGHT_ON_DARK).removesuffix(PLAIN) for line in lines]
    assert decode_half_blocks(bare) == url
    assert qr_lines(url, colour=False) == bare


async def test_a_commit_that_changes_nothing_a_device_sees_sends_it_nothing(
    served: Served,
) -> None:
    phone = await served.joined("Ana")
    await served.facilitator("start")
    await served.facilitator("next_phase")  # capture
    stream = await phone.http.get(served.base + "/api/events")
    assert (await next_state(stream))["phase"]["kind"] == "capture"
    for number in range(3):  # other people's ideas: nothing on Ana's screen changes
        served.store.submit(f"someone else's idea {number}")
        await served.room.hub.refresh(force=False)
    served.store.extend(2)  # the countdown does change
    await served.room.hub.refresh(force=False)
    extended = await next_state(stream)
    assert extended["phase"]["kind"] == "capture"
    assert extended["phase"]["remaining_seconds"] == 720.0
    await served.facilitator("next_phase")
    assert (await next_state(stream))["phase"]["kind"] == "share", "no event for the ideas"
    stream.close()


async def test_a_live_event_is_the_devices_state_with_the_shared_part_spliced_in(
    served: Served,
) -> None:
    await served.joined("Cy")
    kiosk = served.device()
    assert await kiosk.join(kiosk=True) == 200
    for action in ["start", "next_phase", "next_phase", "turn_next"]:
        await served.facilitator(action)
    hub = served.room.hub
    snapshot = hub.snapshot
    assert len(snapshot.devices) == 2
    for device in snapshot.devices.values():
        event = snapshot.sent(device, hub.clock.now()).decode()
        assert event.startswith("event: state\ndata: ") and event.endswith("\n\n")
        sent = json.loads(event.removeprefix("event: state\ndata: "))
        assert sent == hub.state_for(device, snapshot)
        assert sent["order"] and sent["speaking"] is not None, "the shared part is in it"


async def _next_event(stream: ClientResponse) -> str:
    """The next event or comment on a live connection, whole."""
    lines = []
    while (line := (await asyncio.wait_for(stream.content.readline(), 10)).decode()) != "\n":
        lines.append(line)
    return "".join(lines)


async def test_the_version_changes_only_with_what_the_device_sees(served: Served) -> None:
    """Writes that change nothing on a phone (ideas before the reveal, another's claim) leave
    its version as it was: the version cannot time the room's writes."""
    await served.facilitator("start")
    await served.facilitator("next_phase")  # capture
    ana = await served.joined("Ana")
    bo = await served.joined("Bo")
    _, before = await ana.json("GET", "/api/state")
    for n in range(3):
        served.clock.advance(1)
        status, _ = await bo.json("POST", "/api/ideas", {"id": f"b{n}", "text": f"idea {n}"})
        assert status == 200
    await served.joined("Cy")
    _, after = await ana.json("GET", "/api/state")
    assert after["version"] == before["version"]
    await served.facilitator("pause")
    _, paused = await ana.json("GET", "/api/state")
    assert paused["version"] != before["version"], "what it sees changed"


async def test_pings_keep_the_room_heartbeat_whatever_is_written(served: Served) -> None:
    """A ping comes at each beat of one heartbeat for the room, never on a timer per
    connection that a commit restarts; a commit that changes nothing on a phone sends it
    nothing at all."""
    await served.facilitator("start")
    await served.facilitator("next_phase")  # capture
    ana = await served.joined("Ana")
    bo = await served.joined("Bo")
    stream = await ana.http.get(served.base + "/api/events")
    assert (await _next_event(stream)).startswith("event: state")
    for n in range(3):
        served.clock.advance(1)
        status, _ = await bo.json("POST", "/api/ideas", {"id": f"b{n}", "text": f"idea {n}"})
        assert status == 200
    served.room.hub.beat()
    assert await _next_event(stream) == ": ping\n", "the ideas sent Ana nothing"
    served.room.hub.beat()
    assert await _next_event(stream) == ": ping\n"
    await served.facilitator("pause")
    while (event := await _next_event(stream)) == ": ping\n":
        pass  # the room's own heartbeat, had this test taken 15 s
    assert event.startswith("event: state")
    stream.close()
