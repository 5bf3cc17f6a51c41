"""`ServerClient`: one terminal device talking to the participant server over HTTP.

It holds the device's token (sent as a Bearer token, never stored on disk) and speaks the API
in docs/participant-api.md. Every failure becomes one plain `Refused` line: the server's own
message when it sent one, otherwise what went wrong with the connection, never a traceback.
Live updates come from the server's event stream, read in a thread that reconnects by itself.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Profile, profile_json
from rmworkshop.core.text import clean
from rmworkshop.remote.participant_state import ParticipantState, Roll, parse_roll, parse_state

TIMEOUT_SECONDS = 10.0
"""How long one request may take before the console says the server cannot be reached."""
STREAM_TIMEOUT_SECONDS = 45.0
"""The server sends a ping every 15 s; this long without a byte means the stream is dead."""
RECONNECT_SECONDS = (0.5, 1.0, 2.0, 4.0)
"""Waits between attempts to reopen the event stream; the last one repeats."""
MAX_EVENT_BYTES = 4 * 1024 * 1024
"""The largest event, or answer, a console reads: a session of 5,000 ideas fits many times."""
MAX_LINE_BYTES = MAX_EVENT_BYTES
"""The longest line of the event stream read at once; a longer one ends the connection."""


def check_address(address: str) -> str:
    """The server's base address, or a refusal naming what is wrong with it (and quoting
    nothing of it: a user part could hold a password)."""
    shape = "An address must look like http://HOST:PORT (as the facilitator shows it)."
    try:
        parts = urlsplit(address)
        port = parts.port  # a port that is no number, or out of range, raises here
    except ValueError:
        raise Refused(shape) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise Refused(shape)
    if "@" in parts.netloc:
        raise Refused("An address holds no user or password: http://HOST:PORT.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class ServerClient:
    def __init__(self, address: str, clock: Clock, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.address = check_address(address)
        self._clock = clock
        self._timeout = timeout
        self.token: str | None = None
        self.kiosk = False

    # -- the API -----------------------------------------------------------------------------
    def join(self, code: str, *, kiosk: bool) -> None:
        answer = self._call("POST", "/api/join", {"code": code, "kiosk": kiosk})
        token = answer.get("token")
        if not isinstance(token, str) or not token:
            raise Refused("The server did not give this device a token.")
        self.token, self.kiosk = token, kiosk

    def people(self) -> Roll:
        return parse_roll(self._call("GET", "/api/people"))

    def state(self) -> ParticipantState:
        return self._state(self._call("GET", "/api/state"))

    def claim(
        self, name: str, level: str | None, profile: Profile | None = None
    ) -> ParticipantState:
        body: dict[str, object] = {"name": name}
        if level is not None:
            body["level"] = level
        if profile is not None:
            body["profile"] = profile_json(profile)
        return self._state(self._call("POST", "/api/claim", body))

    def submit(self, text: str) -> str:
        # The id is made here, once: a request repeated after a dropped answer stores once.
        body = {"id": str(uuid.uuid4()), "text": text}
        try:
            answer = self._call("POST", "/api/ideas", body)
        except ConnectionLost:
            answer = self._call("POST", "/api/ideas", body)
        stored = answer.get("stored")
        if not isinstance(stored, str):
            raise Refused("The server did not say what it stored.")
        return stored

    def cast(self, choices: Mapping[int, int], name: str | None) -> ParticipantState:
        body: dict[str, object] = {"choices": {str(n): d for n, d in choices.items()}}
        if name is not None:
            body["name"] = name
        return self._state(self._call("POST", "/api/ballot", body))

    def hand(self, up: bool) -> ParticipantState:
        return self._state(self._call("POST", "/api/hand", {"up": up}))

    def volunteer(self, number: int) -> ParticipantState:
        return self._state(self._call("POST", "/api/volunteer", {"number": number}))

    def check_in(self, met: str, going: str, note: str) -> ParticipantState:
        body = {"met": met, "going": going, "note": note}
        return self._state(self._call("POST", "/api/checkin", body))

    # -- live updates -----------------------------------------------------------------------
    def follow(
        self,
        on_state: Callable[[ParticipantState], None],
        stop: threading.Event,
        on_lost: Callable[[], None] = lambda: None,
        on_gone: Callable[[], None] = lambda: None,
    ) -> threading.Thread:
        """Read the event stream in a daemon thread until `stop` is set, reconnecting after a
        dropped connection or a server restart; each state received goes to `on_state`.
        `on_lost` hears when the stream drops; `on_gone` when this device's name was released
        (it must join again), which ends the thread."""
        thread = threading.Thread(
            target=self._follow,
            args=(on_state, stop, on_lost, on_gone),
            name="rmworkshop-events",
            daemon=True,
        )
        thread.start()
        return thread

    def _follow(
        self,
        on_state: Callable[[ParticipantState], None],
        stop: threading.Event,
        on_lost: Callable[[], None],
        on_gone: Callable[[], None],
    ) -> None:
        attempt = 0
        while not stop.is_set():
            try:
                for event, data in self._events():
                    attempt = 0
                    if event == "gone":
                        on_gone()
                        return
                    on_state(self._state(_json(data.encode("utf-8"))))
                    if stop.is_set():
                        return
            except urllib.error.HTTPError as error:
                if error.code == HTTPStatus.UNAUTHORIZED:  # released, or joined nowhere
                    on_gone()
                    return
            except Exception:  # whatever a server sends, the console hears of it
                pass  # reopened below; the device's token still holds its name
            if stop.is_set():
                return
            on_lost()
            wait = RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)]
            attempt += 1
            stop.wait(wait)

    def _events(self) -> Iterator[tuple[str, str]]:
        """Each `state` event's data, and a `gone` event, as the server sends them."""
        request = self._request("GET", "/api/events", None)
        request.add_header("Accept", "text/event-stream")
        with urllib.request.urlopen(request, timeout=STREAM_TIMEOUT_SECONDS) as stream:
            event, size = "message", 0
            data: list[str] = []
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                if len(raw) > MAX_LINE_BYTES:
                    raise Refused("The server sent a line too long to read.")
                line = raw.decode("utf-8").rstrip("\r\n")
                size += len(raw)
                if size > MAX_EVENT_BYTES:
                    raise Refused("The server sent an event too large to read.")
                if not line:
                    if (event == "state" and data) or event == "gone":
                        yield event, "\n".join(data)
                    event, data, size = "message", [], 0
                elif line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))

    # -- requests ---------------------------------------------------------------------------
    def _state(self, data: object) -> ParticipantState:
        return parse_state(data, self._clock.now())

    def _request(self, method: str, path: str, body: object) -> urllib.request.Request:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.address + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token is not None:
            request.add_header("Authorization", f"Bearer {self.token}")
        return request

    def _call(self, method: str, path: str, body: object = None) -> dict[str, Any]:
        request = self._request(method, path, body)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                raw = answer.read(MAX_EVENT_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise Refused(_refusal(error)) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", None) or error
            raise ConnectionLost(f"Cannot reach the server at {self.address}: {reason}") from None
        if len(raw) > MAX_EVENT_BYTES:
            raise Refused("The server's answer was too large to read.")
        return _json_object(raw)


class ConnectionLost(Refused):
    """No answer came: the request may or may not have been done."""


def _json(raw: bytes) -> object:
    """JSON from the server; nested too deeply, or not JSON at all, is not understood."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("The server's answer was not understood.") from None


def _json_object(raw: bytes) -> dict[str, Any]:
    data = _json(raw)
    if not isinstance(data, dict):
        raise Refused("The server's answer was not understood.")
    return data


def _refusal(error: urllib.error.HTTPError) -> str:
    """The server's one line for a refused request, with how long to wait when it says."""
    try:
        body = json.loads(error.read(64 * 1024).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        body = None
    message = body.get("error") if isinstance(body, dict) else None
    if not isinstance(message, str) or not message.strip():
        message = f"The server refused this ({error.code})."
    wait = body.get("retry_after") if isinstance(body, dict) else None
    if isinstance(wait, int | float) and wait > 0 and "wait" not in message.lower():
        message = f"{message} Wait {wait:.0f} s, then try again."
    return " ".join(clean(message).split())  # text from the network reaches a terminal
