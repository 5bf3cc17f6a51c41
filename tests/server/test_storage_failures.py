"""A real full disk under the participant server: every route that writes answers 503 with one
line that never shows the session's path, reading keeps working, and the server's terminal says
what is wrong without a traceback. (`serve` refuses a read-only file before it opens the room:
see tests/hardening/test_damaged_sessions.py.)"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.app import STORAGE_TROUBLE
from tests.server.conftest import CODE, Served, new_session, serve


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A small file system of its own, to fill up. Needs root, as CI has."""
    if os.geteuid() != 0 and os.environ.get("CI") != "true":
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", mount], check=True)


def fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as filler:
        try:
            while filler.write(b"\0" * 4096):
                pass
        except OSError:
            pass  # full


@pytest.fixture
async def served_on_small_disk(small_disk: Path) -> AsyncIterator[Served]:
    clock = FakeClock()
    path = small_disk / "served.workshop"
    store = new_session(path, clock)
    room, server, base = await serve(path, clock)
    result = Served(path, clock, room, server, base, store)
    try:
        yield result
    finally:
        for http in result.sessions:
            await http.close()
        await server.close()
        store.close()


def _one_busy_line(status: int, body: object, served: Served) -> None:
    assert status == 503, body
    assert isinstance(body, dict) and body["error"] == STORAGE_TROUBLE, body
    assert str(served.path) not in str(body) and served.path.name not in str(body), body


async def test_a_full_disk_is_a_busy_answer_on_every_route_without_the_path(
    served_on_small_disk: Served, caplog: pytest.LogCaptureFixture
) -> None:
    served = served_on_small_disk
    await served.facilitator("start")
    await served.facilitator("next_phase")
    ana = await served.joined("Ana")
    bo = await served.joined()
    fill(served.path.parent)
    with caplog.at_level(logging.DEBUG, logger="rmworkshop.server"):
        served.clock.advance(1)
        status, body = await ana.json("POST", "/api/ideas", {"id": "r1", "text": "x" * 400})
        _one_busy_line(status, body, served)
        status, body = await served.device().json("POST", "/api/join", {"code": CODE})
        _one_busy_line(status, body, served)
        status, body = await bo.json("POST", "/api/claim", {"name": "Newcomer", "level": "mid"})
        _one_busy_line(status, body, served)
        status, body = await ana.json("GET", "/api/state")
        assert status == 200, "reading goes on"
    said = [r.getMessage() for r in caplog.records if r.name == "rmworkshop.server"]
    assert said and all("the disk is full" in line for line in said), said
    assert all(r.exc_info is None for r in caplog.records), "no traceback on the terminal"


async def test_a_ballot_on_a_full_disk_is_a_busy_answer_without_the_path(
    served_on_small_disk: Served,
) -> None:
    served = served_on_small_disk
    ana = await served.joined("Ana")
    await served.to_vote("one", "two", "three")
    fill(served.path.parent)
    served.clock.advance(1)
    status, body = await ana.json("POST", "/api/ballot", {"choices": {"1": 1}})
    _one_busy_line(status, body, served)
    (served.path.parent / "filler").unlink()
    served.clock.advance(1)
    status, body = await ana.json("POST", "/api/ballot", {"choices": {"1": 1}})
    assert status == 200, body
    assert served.store.snapshot().voting.ballots == 1
