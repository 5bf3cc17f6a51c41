"""A PostgreSQL session whose connection is lost (the server restarted, the network dropped)
says so in one line once, then connects again by itself: nothing is lost or doubled."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import StorageError
from rmworkshop.store.postgres import PostgresStore
from tests.helpers import go_to, make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, server_url


@pytest.fixture
def store() -> Iterator[PostgresStore]:
    url, clock = server_url(), FakeClock()
    address = new_address(url)
    assert address.session is not None
    with PostgresStore.create(
        address, make_agenda(), "test-agenda", clock=clock, roster=make_roster()
    ) as made:
        go_to(made, "capture")
        yield made
    drop_sessions(url, [address.session])


def terminate(store: PostgresStore) -> None:
    pid = store._connection.info.backend_pid
    with psycopg.connect(server_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_write_on_a_lost_connection_fails_in_one_line_and_the_next_reconnects(
    store: PostgresStore,
) -> None:
    store.submit("before")
    terminate(store)
    with pytest.raises(StorageError) as failed:
        store.submit("lost with the connection")
    line = str(failed.value)
    assert "cannot be reached" in line and "\n" not in line
    assert "lost with the connection" not in line
    store.submit("after")
    assert store.unrevealed() == 2  # the failed write left nothing; nothing doubled


def test_a_read_on_a_lost_connection_reconnects_on_the_next_try(store: PostgresStore) -> None:
    terminate(store)
    with pytest.raises(StorageError):
        store.snapshot()
    assert store.snapshot().kind == "capture"
