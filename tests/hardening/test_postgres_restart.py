"""The database server restarts in the middle of a session, with a store held open (as a
console holds one) and a running `rmworkshop serve` attached.

The server is a private cluster of the test (`tests.postgres_server.private_cluster`), restarted
with ``pg_ctl restart``: ``fast`` ends every connection cleanly, ``immediate`` is a crash with
recovery. Afterwards, every time:

- the store's next write either succeeds (it connected again first) or fails with one line
  that quotes nothing written, and the write after that succeeds: the store reconnects by
  itself, and its listener hears other programs' commits again;
- nothing is lost or doubled: an idea sent again under the same request id (`submit_once`,
  as a phone repeats a request whose answer it never got) is stored once, before and after;
- `serve` keeps serving: its /api endpoints answer after the restart, a phone's idea sent
  until it is accepted is stored once, and the process never printed a traceback.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import StorageError
from rmworkshop.store import token_digest
from rmworkshop.store.postgres import Address, PostgresStore
from rmworkshop.system import SystemClock
from tests.cli.test_participant_commands import free_port
from tests.helpers import go_to, make_agenda, make_roster
from tests.postgres_server import PrivateCluster, new_address, private_cluster

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

WAIT_SECONDS = 30.0
"""The longest the test waits for the server, the store or `serve` to come back."""


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as made:
        yield made


def eventually(check: Callable[[], bool], what: str) -> None:
    """Poll a condition that another process makes true (the server, `serve`)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"within {WAIT_SECONDS:.0f} s: {what}")
        time.sleep(0.05)


