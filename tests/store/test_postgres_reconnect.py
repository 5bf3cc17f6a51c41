"""A PostgreSQL session whose connections are lost (the server restarted, an administrator ended
them) carries on by itself: a connection the server ended is replaced before a transaction
meets it, so the next write or read goes through at once. While the server is really down, a
write says so in one line, without waiting out a timeout, and the first write once it is back
goes through: nothing is lost or doubled."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import StorageError
from rmworkshop.store.postgres import PostgresStore, parse
from rmworkshop.store.postgres.pool import WAIT_SECONDS
from tests.helpers import go_to, make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, private_cluster, server_url


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


def terminate(store: PostgresStore) -> list[int]:
    """The server ends every connection of the store's pool, and they are gone on return."""
    pids = store.server_pids()
    assert pids
    with psycopg.connect(server_url(), autocommit=True) as admin:
        ended = admin.execute(
            "SELECT bool_and(pg_terminate_backend(pid, 5000)) FROM unnest(%s::int[]) AS pid",
            (pids,),
        ).fetchone()
    assert ended == (True,)
    return pids


def test_a_write_after_the_connections_were_lost_goes_through_at_once(
    store: PostgresStore,
) -> None:
    store.submit("before")
    lost = terminate(store)
    store.submit("after")  # on a new connection, not the one the server ended
    assert not set(store.server_pids()) & set(lost)
    assert store.unrevealed() == 2  # nothing lost, nothing doubled


def test_a_read_after_the_connections_were_lost_goes_through_at_once(
    store: PostgresStore,
) -> None:
    terminate(store)
    assert store.snapshot().kind == "capture"


@pytest.mark.slow
def test_a_server_that_is_down_is_said_in_one_line_and_the_next_write_goes_through() -> None:
    with private_cluster() as server:
        address = parse(server.url, need_session=False).with_session("restarted")
        with PostgresStore.create(
            address, make_agenda(), "test-agenda", clock=FakeClock(), roster=make_roster()
        ) as store:
            go_to(store, "capture")
            store.submit("before")
            server.stop()
            began = time.monotonic()
            with pytest.raises(StorageError) as failed:
                store.submit("lost while the server is down")
            waited = time.monotonic() - began
            line = str(failed.value)
            assert "cannot be reached" in line and "\n" not in line
            assert "lost while the server is down" not in line
            assert waited < WAIT_SECONDS / 2  # said as soon as connecting failed
            server.start()
            store.submit("after")  # the first write once it is back
            assert store.unrevealed() == 2
