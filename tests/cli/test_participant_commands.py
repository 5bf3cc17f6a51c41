"""`join`, `kiosk` and `serve` refuse bad input in one line, and `serve` binds to loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import assert_refused, run_cli


def test_browser_console_cannot_be_started_by_hand(session_file: Path) -> None:
    assert_refused(run_cli("join", session_file, "--browser"), "rmworkshop serve")


@pytest.mark.parametrize("command", ["join", "kiosk", "serve"])
def test_a_missing_or_damaged_session_is_refused(command: str, tmp_path: Path) -> None:
    assert_refused(run_cli(command, tmp_path / "none.workshop"), "no such session file")
    junk = tmp_path / "junk.workshop"
    junk.write_bytes(b"not a database at all\n" * 10)
    assert_refused(run_cli(command, junk), "not an rmworkshop session file")
    assert junk.read_bytes() == b"not a database at all\n" * 10


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_serve_refuses_a_bad_port(session_file: Path, port: str) -> None:
    assert_refused(run_cli("serve", session_file, "--port", port), "not a port number")


def test_serve_refuses_a_port_in_use(session_file: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_refused(run_cli("serve", session_file, "--port", str(port)), "cannot listen on")


def listening(port: int) -> set[str]:
    """Addresses listening on `port`, from the kernel's table (IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def serving(session_file: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rmworkshop", "serve", str(session_file), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process, port
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_serve_listens_on_loopback_only_by_default(
    serving: tuple[subprocess.Popen[str], int],
) -> None:
    process, port = serving
    assert process.stdout is not None
    banner = "".join(process.stdout.readline() for _ in range(3))
    assert f"Open:      http://127.0.0.1:{port}" in banner
    code = banner.split("Join code:")[1].split()[0]
    assert len(code) == 7 and code[3] == "-"
    deadline = time.monotonic() + 20  # the banner comes just before the socket opens
    while not listening(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listening(port) == {"127.0.0.1"}
