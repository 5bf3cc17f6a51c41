"""`join`, `kiosk`, `serve` and `release` refuse bad input in one line; `serve` binds to
loopback and prints the address, the join code and a QR code of the address."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import token_digest
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import assert_ok, assert_refused, call_cli
from tests.server.qr_reading import decode_half_blocks


def test_the_old_browser_console_option_is_gone(session_file: Path) -> None:
    assert_refused(call_cli("join", session_file, "--browser"), "unrecognized arguments")


def test_devices_counts_and_clears_the_ones_holding_no_name(session_file: Path) -> None:
    with SessionStore.open(session_file, FakeClock()) as store:
        named = store.join_device(kiosk=False)
        store.claim(token_digest(named), "Ana", None)
        store.join_device(kiosk=False)
        store.join_device(kiosk=False)
        store.join_device(kiosk=True)
    shown = assert_ok(call_cli("devices", session_file))
    assert shown == "4 device(s) joined: 1 hold a name, 2 hold none, 1 kiosk(s).\n"
    cleared = assert_ok(call_cli("devices", session_file, "--clear"))
    assert "Cleared 2 device(s) holding no name" in cleared
    assert assert_ok(call_cli("devices", session_file)).startswith("2 device(s) joined: 1 hold")


@pytest.mark.parametrize("command", ["join", "kiosk", "serve", "release", "devices", "let-in"])
def test_a_missing_or_damaged_session_is_refused(command: str, tmp_path: Path) -> None:
    extra = ["Ana"] if command in {"release", "let-in"} else []
    assert_refused(call_cli(command, tmp_path / "none.workshop", *extra), "no such session file")
    junk = tmp_path / "junk.workshop"
    junk.write_bytes(b"not a database at all\n" * 10)
    assert_refused(call_cli(command, junk, *extra), "not an rmworkshop session file")
    assert junk.read_bytes() == b"not a database at all\n" * 10


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_serve_refuses_a_bad_port(session_file: Path, port: str) -> None:
    assert_refused(call_cli("serve", session_file, "--port", port), "not a port number")


def test_serve_refuses_a_port_in_use(session_file: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_refused(call_cli("serve", session_file, "--port", str(port)), "cannot listen on")


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
    lines = [process.stdout.readline() for _ in range(5)]
    banner = "".join(lines)
    assert lines[1] == f"  Open:      http://127.0.0.1:{port}\n"
    code = banner.split("Join code:")[1].split()[0]
    assert len(code) == 9 and code[4] == "-"
    assert "phones cannot reach it" in lines[3] and "--host 0.0.0.0" in lines[4]
    assert listening(port) == {"127.0.0.1"}, "the banner is printed once the server listens"
    qr = []
    while (line := process.stdout.readline()) != "Press Ctrl+C to stop.\n":
        qr.append(line.rstrip("\n"))
    # The code rides in the fragment, which browsers never send: one tap joins.
    assert decode_half_blocks([row for row in qr if row]) == f"http://127.0.0.1:{port}#code={code}"


@pytest.mark.parametrize("url", ["ftp://rm.example.org", "https://rm.example.org/workshop/"])
def test_serve_refuses_a_public_url_it_cannot_serve(session_file: Path, url: str) -> None:
    assert_refused(call_cli("serve", session_file, "--public-url", url), url)


def test_the_kiosk_code_is_printed_only_with_serve_kiosk() -> None:
    from rmworkshop.cli.serve import banner
    from rmworkshop.server import RoomServer

    server = RoomServer(lambda clock: None, "127.0.0.1", free_port())  # type: ignore[arg-type,return-value]
    plain = "\n".join(banner(server, "s.workshop"))
    assert server.code in plain and server.kiosk_code not in plain
    shown = "\n".join(banner(server, "s.workshop", kiosk=True))
    assert f"Kiosk code (for the facilitator only): {server.kiosk_code}" in shown


def test_serve_closed_roster_keeps_the_roster_closed(session_file: Path) -> None:
    from rmworkshop.core.clock import FakeClock
    from rmworkshop.store.sqlite import SessionStore

    port = free_port()
    command = ["serve", str(session_file), "--port", str(port), "--closed-roster"]
    process = subprocess.Popen(
        [sys.executable, "-m", "rmworkshop", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Serving")
    finally:
        process.terminate()
        process.wait(10)
    with SessionStore.open(session_file, FakeClock()) as store:
        assert store.snapshot().roster_closed


def test_let_in_lets_a_waiting_device_act_as_someone_away(session_file: Path) -> None:
    from rmworkshop.core.clock import FakeClock
    from rmworkshop.core.errors import Refused
    from rmworkshop.store import token_digest
    from rmworkshop.store.sqlite import SessionStore
    from tests.helpers import go_to

    with SessionStore.open(session_file, FakeClock()) as store:
        store.set_present("Ana", False)
        go_to(store, "vote")
        phone = token_digest(store.join_device(kiosk=False))
        with pytest.raises(Refused):
            store.claim(phone, "Ana", None)
    assert_refused(call_cli("let-in", session_file, "Bo"), "No device is waiting")
    result = call_cli("let-in", session_file, "Ana")
    assert result.returncode == 0 and "Ana is let in" in result.stdout
    with SessionStore.open(session_file, FakeClock()) as store:
        ana = store.snapshot().person("Ana")
        assert ana is not None and ana.present
        assert store.claimed() == {ana.id: phone}
