"""Malformed requests are refused with one line (400), never a server error; a storage failure
is a busy answer that never shows the session's path; and the server's terminal says at most
one line for each kind of failure, so a flood cannot scroll the join code and QR code away."""

from __future__ import annotations

import logging

import pytest

from rmworkshop.core.errors import StorageError
from rmworkshop.server.app import STORAGE_TROUBLE
from rmworkshop.store.sqlite import SessionStore
from tests.server.conftest import CODE, Device, Served

DEEP = b"[" * 5000 + b"]" * 5000
ENDPOINTS = ("/api/join", "/api/claim", "/api/ideas", "/api/ballot", "/api/hand", "/api/volunteer")


async def _post_raw(served: Served, device: Device, path: str, raw: bytes) -> int:
    response = await device.http.post(
        served.base + path,
        data=raw,
        headers={"Origin": served.base, "Content-Type": "application/json"},
    )
    return response.status


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_json_nested_thousands_deep_is_a_bad_request(served: Served, path: str) -> None:
    device = served.device() if path == "/api/join" else await served.joined("Ana")
    assert await _post_raw(served, device, path, DEEP) == 400


async def test_half_a_surrogate_pair_is_not_text(served: Served) -> None:
    await served.facilitator("start")
    await served.facilitator("next_phase")
    phone = await served.joined("Ana")
    lone_id = b'{"id": "\\ud800", "text": "An idea"}'
    assert await _post_raw(served, phone, "/api/ideas", lone_id) == 400
    lone_text = b'{"id": "ok", "text": "Half \\udfff a pair"}'
    assert await _post_raw(served, phone, "/api/ideas", lone_text) == 400
    stranger = served.device()
    assert await stranger.join() == 200
    lone_name = b'{"name": "Zo\\ud83d", "level": "junior"}'
    assert await _post_raw(served, stranger, "/api/claim", lone_name) == 400
    assert served.store.unrevealed() == 0
    assert served.store.snapshot().person("Zo") is None


@pytest.mark.parametrize("key", ["\u00b9", "\u0661", "\uff11", "1.0", "-1", ""])
async def test_an_idea_number_is_ascii_digits_only(served: Served, key: str) -> None:
    store = served.store
    await served.to_vote("one", "two", "three")
    phone = await served.joined("Ana")
    status, body = await phone.json("POST", "/api/ballot", {"choices": {key: 1}})
    assert status == 400, body
    assert body["error"] == "Idea numbers are whole numbers."
    assert store.snapshot().voting.ballots == 0


async def test_the_server_says_one_line_per_kind_of_failure(
    served: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: SessionStore, *_: object) -> None:
        secret = {"ballot": "Ana's secret"}  # a local no line may show
        raise RuntimeError(f"unexpected {len(secret)}")

    await served.facilitator("start")
    await served.facilitator("next_phase")
    phone = await served.joined("Ana")
    monkeypatch.setattr(SessionStore, "submit_once", broken)
    with caplog.at_level(logging.DEBUG, logger="rmworkshop.server"):
        for n in range(20):
            served.clock.advance(1)  # within the device's write rate
            status, body = await phone.json("POST", "/api/ideas", {"id": f"r{n}", "text": "x"})
            assert status == 500 and body == {"error": "Something went wrong on the server."}
    said = [record for record in caplog.records if record.name == "rmworkshop.server"]
    assert len(said) == 1, [record.getMessage() for record in said]
    line = said[0].getMessage()
    assert "RuntimeError" in line and "secret" not in line
    assert said[0].exc_info is None, "no traceback on the server's terminal"
    assert CODE not in line


async def test_a_storage_failure_is_a_busy_answer_that_never_shows_the_session_path(
    served: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    full = StorageError(f"{served.path}: the disk is full; nothing was changed")

    def failing(self: SessionStore, *_: object) -> None:
        raise full

    await served.to_vote("one", "two", "three")
    phone = await served.joined("Ana")
    monkeypatch.setattr(SessionStore, "cast_ballot", failing)
    monkeypatch.setattr(SessionStore, "join_device", failing)
    with caplog.at_level(logging.DEBUG, logger="rmworkshop.server"):
        for _ in range(3):
            served.clock.advance(1)
            status, body = await phone.json("POST", "/api/ballot", {"choices": {"1": 1}})
            assert status == 503 and str(served.path) not in str(body), body
            assert body["error"] == STORAGE_TROUBLE and body["retry_after"] > 0
        status, body = await served.device().json("POST", "/api/join", {"code": CODE})
        assert status == 503 and str(served.path) not in str(body), body
    said = [r.getMessage() for r in caplog.records if r.name == "rmworkshop.server"]
    assert len(said) == 1 and "the disk is full" in said[0], said
