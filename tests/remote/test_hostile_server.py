"""A terminal client trusts nothing a server sends: a hostile server on loopback sends numbers
that are not finite or far out of bounds, answers and event lines far too large, and events
that do not parse. Each is one plain refusal or "connection lost", never a crash, never a
silently dead event thread, and never memory in proportion to what the server sends."""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.remote.client import MAX_EVENT_BYTES, ServerClient
from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.remote.remote_participant import RemoteParticipant

NOT_UNDERSTOOD = re.compile(
    r"The server(?:'s answer was not understood| sent a state this console does not understand)\."
)
Body = Callable[[Callable[[bytes], None]], None]
"""Writes a response body, piece by piece, through the function it is given."""

GOOD: dict[str, Any] = {
    "version": 1,
    "title": "Workshop",
    "summary": "",
    "kiosk": False,
    "me": {"name": "Ana", "level": "junior"},
    "phase": {
        "index": 1,
        "count": 3,
        "name": "Ideas",
        "kind": "capture",
        "prompt": "What?",
        "state": "running",
        "remaining_seconds": 300.0,
    },
    "allowed": ["submit"],
    "order": [],
    "speaking": None,
    "you_are_next": False,
    "you_are_speaking": False,
    "hand": {"up": False, "place": None},
    "ballot": None,
    "results": None,
    "pair": None,
    "pairs": [],
    "waiting": [],
}


def with_phase(**fields: Any) -> bytes:
    """The good state with its phase changed, as raw JSON (NaN and Infinity included)."""
    return json.dumps({**GOOD, "phase": {**GOOD["phase"], **fields}}).encode()


class Hostile:
    """What the server answers on each path, and how many bytes it managed to send."""

    def __init__(self) -> None:
        self.bodies: dict[str, Body] = {}
        self.sent = 0
        self.url = ""

    def answer(self, path: str, data: bytes) -> None:
        self.bodies[path] = lambda write: write(data)


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    served = Hostile()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

        def _respond(self) -> None:
            body = served.bodies.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            kind = "text/event-stream" if self.path == "/api/events" else "application/json"
            self.send_header("Content-Type", kind)
            self.end_headers()

            def write(data: bytes) -> None:
                self.wfile.write(data)
                served.sent += len(data)

            with contextlib.suppress(OSError):  # the client stopped reading
                body(write)

        do_GET = do_POST = _respond

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    served.answer("/api/join", b'{"token": "t", "kiosk": false}')
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def endless(chunk: bytes, most: int) -> Body:
    """`chunk` again and again, up to `most` bytes (a bound, so no test can run forever)."""

    def body(write: Callable[[bytes], None]) -> None:
        for _ in range(most // len(chunk)):
            write(chunk)

    return body


@pytest.mark.parametrize(
    "phase",
    [
        with_phase(remaining_seconds=float("nan")),
        with_phase(remaining_seconds=float("inf")),
        with_phase(remaining_seconds=float("-inf")),
        with_phase(remaining_seconds=1e300),
        with_phase(index=1e400),
        with_phase(index=-1),
        with_phase(index=10**200),
        json.dumps({**GOOD, "ballot": {"ideas": [], "dots": 10**9, "max_per_idea": 3}}).encode(),
        json.dumps({**GOOD, "version": float("inf")}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=[
        "NaN",
        "Infinity",
        "-Infinity",
        "1e300 s",
        "index 1e400",
        "index -1",
        "index 10**200",
        "a billion dots",
        "version Infinity",
        "nested 100,000 deep",
    ],
)
def test_a_state_with_numbers_out_of_bounds_is_one_refusal(hostile: Hostile, phase: bytes) -> None:
    hostile.answer("/api/state", phase)
    client = ServerClient(hostile.url, FakeClock())
    client.join("CODE", kiosk=False)
    with pytest.raises(Refused) as refused:
        client.state()
    assert NOT_UNDERSTOOD.fullmatch(str(refused.value)), refused.value


def test_the_good_state_is_read(hostile: Hostile) -> None:
    hostile.answer("/api/state", json.dumps(GOOD).encode())
    client = ServerClient(hostile.url, FakeClock())
    client.join("CODE", kiosk=False)
    assert client.state().phase.remaining_seconds == 300.0


def test_an_answer_far_too_large_is_refused_without_reading_it_all(hostile: Hostile) -> None:
    most = 64 * MAX_EVENT_BYTES
    hostile.bodies["/api/state"] = endless(b'{"title": "' + b"x" * 65536, most)
    client = ServerClient(hostile.url, FakeClock())
    client.join("CODE", kiosk=False)
    with pytest.raises(Refused, match="too large"):
        client.state()
    assert hostile.sent < most, "the client stopped reading"


def _event(data: bytes) -> bytes:
    return b"event: state\ndata: " + data + b"\n\n"


def _follow(hostile: Hostile) -> tuple[RemoteParticipant, list[ParticipantState], threading.Event]:
    """A participant console's backend following the hostile server's event stream, and the
    moment it first says the connection is lost."""
    hostile.answer("/api/state", json.dumps(GOOD).encode())
    participant = RemoteParticipant(ServerClient(hostile.url, FakeClock()), FakeClock())
    states: list[ParticipantState] = []
    lost = threading.Event()
    client = participant._client
    original = participant._drop

    def dropped() -> None:
        original()
        lost.set()

    participant._drop = dropped  # type: ignore[method-assign]
    client.join("CODE", kiosk=False)
    client.follow(states.append, participant._stop, participant._drop, participant._released)
    return participant, states, lost


@pytest.mark.parametrize(
    "event",
    [
        _event(with_phase(index=1e400)),
        _event(with_phase(remaining_seconds=float("nan"))),
        _event(b"[" * 100_000 + b"]" * 100_000),
        _event(b"not json"),
    ],
    ids=["index 1e400", "NaN", "nested 100,000 deep", "not JSON"],
)
def test_an_event_that_does_not_parse_says_connection_lost(hostile: Hostile, event: bytes) -> None:
    hostile.answer("/api/events", _event(json.dumps(GOOD).encode()) + event)
    participant, states, lost = _follow(hostile)
    try:
        assert lost.wait(10), "the console is told, not left following a dead thread"
        assert participant.trouble is not None and "connection lost" in participant.trouble
        assert states and states[0].phase.position == 1
    finally:
        participant.close()


def test_an_endless_event_line_is_cut_and_says_connection_lost(hostile: Hostile) -> None:
    most = 64 * MAX_EVENT_BYTES
    start = _event(json.dumps(GOOD).encode()) + b"data: "

    def body(write: Callable[[bytes], None]) -> None:
        write(start)
        endless(b"x" * 65536, most)(write)

    hostile.bodies["/api/events"] = body
    participant, _, lost = _follow(hostile)
    try:
        assert lost.wait(30)
        assert participant.trouble is not None and "connection lost" in participant.trouble
    finally:
        participant.close()
    assert hostile.sent < most, "the client stopped reading the line"
