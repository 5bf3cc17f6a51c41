"""Fanning one commit out to a whole room: the work devices share is done once, and a burst of
commits costs one read after the one under way, never a queue of stale snapshots.

The shared path must give every device exactly what computing that device alone gives, and
what it may do must be exactly what the core's `offers` answers for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
from pathlib import Path
from typing import Any

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules.offers import offers
from rmworkshop.core.session import Session
from rmworkshop.participation.view import RoomView, participant_view, with_countdown
from rmworkshop.server.device_views import Snapshot
from rmworkshop.store import Device, Store
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import make_agenda, make_roster
from tests.server.conftest import Served
from tests.server.test_live import next_state
from tests.store.contract.test_allowed_walk import SCENARIOS, WALK_PHASES, Step, to

HANDS: list[Step] = [
    to("discuss"),
    lambda s: s.hand("Cy", True),
    lambda s: s.hand("Ana", True),
    lambda s: s.hand("Eli", True),
    lambda s: s.set_present("Eli", False),
]
ROOM_SCENARIOS: dict[str, list[Step]] = {
    **SCENARIOS,
    "discuss, three hands, one of them away": HANDS,
    "discuss, hands, a turn running": [*HANDS, lambda s: s.turn_next()],
}


def _room_store(folder: Path, clock: FakeClock) -> SessionStore:
    return SessionStore.create(
        folder / "room.workshop",
        make_agenda(phases=WALK_PHASES),
        "test",
        clock,
        roster=make_roster(),
        seed=7,
    )


def _session(folder: Path, clock: FakeClock, steps: list[Step]) -> Session:
    store = _room_store(folder, clock)
    try:
        for step in steps:
            step(store)
        return store.snapshot()
    finally:
        store.close()


def _devices(session: Session) -> list[tuple[Member | None, bool]]:
    """A phone for everyone, a phone with no name yet, a kiosk, and a kiosk at each voter."""
    people: list[Member | None] = [*session.people, None]
    return [(me, False) for me in people] + [(me, True) for me in people]


def _device_map(session: Session) -> dict[str, Device]:
    """The devices of `_devices`, as a server holds them."""
    return {
        f"{n}-{kiosk}": Device(f"{n}-{kiosk}", kiosk, me.id if me else None)
        for n, (me, kiosk) in enumerate(_devices(session))
    }


@pytest.mark.parametrize("scenario", list(ROOM_SCENARIOS))
def test_a_shared_room_view_gives_each_device_what_it_gets_alone(
    tmp_path: Path, scenario: str
) -> None:
    clock = FakeClock()
    session = _session(tmp_path, clock, ROOM_SCENARIOS[scenario])
    now = clock.now()
    devices = _devices(session)
    random.Random(scenario).shuffle(devices)  # no order of asking may change an answer
    room = RoomView(session, now)
    hands = session.hand_queue() if session.kind == "discuss" else []
    for me, kiosk in devices:
        shared = with_countdown(room.device(me, kiosk), session, now)
        assert shared == participant_view(session, me, kiosk, now), (scenario, me, kiosk)
        hand_up = me is not None and me.id in {m.id for m in hands}
        assert shared["hand"]["up"] is hand_up
        assert shared["allowed"] == sorted(offers(session, me, kiosk, now, hand_up=hand_up))


def test_devices_alike_in_what_the_rules_read_are_asked_about_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    session = _session(tmp_path, clock, ROOM_SCENARIOS["vote, one ballot"])
    asked: list[Member | None] = []
    import rmworkshop.core.rules.offers as offers_module

    def counted(
        session: Session, me: Member | None, kiosk: bool, now: float, hand_up: bool = False
    ) -> set[str]:
        asked.append(me)
        return offers(session, me, kiosk, now, hand_up)

    monkeypatch.setattr(offers_module, "offers", counted)
    room = RoomView(session, clock.now())
    states = [room.device(me, False) for me in session.people]
    assert len(session.people) == 7
    assert len(asked) == 2, "Ana has voted and nobody else has: two kinds of phone"
    voted = {s["me"]["name"] for s in states if "cast" not in s["allowed"]}
    assert voted == {"Ana"}


@pytest.mark.parametrize(
    "scenario", ["vote, one ballot", "vote, voting closed", "share, a turn running", "not started"]
)
def test_a_live_event_splices_in_shared_parts_at_any_depth(tmp_path: Path, scenario: str) -> None:
    clock = FakeClock()
    session = _session(tmp_path, clock, ROOM_SCENARIOS[scenario])
    devices = _device_map(session)
    snapshot = Snapshot(3, session, devices, clock.now())
    clock.advance(2.5)
    for device in devices.values():
        event = snapshot.sent(device, clock.now()).decode()
        assert event.startswith("event: state\ndata: ") and event.endswith("\n\n")
        sent: dict[str, Any] = json.loads(event.removeprefix("event: state\ndata: "))
        me = session.by_id.get(device.person) if device.person is not None else None
        expected = participant_view(session, me, device.kiosk, clock.now(), snapshot.claimed)
        assert sent == {"version": snapshot.seen_version(device), **expected}
    if session.voting.opened and not session.voting.closed:
        ballot = json.dumps(snapshot.shared["ballot"]["ideas"], separators=(",", ":"))
        assert any(ballot in text for text in snapshot._texts.values()), "made once, spliced in"


async def test_commits_during_a_read_make_one_more_read_of_the_newest_state(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = await served.joined("Ana")
    await served.facilitator("start")
    await served.facilitator("next_phase")  # capture, with a countdown
    stream = await phone.http.get(served.base + "/api/events")
    first = await next_state(stream)
    assert first["phase"]["kind"] == "capture"

    hub = served.room.hub
    reads = 0
    held = threading.Event()
    begun = threading.Event()
    original = SessionStore.room_snapshot

    def slow_read(store: SessionStore) -> tuple[Session, dict[str, Device]]:
        nonlocal reads
        reads += 1
        read = original(store)
        begun.set()
        held.wait(10)  # the first read is under way while the commits below are made
        return read

    monkeypatch.setattr(SessionStore, "room_snapshot", slow_read)
    served.store.extend(1)
    under_way = asyncio.ensure_future(hub.refresh(force=False))
    await asyncio.get_running_loop().run_in_executor(None, begun.wait, 10)
    later = []
    for _ in range(5):  # a burst: each commit asks for a read while the first is held
        served.store.extend(1)
        later.append(asyncio.ensure_future(hub.refresh()))
    await asyncio.sleep(0)
    held.set()
    during = await under_way
    after = await asyncio.gather(*later)

    assert reads == 2, "one read under way, then one for the whole burst"
    assert all(snapshot is after[0] for snapshot in after)
    assert after[0].version == during.version + 1
    (ana,) = (d for d in after[0].devices.values() if d.person is not None)
    newest = after[0].seen_version(ana)
    states = [await next_state(stream)]
    while states[-1]["version"] != newest:
        states.append(await next_state(stream))
    assert len(states) <= 2, "at most the state read during the burst, then the newest"
    assert states[-1]["phase"]["remaining_seconds"] == first["phase"]["remaining_seconds"] + 360
    await served.facilitator("next_phase")
    assert (await next_state(stream))["phase"]["kind"] == "share", "nothing stale queued"
    stream.close()


async def test_a_read_that_fails_is_reported_to_everyone_waiting_for_it(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(store: Store) -> Session:
        raise OSError("disk went away")

    monkeypatch.setattr(SessionStore, "room_snapshot", broken)
    results = await asyncio.gather(
        *(served.room.hub.refresh() for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(result, OSError) for result in results)
    monkeypatch.undo()
    served.store.start()
    assert (await served.room.hub.refresh()).session.is_started, "the next read works"


def _fresh(session: Session, devices: dict[str, Device], taken_at: float) -> Snapshot:
    return Snapshot(1, session, devices, taken_at)


def _extend(store: Store) -> None:
    """A commit that moves only the clock, where the phase has one."""
    with contextlib.suppress(Refused):
        store.extend(1)


@pytest.mark.parametrize("scenario", list(ROOM_SCENARIOS))
def test_a_snapshot_after_another_sends_what_a_fresh_one_sends(
    tmp_path: Path, scenario: str
) -> None:
    """Commit by commit, with the clock moved between them: what a snapshot reuses from the
    one before it (the shared texts, and the spliced views that did not change) gives every
    device the event a snapshot made from nothing gives, and the version changes exactly when
    what the device is shown does."""
    clock = FakeClock()
    store = _room_store(tmp_path, clock)
    steps: list[Step] = []
    for step in ROOM_SCENARIOS[scenario]:
        steps += [step, _extend]
    earlier: Snapshot | None = None
    shown: dict[tuple[int | None, bool], tuple[object, int]] = {}
    try:
        for count, step in enumerate(steps, 2):
            step(store)
            session = store.snapshot()
            devices = _device_map(session)
            snapshot = Snapshot(count, session, devices, clock.now())
            if earlier is not None:
                snapshot.keep_shared(earlier)
            clock.advance(1.5)
            fresh = _fresh(session, devices, snapshot.taken_at)
            for device in devices.values():
                assert snapshot.sent(device, clock.now()) == fresh.sent(device, clock.now())
                version = snapshot.seen_version(device)
                key = (device.person, device.kiosk)
                seen = (snapshot.view(device), session.timer)
                before = shown.get(key)
                if before is not None:
                    assert (before[1] == version) is (before[0] == seen), (scenario, count)
                shown[key] = (seen, version)
            earlier = snapshot
    finally:
        store.close()
