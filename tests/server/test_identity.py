"""Joining and one name per device: the join code, the token, claims and releases."""

from __future__ import annotations

import sqlite3

from yarl import URL

from rmworkshop.core.clock import FakeClock
from tests.helpers import assert_ok, assert_refused, call_cli
from tests.server.conftest import CODE, Served, serve


async def test_a_right_code_gives_a_private_cookie_and_a_token(served: Served) -> None:
    device = served.device()
    response = await device.call("POST", "/api/join", {"code": CODE.lower().replace("-", " ")})
    assert response.status == 200
    body = await response.json()
    cookie = response.cookies["rmw_device"]
    assert cookie.value == body["token"] and len(body["token"]) >= 43
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert not cookie["secure"], "plain http on loopback cannot carry a Secure cookie"
    stored = [row[0] for row in sqlite3.connect(served.path).execute("SELECT digest FROM devices")]
    assert body["token"] not in stored and len(stored) == 1, "only a digest is stored"


async def test_behind_tls_the_cookie_is_secure(served: Served) -> None:
    _, server, base = await serve(served.path, served.clock, public_url="https://rm.example")
    try:
        device = served.device()
        device.base = base
        response = await device.call(
            "POST", "/api/join", {"code": CODE}, Origin="https://rm.example", Host="rm.example"
        )
        assert response.status == 200, await response.text()
        assert "rmw_device" not in response.cookies
        cookie = response.cookies["__Host-rmw_device"]
        assert cookie["secure"] is True and cookie["path"] == "/" and not cookie["domain"]
        assert "max-age" in response.headers["Strict-Transport-Security"]
        token = cookie.value
        state = await device.http.get(
            base + "/api/state",
            headers={"Host": "rm.example", "Cookie": f"__Host-rmw_device={token}"},
        )
        assert state.status == 200, "the prefixed cookie is the one read back"
        plain = await device.http.get(
            base + "/api/state", headers={"Host": "rm.example", "Cookie": f"rmw_device={token}"}
        )
        assert plain.status == 401, "behind https only the prefixed name counts"
    finally:
        await server.close()


async def test_a_claimed_name_cannot_be_taken_by_another_device(served: Served) -> None:
    phone = await served.joined("Ana")
    intruder = await served.joined()
    status, body = await intruder.claim("ana")
    assert status == 409 and "already taken" in body["error"]
    status, people = await intruder.json("GET", "/api/people")
    assert {"name": "Ana", "level": "junior", "claimed": True, "away": False} in people["people"]
    status, state = await phone.json("GET", "/api/state")
    assert state["me"] == {"name": "Ana", "level": "junior"}

    assert_ok(call_cli("release", served.path, "ana"))
    await served.room.hub.refresh(force=False)
    status, body = await phone.json("GET", "/api/state")
    assert status == 401, "the released device must join again"
    status, state = await intruder.claim("Ana")
    assert status == 200 and state["me"]["name"] == "Ana"


def test_release_refuses_unknown_and_unclaimed_names(served: Served) -> None:
    assert_refused(call_cli("release", served.path, "Zed"), "Nobody called 'Zed'")
    assert_refused(call_cli("release", served.path, "Bo"), "not claimed")


async def test_one_client_cannot_claim_four_names(served: Served) -> None:
    device = await served.joined("Ana")
    for name in ("Bo", "Cy", "Dee"):
        status, body = await device.claim(name)
        assert status == 409 and "already Ana" in body["error"]
    status, body = await device.claim("Ana")
    assert status == 200, "claiming your own name again is harmless"
    assert sorted(served.store.claimed()) == [served.store.snapshot().person("Ana").id]  # type: ignore[union-attr]


