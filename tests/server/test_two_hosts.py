"""Two `rmworkshop serve` processes (standing in for two hosts) and a facilitator on one
PostgreSQL session, with devices on both servers: everyone sees every change, whichever server
it came through, and the ballots from both add up exactly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.remote.client import ServerClient
from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.store.postgres import Address, PostgresStore
from rmworkshop.system import SystemClock
from tests.postgres_server import made_session
from tests.server.conftest import free_port
from tests.store.contract.helpers import eventually

pytestmark = pytest.mark.slow


@pytest.fixture
def address() -> Iterator[Address]:
    with made_session() as made:
        yield made


@pytest.fixture
def servers(address: Address) -> Iterator[list[tuple[str, str]]]:
    """Each server's address and the join code it printed."""
    started = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "rmworkshop", "serve", str(address), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
    try:
        found = []
        for process in started:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(3)]
            assert lines[1].startswith("  Open:"), lines
            assert lines[2].startswith("  Join code:"), lines
            found.append((lines[1].split()[-1], lines[2].split()[-1]))
        yield found
    finally:
        for process in started:
            process.terminate()
            process.wait(10)


def everyone_sees(
    devices: list[ServerClient], what: str, seen: Callable[[ParticipantState], bool]
) -> None:
    eventually(lambda: all(seen(device.state()) for device in devices), what)


def test_devices_on_two_servers_and_a_facilitator_see_every_change(
    address: Address, servers: list[tuple[str, str]]
) -> None:
    (first, code), (second, other_code) = servers
    assert code == other_code, "one join code for the room"
    clock = SystemClock()
    names = ["Ana", "Bo", "Cy", "Dee"]
    devices = []
    for index, name in enumerate(names):
        device = ServerClient(first if index % 2 == 0 else second, clock)
        device.join(code, kiosk=False)
        device.claim(name, None)
        devices.append(device)
    with PostgresStore.open(address, FakeClock()) as facilitator:
        facilitator.start()
        everyone_sees(
            devices,
            "the first phase",
            lambda s: s.phase.position == 0 and s.phase.state == "running",
        )
        while facilitator.snapshot().kind != "capture":
            facilitator.next_phase()
        everyone_sees(devices, "the capture phase", lambda s: s.phase.kind == "capture")
        for index, device in enumerate(devices):
            device.submit(f"idea from device {index}")
        assert facilitator.snapshot().idea_count == 4
        facilitator.reveal()
        while facilitator.snapshot().kind != "vote":
            facilitator.next_phase()
        everyone_sees(
            devices,
            "a ballot of four ideas",
            lambda s: s.ballot is not None and len(s.ballot.ideas) == 4,
        )
        for index, device in enumerate(devices):
            device.cast({(1, 1, 2, 3)[index]: 1}, None)  # one dot each
        assert facilitator.snapshot().voting.ballots == 4
        facilitator.close_voting()
        everyone_sees(devices, "the results", lambda s: s.results is not None)
    for device in devices:
        results = device.state().results
        assert results is not None
        assert {result.number: result.votes for result in results} == {1: 2, 2: 1, 3: 1, 4: 0}
