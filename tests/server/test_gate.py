"""Caps on open connections, per address and in total, with the real server on its own thread:
a connection past a cap gets one short 503 saying why, before any request is read."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.server import Limits, RoomServer
from tests.server.conftest import free_port, new_session
from tests.stores import reopen


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RoomServer]:
    path = tmp_path / "gate.workshop"
    new_session(path, FakeClock()).close()
    limits = Limits(connections_per_address=3, connections_total=5)
    running = RoomServer(reopen(path), "127.0.0.1", free_port(), limits=limits)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def connect(server: RoomServer, source: str) -> socket.socket:
    client = socket.socket()
    client.settimeout(5)
    client.bind((source, 0))
    client.connect(("127.0.0.1", server.address.port))
    return client


def answer(client: socket.socket, port: int) -> bytes:
    client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    return client.recv(4096)


def test_connections_past_the_caps_are_refused_with_a_reason(server: RoomServer) -> None:
    held = [connect(server, "127.0.0.2") for _ in range(3)]
    try:
        extra = connect(server, "127.0.0.2")
        refused = extra.recv(4096)
        assert refused.startswith(b"HTTP/1.1 503")
        assert b"Too many connections from this address" in refused
        extra.close()
        held += [connect(server, "127.0.0.3") for _ in range(2)]
        full = connect(server, "127.0.0.4")
        assert b"The room is full" in full.recv(4096)
        full.close()
    finally:
        for client in held:
            client.close()
    gate = server.gate
    assert gate is not None
    deadline = time.monotonic() + 10
    while gate.open and time.monotonic() < deadline:  # the server notices the closes
        time.sleep(0.01)
    assert not gate.open, "closed connections are counted out"
    again = connect(server, "127.0.0.2")
    assert answer(again, server.address.port).startswith(b"HTTP/1.1 200")
    again.close()
