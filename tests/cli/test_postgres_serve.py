"""`serve` on a PostgreSQL session: two servers (standing in for two hosts) serve one session,
each printing the session's address and its join details."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator

import pytest

from rmworkshop.store.postgres import Address
from tests.cli.test_participant_commands import free_port
from tests.postgres_server import made_session


@pytest.fixture
def address() -> Iterator[Address]:
    with made_session() as made:
        yield made


def test_two_servers_serve_one_database_session(address: Address) -> None:
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "rmworkshop", "serve", str(address), "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for port in ports
    ]
    try:
        for server, port in zip(servers, ports, strict=True):
            assert server.stdout is not None
            first, opened = server.stdout.readline(), server.stdout.readline()
            assert first == f"Serving the participant page for {address}\n"
            assert opened == f"  Open:      http://127.0.0.1:{port}\n"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
                assert page.status == 200
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