class Phone:
    """One device of `serve`'s participants, talking JSON with a bearer token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token: str | None = None

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json", "Origin": self.base}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


class Serving:
    """`rmworkshop serve ADDRESS` in a process of its own, with its banner read."""

    def __init__(self, address: Address) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rmworkshop", "serve", str(address), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        banner = ""
        while "Join code:" not in banner:
            line = self.process.stdout.readline()
            assert line, f"serve stopped:\n{banner}"
            banner += line
        found = re.search(r"Join code:\s+(\S+)", banner)
        assert found, banner
        self.code = found.group(1)
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self) -> str:
        """Stop it, and everything it printed after its banner."""
        self.process.terminate()
        output, _ = self.process.communicate(timeout=15)
        return output


def write_through(action: Callable[[], object]) -> tuple[object, str | None]:
    """The first write after a restart: it succeeds, or fails with one line and the next try
    succeeds. Returns the outcome and the line of the failed try, if there was one."""
    try:
        return action(), None
    except StorageError as error:
        line = str(error)
    return action(), line


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_a_restart_loses_nothing_and_everyone_carries_on(
    cluster: PrivateCluster, mode: str
) -> None:
    address = new_address(cluster.url)
    store = PostgresStore.create(address, make_agenda(), "restart", SystemClock(), make_roster())
    serving = None
    try:
        go_to(store, "capture")
        store.submit("held before the restart")
        device = token_digest(store.join_device(kiosk=False))
        assert store.submit_once(device, "request-1", "sent once before") == (
            "sent once before",
            False,
        )
        store.data_version()  # starts the listener, as a console's polling does
        eventually(lambda: store.listening, "the store listens")

        serving = Serving(address)
        phone = Phone(serving.base)
        status, joined = phone.call("POST", "/api/join", {"code": serving.code})
        assert status == 200, joined
        phone.token = joined["token"]
        status, claimed = phone.call("POST", "/api/claim", {"name": "Ana"})
        assert status == 200, claimed
        status, _ = phone.call("POST", "/api/ideas", {"id": "phone-1", "text": "phone before"})
        assert status == 200

        cluster.restart(mode)

        # The store held open: one line at most, then it is back by itself.
        _, failed = write_through(lambda: store.submit("written after the restart"))
        if failed is not None:
            assert "\n" not in failed and "cannot be reached" in failed, failed
            assert "written after the restart" not in failed
        repeated, failed_once = write_through(
            lambda: store.submit_once(device, "request-1", "sent once before")
        )
        assert repeated == ("sent once before", True), "a repeated request was stored again"
        assert failed_once is None, "the store did not reconnect after its first failure"

        # Another program's commit is heard again: the listener reconnected by itself.
        with PostgresStore.open(address, FakeClock()) as other:
            other.submit("from another program")
            latest = other.data_version()
        eventually(lambda: store.listening and store.data_version() >= latest, "heard again")

        # `serve` answers again, and a phone's request repeated until it is answered is
        # stored once.
        answers: list[int] = []

        def phone_sent() -> bool:
            sent = {"id": "phone-2", "text": "phone after"}
            answers.append(phone.call("POST", "/api/ideas", sent)[0])
            return answers[-1] == 200

        eventually(phone_sent, "serve takes a phone's idea again")
        assert set(answers) <= {200, 503}, answers
        assert phone.call("POST", "/api/ideas", {"id": "phone-2", "text": "phone after"}) == (
            200,
            {"stored": "phone after", "duplicate_request": True},
        )
        status, state = phone.call("GET", "/api/state")
        assert status == 200 and state, state
        assert serving.process.poll() is None, "serve stopped"

        assert store.unrevealed() == 6
        store.reveal(force=True)
        stored = sorted(idea.text for idea in store.snapshot().ideas)
        assert stored == sorted(
            [
                "held before the restart",
                "sent once before",
                "phone before",
                "written after the restart",
                "from another program",
                "phone after",
            ]
        ), "an idea was lost or doubled"
        print(
            f"restart -m {mode}: the store's first write"
            f" {'failed once' if failed else 'went through'}; serve answered"
            f" {answers.count(503)} request(s) with 503 before taking the idea"
        )
    finally:
        output = serving.stop() if serving else ""
        store.close()
    assert "Traceback" not in output, output


def test_requests_retried_across_a_crash_are_stored_once(cluster: PrivateCluster) -> None:
    """Phones keep sending ideas, each retried under its request id until it is answered,
    while the server crashes twice: every idea is stored exactly once, also one whose commit
    went through but whose answer was lost with the connection."""
    senders = 4
    address = new_address(cluster.url)
    with PostgresStore.create(address, make_agenda(), "crash", SystemClock(), make_roster()) as s:
        go_to(s, "capture")
    failures: list[str] = []
    repeats: list[str] = []
    sent: list[list[str]] = [[] for _ in range(senders)]
    stop = threading.Event()

    def send(sender: int) -> None:
        with PostgresStore.open(address, SystemClock()) as store:
            device = token_digest(store.join_device(kiosk=False))
            while not stop.is_set():
                text = f"sender {sender} idea {len(sent[sender])}"
                deadline = time.monotonic() + WAIT_SECONDS
                while True:
                    try:
                        _, repeat = store.submit_once(device, f"r{len(sent[sender])}", text)
                        break
                    except StorageError as error:
                        failures.append(str(error))
                        if time.monotonic() > deadline:
                            return  # the idea is then missing, and the test says so
                        time.sleep(0.01)
                if repeat:
                    repeats.append(text)
                sent[sender].append(text)

    def flowing() -> None:
        """Every sender has had ideas answered since now."""
        counts = [len(texts) for texts in sent]
        eventually(
            lambda: all(len(texts) >= count + 5 for texts, count in zip(sent, counts, strict=True)),
            "every sender's ideas are answered again",
        )

    threads = [threading.Thread(target=send, args=(sender,)) for sender in range(senders)]
    for thread in threads:
        thread.start()
    try:
        for mode in ("immediate", "immediate", "fast"):
            flowing()
            cluster.restart(mode)
        flowing()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures, "no request met a restart: the test proved nothing"
    assert all("\n" not in line and "idea" not in line for line in failures), failures
    expected = sorted(text for texts in sent for text in texts)
    with PostgresStore.open(address, SystemClock()) as store:
        assert store.unrevealed() == len(expected), "an idea was lost or doubled"
        store.reveal(force=True)
        stored = sorted(idea.text for idea in store.snapshot().ideas)
    assert stored == expected
    print(
        f"{len(expected)} ideas stored once across three restarts; {len(failures)} failed"
        f" tries, after which {len(repeats)} idea(s) turned out stored already"
    )
