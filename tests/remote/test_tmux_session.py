"""`join ADDRESS` and `kiosk ADDRESS` through a whole session, as people use them: real
terminals (tmux), a real `rmworkshop serve` process, keys typed with `tmux send-keys` and
screens read with `tmux capture-pane`, while the facilitator moves the session by command.

Under CI=true a missing tmux fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import THREE_PEOPLE, assert_ok, call_cli, tool_missing

WITHIN = 20.0
"""Generous: consoles, a server and commands share two cores with the rest of the suite."""


def tmux() -> str:
    found = shutil.which("tmux")
    if found is None:
        tool_missing("tmux is not installed (apt-get install tmux)")
        raise AssertionError("unreachable")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def eventually(what: str, condition: Callable[[], bool]) -> None:
    """Poll what a person would look at (a screen, `status`) until it shows ``what``."""
    deadline = time.monotonic() + WITHIN
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {WITHIN} s: {what}")
        time.sleep(0.1)


class Terminal:
    """One tmux session running one console."""

    def __init__(self, tool: str, server: str, command: list[str]) -> None:
        self.tool, self.server = tool, server
        self.name = f"rmw-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            [
                tool,
                "-L",
                server,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "100",
                "-y",
                "30",
                # The console sizes itself from the terminal, as it would for a person: a
                # COLUMNS or LINES left in the test's environment would override tmux's size.
                shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *command]),
            ],
            check=True,
        )

    def keys(self, *keys: str) -> None:
        subprocess.run(
            [self.tool, "-L", self.server, "send-keys", "-t", self.name, *keys], check=True
        )

    def screen(self) -> str:
        result = subprocess.run(
            [self.tool, "-L", self.server, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def shows(self, text: str) -> None:
        eventually(f"{text!r} on the screen", lambda: text in self.screen())


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Path, str, str, str, str]]:
    """A session served by `rmworkshop serve --kiosk`; yields (session, address, join code,
    kiosk code, tmux server)."""
    tool = tmux()
    roster = tmp_path / "team.toml"
    roster.write_text(THREE_PEOPLE, encoding="utf-8")
    session = tmp_path / "s.workshop"
    assert_ok(
        call_cli("new", "cross-generational-brainstorm", "--roster", roster, "--session", session)
    )
    port = free_port()
    served = subprocess.Popen(
        [sys.executable, "-m", "rmworkshop", "serve", str(session), "--port", str(port), "--kiosk"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    tmux_server = f"rmw-test-{os.getpid()}-{port}"
    try:
        code = kiosk_code = None
        assert served.stdout is not None
        for line in served.stdout:
            found = re.search(r"Join code:\s+(\S+)", line)
            if found:
                code = found.group(1)
            found = re.search(r"Kiosk code \(for the facilitator only\):\s+(\S+)", line)
            if found:
                kiosk_code = found.group(1)
                break
        assert code and kiosk_code, "serve --kiosk printed no join code or no kiosk code"
        yield session, f"http://127.0.0.1:{port}", code, kiosk_code, tmux_server
    finally:
        subprocess.run([tool, "-L", tmux_server, "kill-server"], capture_output=True, check=False)
        served.terminate()
        served.wait(timeout=10)


def status(session: Path) -> dict[str, object]:
    data = json.loads(assert_ok(call_cli("status", session, "--json")))
    assert isinstance(data, dict)
    return data


@pytest.mark.slow
@pytest.mark.terminal
def test_join_and_kiosk_by_address_run_a_whole_session_in_terminals(
    room: tuple[Path, str, str, str, str],
) -> None:
    session, address, code, kiosk_code, server = room
    console = [sys.executable, "-m", "rmworkshop"]
    ana = Terminal(tmux(), server, [*console, "join", address, "--code", code, "--as", "Ana"])
    kiosk = Terminal(tmux(), server, [*console, "kiosk", address, "--code", kiosk_code])
    ana.shows("you are Ana")

    def facilitator(*args: str) -> None:
        assert_ok(call_cli(*args[:1], session, *args[1:]))

    facilitator("next")
    facilitator("next")  # the silent brainstorm
    ana.shows("Your idea")
    kiosk.shows("Type one idea")  # its idea box, not only a word of an earlier screen
    ana.keys("alpha", "Enter", "beta", "Enter")  # a burst: two ideas, each once
    kiosk.keys("gamma", "Enter")
    eventually("three ideas stored", lambda: status(session)["ideas"] == 3)

    facilitator("next")  # share round
    facilitator("next")  # vote: the ideas are revealed, shuffled
    ana.shows("Dots left: 1 of 1")
    ana.keys("+", "v", "v")
    ana.shows("Your ballot is cast")
    kiosk.shows("Who is voting?")
    kiosk.keys("Down", "Enter")  # Bo picks his name on the shared terminal
    kiosk.shows("Dots left")
    kiosk.keys("Down", "+", "v", "v")
    eventually("two ballots", lambda: status(session)["ballots"] == 2)
    kiosk.shows("1 still to vote")

    facilitator("close-vote", "--force")
    facilitator("next")  # discussion
    ana.shows("h raises your hand")
    ana.keys("h")
    ana.shows("Your hand is up: place 1 of 1")
    facilitator("turn", "next")
    facilitator("next")  # actions
    ana.shows("o volunteers you")
    ana.keys("o")

    def volunteered() -> bool:
        ideas = json.loads(assert_ok(call_cli("ideas", session, "--json")))
        return [idea["text"] for idea in ideas if "Ana" in idea.get("owners", [])] != []

    eventually("Ana owns the selected idea", volunteered)
    ideas = json.loads(assert_ok(call_cli("ideas", session, "--json")))
    assert sorted(idea["text"] for idea in ideas) == ["alpha", "beta", "gamma"]
    assert sum(idea["votes"] for idea in ideas) == 2, "one dot from each of two ballots"
    assert not (session.parent / "s.workshop").stat().st_mode & 0o077, "still 0600"
