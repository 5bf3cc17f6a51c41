"""Only the facilitator makes a kiosk, and one person with the code cannot be many people:
the kiosk code, who a kiosk acts for, writes per source, a name marked away claimed mid-vote,
and the closed roster."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.limits import Limits
from tests.server.conftest import CODE, KIOSK_CODE, Served, new_session, serve


async def test_the_join_code_alone_grants_no_kiosk(served: Served) -> None:
    """A plain browser with the join code asks to be a kiosk: refused, and nothing joined."""
    device = served.device()
    assert await device.join(CODE, kiosk=True) == 403
    status, _ = await device.json("GET", "/api/state")
    assert status == 401
    assert not served.store.devices()
    served.clock.advance(60)  # the wait the wrong code earned
    assert await device.join(KIOSK_CODE, kiosk=False) == 403, "the kiosk code is no join code"
    served.clock.advance(60)
    kiosk = served.device()
    assert await kiosk.join(KIOSK_CODE, kiosk=True) == 200
    status, state = await kiosk.json("GET", "/api/state")
    assert status == 200 and state["kiosk"] is True


async def test_a_kiosk_never_lists_nor_casts_for_a_held_name_or_someone_away(
    served: Served,
) -> None:
    ana = await served.joined("Ana")
    kiosk = served.device()
    assert await kiosk.join(kiosk=True) == 200
    served.store.set_present("Bo", False)
    await served.to_vote("first", "second")
    served.store.reveal()
    await served.room.hub.refresh(force=False)
    status, state = await kiosk.json("GET", "/api/state")
    assert status == 200
    assert "Ana" not in state["waiting"], "Ana's phone holds her name"
    assert "Bo" not in state["waiting"], "Bo is marked away"
    assert state["waiting"], "the others are listed"
    for name in ("Ana", "Bo"):
        status, body = await kiosk.json("POST", "/api/ballot", {"choices": {"1": 1}, "name": name})
        assert status == 409 and "not on its list" in body["error"], name
    assert served.store.snapshot().voting.ballots == 0
    status, _ = await ana.json("POST", "/api/ballot", {"choices": {"1": 1}})
    assert status == 200, "Ana's own ballot is hers to cast"
    other = state["waiting"][0]
    status, _ = await kiosk.json("POST", "/api/ballot", {"choices": {"2": 1}, "name": other})
    assert status == 200


async def test_writes_are_limited_per_source_as_well_as_per_device(tmp_path: Path) -> None:
    """Many devices from one address share one budget of writes: one person with the code
    cannot store ideas without end by joining again and again."""
    clock = FakeClock()
    path = tmp_path / "source.workshop"
    store = new_session(path, clock)
    limits = Limits(writes_per_source_per_second=1.0, write_source_burst=10.0)
    room, server, base = await serve(path, clock, limits)
    served = Served(path, clock, room, server, base, store)
    try:
        await served.facilitator("start")
        await served.facilitator("next_phase")
        devices = [await served.joined(name) for name in ("Ana", "Bo", "Cy", "Dee")]  # 4 writes
        statuses = []
        for n in range(3):
            for device in devices:
                idea = {"id": f"r{n}", "text": f"idea {n}"}
                statuses.append((await device.call("POST", "/api/ideas", idea)).status)
        assert statuses.count(200) == 6 and statuses.count(429) == 6, statuses
        assert store.unrevealed() == 6
        clock.advance(1.0)
        assert (await devices[0].call("POST", "/api/ideas", {"id": "x", "text": "x"})).status == 200
    finally:
        for http in served.sessions:
            await http.close()
        await server.close()
        store.close()


async def test_a_venue_behind_one_address_still_sends_its_ideas(served: Served) -> None:
    """Sixty phones behind one proxy join over a minute, then each sends two ideas at once:
    all stored."""
    await served.facilitator("start")
    await served.facilitator("next_phase")
    phones = []
    for n in range(60):
        served.clock.advance(1.0)
        phones.append(await served.joined(f"Guest {chr(65 + n // 26)}{chr(97 + n % 26)}", "junior"))
    for n in range(2):
        for phone in phones:
            response = await phone.call("POST", "/api/ideas", {"id": f"r{n}", "text": "an idea"})
            assert response.status == 200
    assert served.store.unrevealed() == 120


async def test_an_away_name_claimed_mid_vote_waits_for_the_facilitators_yes(
    served: Served,
) -> None:
    served.store.set_present("Ana", False)
    await served.to_vote("first", "second")
    served.store.reveal()
    await served.room.hub.refresh(force=False)
    phone = await served.joined()
    status, body = await phone.claim("Ana")
    assert status == 409 and "let you in" in body["error"]
    assert served.store.snapshot().person("Ana").present is False  # type: ignore[union-attr]
    status, _ = await phone.json("POST", "/api/ballot", {"choices": {"1": 1}})
    assert status == 409, "not Ana until the facilitator says yes"
    assert served.store.waiting() == {served.store.snapshot().person("Ana").id}  # type: ignore[union-attr]
    served.store.let_in("Ana")
    await served.room.hub.refresh(force=False)
    status, state = await phone.json("GET", "/api/state")
    assert state["me"]["name"] == "Ana"
    status, _ = await phone.json("POST", "/api/ballot", {"choices": {"1": 1}})
    assert status == 200
    assert not served.store.waiting()


async def test_a_closed_roster_takes_only_names_already_in_it(served: Served) -> None:
    served.store.set_roster_closed(True)
    await served.room.hub.refresh(force=False)
    device = await served.joined()
    status, people = await device.json("GET", "/api/people")
    assert status == 200 and people["can_add"] is False
    status, body = await device.claim("Zed Newcomer", "junior")
    assert status == 409 and "closed" in body["error"]
    assert served.store.snapshot().person("Zed Newcomer") is None
    status, _ = await device.claim("Ana")
    assert status == 200
    served.store.set_roster_closed(False)
    await served.room.hub.refresh(force=False)
    other = await served.joined()
    status, _ = await other.claim("Zed Newcomer", "junior")
    assert status == 200