async def test_people_cannot_be_added_once_voting_has_started(served: Served) -> None:
    early = await served.joined()
    status, state = await early.claim("Gil", "intern")
    assert status == 200 and state["me"] == {"name": "Gil", "level": "intern"}
    for _ in range(3):
        await served.facilitator("next_phase")  # welcome, ideas, share
    served.store.submit("one idea")
    await served.facilitator("next_phase")  # the vote
    late = await served.joined()
    status, people = await late.json("GET", "/api/people")
    assert people["can_add"] is False
    for name, level in (("Mallory", "intern"), ("Trent", "intern"), ("Oscar", "intern")):
        status, body = await late.claim(name, level)
        assert status == 409 and "only the facilitator" in body["error"]
    assert served.store.snapshot().person("Mallory") is None
    status, state = await late.claim("Bo")
    assert status == 200, "an existing, unclaimed name may still be taken"


async def test_a_ballot_is_cast_only_as_the_claimed_name(served: Served) -> None:
    phone = await served.joined("Ana")
    nameless = await served.joined()
    for _ in range(2):
        await served.facilitator("next_phase")
    served.store.submit_many(["first", "second", "third"])
    for _ in range(2):
        await served.facilitator("next_phase")
    status, body = await nameless.json("POST", "/api/ballot", {"choices": {"1": 1}})
    assert status == 409 and "name" in body["error"]
    status, state = await phone.json("POST", "/api/ballot", {"choices": {"1": 2}, "name": "Bo"})
    assert status == 200 and state["ballot"]["voted"] is True and "cast" not in state["allowed"]
    session = served.store.snapshot()
    assert session.voting.voted == {session.person("Ana").id}  # type: ignore[union-attr]
    status, body = await phone.json("POST", "/api/ballot", {"choices": {"2": 1}})
    assert status == 409


async def test_a_server_restart_keeps_each_device_and_its_name(served: Served) -> None:
    phone = await served.joined("Ana")
    token = phone.http.cookie_jar.filter_cookies(URL(served.base))["rmw_device"].value
    await served.server.close()
    _, server, base = await serve(served.path, FakeClock())
    try:
        device = served.device()
        device.base, device.bearer = base, token
        status, state = await device.json("GET", "/api/state")
        assert status == 200 and state["me"]["name"] == "Ana"
    finally:
        await server.close()


async def test_a_kiosk_holds_no_name_and_casts_once_per_person(served: Served) -> None:
    kiosk = served.device()
    assert await kiosk.join(kiosk=True) == 200
    status, body = await kiosk.claim("Ana")
    assert status == 409 and "kiosk" in body["error"]
    for _ in range(2):
        await served.facilitator("next_phase")
    served.store.submit_many(["first", "second"])
    for _ in range(2):
        await served.facilitator("next_phase")
    status, state = await kiosk.json("GET", "/api/state")
    assert state["kiosk"] is True and "Ana" in state["waiting"]
    status, state = await kiosk.json("POST", "/api/ballot", {"choices": {"1": 1}, "name": "Ana"})
    assert status == 200 and "Ana" not in state["waiting"]
    status, body = await kiosk.json("POST", "/api/ballot", {"choices": {"2": 1}, "name": "Ana"})
    assert status == 409 and "already voted" in body["error"]


async def test_a_name_that_looks_like_someone_elses_is_refused(served: Served) -> None:
    device = await served.joined()
    status, body = await device.claim("\u0410na", "junior")  # a Cyrillic capital A
    assert status == 409 and "Ana" in body["error"]
    assert served.store.snapshot().person("\u0410na") is None


async def test_a_released_name_is_checked_inside_the_write_not_against_the_last_snapshot(
    served: Served,
) -> None:
    """The facilitator releases Ana; her old phone's ballot, sent before the server has read
    that commit, is refused: the write itself sees the release."""
    store = served.store
    await served.to_vote("one", "two", "three")
    phone = await served.joined("Ana")
    store.release("Ana")  # from another process: the server has not read it yet
    status, body = await phone.json("POST", "/api/ballot", {"choices": {"1": 1}})
    assert status == 409 and "join" in body["error"], body
    assert store.snapshot().voting.ballots == 0
