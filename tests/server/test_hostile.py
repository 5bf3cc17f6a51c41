"""The reported attacks on the participant server, each as a test, and the limits that stop
them: nothing before the code, Origin and Host checks, sizes, rates and connection caps."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

from aiohttp import ClientSession, ClientTimeout

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.limits import Limits
from tests.server.conftest import CODE, Served, new_session, serve

PATHS = (
    "/",
    "/static/app.js",
    "/static/style.css",
    "/static/",
    "/static/index.html",
    "/static/../hub.py",
    "/static/%2e%2e/hub.py",
    "/api/state",
    "/api/people",
    "/api/events",
    "/api/ideas",
    "/index.html",
    "/.git/config",
    "/served.workshop",
)


async def test_nothing_of_the_session_is_served_before_the_code(served: Served) -> None:
    served.store.add_person("Zorblax", "mid")
    served.store.start()
    secrets = ("Zorblax", "Ana", "Test workshop", "Welcome", "A workshop for tests")
    device = served.device()
    for path in PATHS:
        for method in ("GET", "POST"):
            response = await device.call(method, path, {})
            text = (await response.read()).decode("utf-8", "replace")
            for secret in secrets:
                assert secret not in text, (method, path, secret)
            assert "Index of" not in text, "no directory listings"
            if path.startswith("/api/"):
                assert response.status in (401, 405), (method, path)
    for path in ("/static/", "/static/index.html", "/index.html", "/.git/config", "/nope"):
        assert (await device.call("GET", path)).status == 404, path


async def test_every_answer_carries_a_strict_policy(served: Served) -> None:
    device = served.device()
    for path in ("/", "/static/app.js", "/api/state", "/nope"):
        policy = (await device.call("GET", path)).headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "aiohttp" not in (await device.call("GET", path)).headers["Server"]
    page = (await (await device.call("GET", "/")).read()).decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"
    assert not re.search(r"\son[a-z]+=", page), "no inline handlers"
    assert "http://" not in page and "https://" not in page, "every asset is ours"


async def test_writes_from_a_browser_need_our_origin(served: Served) -> None:
    phone = await served.joined("Ana")
    await served.facilitator("start")
    await served.facilitator("next_phase")
    idea = {"id": "x1", "text": "cross-site"}
    for origin in ("http://evil.example", "null", ""):
        response = await phone.call("POST", "/api/ideas", idea, Origin=origin)
        assert response.status == 403, origin
    response = await phone.call("POST", "/api/join", {"code": CODE}, Origin="http://evil.example")
    assert response.status == 403
    assert served.store.snapshot().idea_count == 0
    assert (await phone.call("POST", "/api/ideas", idea)).status == 200


async def test_a_foreign_host_name_is_refused(served: Served) -> None:
    device = served.device()
    response = await device.call("GET", "/", Host="rebound.example:8000")
    assert response.status == 421
    assert (await device.call("GET", "/", Host="127.0.0.1")).status == 421, "the port must match"


async def test_large_bodies_are_refused(served: Served) -> None:
    phone = await served.joined("Ana")
    response = await phone.call("POST", "/api/ideas", {"id": "big", "text": "x" * 20_000})
    assert response.status == 413
    body = await phone.http.post(
        served.base + "/api/join", data=b"{" * 100, headers={"Origin": served.base}
    )
    assert body.status == 400


async def test_writes_per_device_are_limited(served: Served) -> None:
    phone = await served.joined("Ana")
    statuses = [(await phone.call("POST", "/api/hand", {"up": False})).status for _ in range(25)]
    assert 429 in statuses and statuses[0] == 409
    served.clock.advance(10)
    assert (await phone.call("POST", "/api/hand", {"up": False})).status == 409, "refilled"


async def test_a_retried_idea_is_stored_once_and_quick_ideas_stay_separate(served: Served) -> None:
    phone = await served.joined("Ana")
    await served.facilitator("start")
    await served.facilitator("next_phase")
    same = {"id": "retry-1", "text": "Pair juniors with execs"}
    answers = await asyncio.gather(*(phone.json("POST", "/api/ideas", same) for _ in range(5)))
    assert sorted(body["duplicate_request"] for _, body in answers) == [False] + [True] * 4
    first = phone.json("POST", "/api/ideas", {"id": "q1", "text": "Same words"})
    second = phone.json("POST", "/api/ideas", {"id": "q2", "text": "Same words"})
    assert [status for status, _ in await asyncio.gather(first, second)] == [200, 200]
    served.store.reveal()
    texts = sorted(idea.text for idea in served.store.snapshot().ideas)
    assert texts == ["Pair juniors with execs", "Same words", "Same words"]


async def test_an_idea_id_used_again_for_another_text_is_refused(served: Served) -> None:
    """No answer says a text was stored that was not: the first text stays, the second is 409."""
    phone = await served.joined("Ana")
    await served.facilitator("start")
    await served.facilitator("next_phase")
    status, first = await phone.json("POST", "/api/ideas", {"id": "r1", "text": "First text"})
    assert (status, first["stored"]) == (200, "First text")
    status, other = await phone.json("POST", "/api/ideas", {"id": "r1", "text": "Other text"})
    assert status == 409 and "Other text" not in str(other)
    status, again = await phone.json("POST", "/api/ideas", {"id": "r1", "text": "First text"})
    assert (status, again["stored"], again["duplicate_request"]) == (200, "First text", True)
    served.store.reveal()
    assert [idea.text for idea in served.store.snapshot().ideas] == ["First text"]


async def test_wrong_codes_are_refused_and_slow_down(served: Served) -> None:
    device = served.device()
    waits = []
    for _ in range(5):
        response = await device.call("POST", "/api/join", {"code": "AAAA-AAAA"})
        assert response.status == 403
        waits.append((await response.json())["retry_after"])
        tried = await device.call("POST", "/api/join", {"code": CODE})
        assert tried.status == 429, "no code is checked during the wait, not even a right one"
        served.clock.advance(waits[-1])
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert await device.join() == 200


async def test_a_flood_from_one_source_does_not_lock_out_another(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "proxy.workshop"
    new_session(path, clock).close()
    _, server, base = await serve(path, clock, public_url="https://rm.example")
    headers = {"Host": "rm.example", "Origin": "https://rm.example"}
    try:
        async with ClientSession() as http:

            async def attempt(source: str, code: str) -> int:
                response = await http.post(
                    base + "/api/join",
                    json={"code": code},
                    headers={**headers, "X-Forwarded-For": f"198.51.100.7, {source}"},
                )
                return response.status

            flood = [await attempt("203.0.113.66", "WRNG-CODE") for _ in range(60)]
            assert flood.count(403) == 1 and flood.count(429) == 59
            clock.advance(0.5)
            assert await attempt("203.0.113.10", CODE) == 200, "another source gets straight in"
            assert await attempt("203.0.113.66", CODE) == 429, "the flooding source still waits"
    finally:
        await server.close()


async def test_forwarded_addresses_are_ignored_without_a_proxy(served: Served) -> None:
    device = served.device()
    first = await device.call(
        "POST", "/api/join", {"code": "WRNG-CODE"}, **{"X-Forwarded-For": "203.0.113.1"}
    )
    assert first.status == 403
    second = await device.call(
        "POST", "/api/join", {"code": CODE}, **{"X-Forwarded-For": "203.0.113.2"}
    )
    assert second.status == 429, "a made-up header does not make a new source"


async def test_forty_connections_without_a_code_hold_nothing(served: Served) -> None:
    timeout = ClientTimeout(total=10)
    async with ClientSession(timeout=timeout) as http:
        streams = [http.get(served.base + "/api/events") for _ in range(40)]
        answers = await asyncio.gather(*streams)
        assert [answer.status for answer in answers] == [401] * 40
        for answer in answers:
            answer.release()
    assert not served.room.streams, "no live connection was opened"
    assert len(served.room.hub.snapshot.devices) == 0
    assert served.room.in_flight == 0


async def test_live_connections_are_capped_per_address_with_a_clear_message(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    path = tmp_path / "cap.workshop"
    new_session(path, clock).close()
    _, server, base = await serve(path, clock, Limits(streams_per_source=3))
    try:
        async with ClientSession() as http:
            joined = await http.post(base + "/api/join", json={"code": CODE})
            auth = {"Authorization": f"Bearer {(await joined.json())['token']}"}
            opened = [await http.get(base + "/api/events", headers=auth) for _ in range(3)]
            assert [r.status for r in opened] == [200] * 3
            refused = await http.get(base + "/api/events", headers=auth)
            assert refused.status == 503
            assert "Too many live connections" in (await refused.json())["error"]
            for response in opened:
                response.close()
    finally:
        await server.close()


async def test_a_terminal_resize_bomb_has_nowhere_to_go(served: Served) -> None:
    """The old browser console took `["resize", {"width": 20000, ...}]` over a websocket and
    grew a process to 2.5 GB. Nothing here upgrades to a websocket or starts a process."""
    device = await served.joined("Ana")
    for path in ("/", "/ws", "/api/state"):
        response = await device.call(
            "GET",
            path,
            Connection="Upgrade",
            Upgrade="websocket",
            **{"Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="},
        )
        assert response.status != 101, path
    bomb = {"id": "r1", "text": '["resize", {"width": 20000, "height": 20000}]' * 400}
    assert (await device.call("POST", "/api/ideas", bomb)).status == 413


async def test_the_device_table_holds_digests_and_names_only(served: Served) -> None:
    ana = await served.joined("Ana")
    await served.joined()
    await served.facilitator("start")
    await served.facilitator("next_phase")
    assert (await ana.call("POST", "/api/ideas", {"id": "a", "text": "secret idea"})).status == 200
    db = sqlite3.connect(served.path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(devices)")]
    assert columns == ["digest", "kiosk", "person", "waiting"]
    assert [row[1] for row in db.execute("PRAGMA table_info(idea_requests)")] == ["digest"]
    assert not db.execute("PRAGMA foreign_key_list(idea_requests)").fetchall(), "refers to nothing"
    rows = db.execute("SELECT digest FROM devices UNION ALL SELECT digest FROM idea_requests")
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for (digest,) in rows)


async def test_the_room_wide_cap_on_code_checks_blames_nobody(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "busy.workshop"
    new_session(path, clock).close()
    limits = Limits(code_checks_per_second=1, code_check_burst=2)
    _, server, base = await serve(path, clock, limits, public_url="https://rm.example")
    headers = {"Host": "rm.example", "Origin": "https://rm.example"}
    try:
        async with ClientSession() as http:

            async def attempt(source: str) -> tuple[int, dict[str, object]]:
                response = await http.post(
                    base + "/api/join",
                    json={"code": CODE},
                    headers={**headers, "X-Forwarded-For": source},
                )
                return response.status, await response.json()

            assert (await attempt("203.0.113.1"))[0] == 200
            assert (await attempt("203.0.113.2"))[0] == 200
            status, body = await attempt("203.0.113.3")
            assert status == 429 and body["busy"] is True and body["retry_after"] == 1.0
            clock.advance(1)
            assert (await attempt("203.0.113.3"))[0] == 200, "no wait of its own was earned"
    finally:
        await server.close()
