"""The client for the participant server: refusals are one plain line, a retried idea is
stored once, and `join ADDRESS` fails cleanly when nothing answers."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.remote.client import ConnectionLost, ServerClient
from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.store import Store
from tests.remote.fake_server import CODE, FakeServer


def joined(server: FakeServer, clock: FakeClock, name: str = "Ana") -> ServerClient:
    client = ServerClient(server.url, clock)
    client.join(CODE, kiosk=False)
    client.claim(name, None)
    return client


def test_a_wrong_code_is_the_servers_own_line_and_a_wait_says_how_long(
    server: FakeServer, clock: FakeClock
) -> None:
    client = ServerClient(server.url, clock)
    with pytest.raises(Refused, match=r"^That join code is not right\.$"):
        client.join("AAA-AAA", kiosk=False)
    with pytest.raises(Refused):
        client.join("AAA-AAB", kiosk=False)
    with pytest.raises(Refused, match=r"^Too many wrong codes\. Wait 4 s, then try again\.$"):
        client.join("AAA-AAC", kiosk=False)
    assert client.token is None


def test_a_name_held_by_another_device_is_refused(server: FakeServer, clock: FakeClock) -> None:
    joined(server, clock, "Ana")
    other = ServerClient(server.url, clock)
    other.join(CODE, kiosk=False)
    with pytest.raises(Refused, match="taken"):
        other.claim("Ana", None)
    assert other.claim("Bo", None).me is not None


def test_an_idea_retried_after_a_lost_answer_is_stored_once(
    facilitator: Store, server: FakeServer, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    facilitator.start()
    facilitator.next_phase()
    client = joined(server, clock)
    real = client._call
    lost: list[str] = []

    def lose_first_answer(method: str, path: str, body: object = None) -> dict[str, object]:
        answer = real(method, path, body)
        if path == "/api/ideas" and not lost:
            lost.append(path)
            raise ConnectionLost("the answer was lost")
        return answer

    monkeypatch.setattr(client, "_call", lose_first_answer)
    assert client.submit("  alpha\x1b[31m ") == "alpha"
    assert client.submit("alpha") == "alpha"  # typed again on purpose: a second idea
    assert lost == ["/api/ideas"]
    assert facilitator.unrevealed() == 2


def test_the_event_stream_brings_each_commit(
    facilitator: Store, server: FakeServer, clock: FakeClock
) -> None:
    client = joined(server, clock)
    phases: list[str] = []
    changed = threading.Condition()

    def take(state: ParticipantState) -> None:
        with changed:
            phases.append(state.phase.state)
            changed.notify_all()

    stop = threading.Event()
    client.follow(take, stop)
    with changed:
        assert changed.wait_for(lambda: phases[-1:] == ["not-started"], timeout=5)
    facilitator.start()
    with changed:
        assert changed.wait_for(lambda: phases[-1:] == ["running"], timeout=5)
    stop.set()


@pytest.mark.parametrize("address", ["ftp://example.org", "http://", "localhost:8000"])
def test_a_bad_address_is_refused_plainly(address: str, clock: FakeClock) -> None:
    with pytest.raises(Refused, match="must look like http://HOST:PORT"):
        ServerClient(address, clock)


def test_join_address_with_nothing_listening_is_one_line_and_exit_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rmworkshop", "join", "http://127.0.0.1:9", "--code", "K7P-Q3M"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Cannot reach the server at http://127.0.0.1:9" in lines[0]
    assert "Traceback" not in done.stderr


def test_code_goes_with_an_address_only() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rmworkshop", "kiosk", "some.workshop", "--code", "K7P-Q3M"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().endswith("--code goes with an address such as http://HOST:PORT.")
