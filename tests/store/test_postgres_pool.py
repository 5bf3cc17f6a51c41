"""The handles of one process on one database address share one small pool of connections:
however many handles are open, and however many threads write and read through them, the
process holds at most `MAX_CONNECTIONS` connections to the database (its listeners aside),
and none once the last handle is closed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.postgres import PostgresStore
from rmworkshop.store.postgres.connection import APPLICATION
from rmworkshop.store.postgres.pool import MAX_CONNECTIONS
from tests.helpers import go_to, make_agenda, make_roster
from tests.postgres_server import new_address, own_database, server_url

HANDLES = 10
THREADS = 8


@pytest.fixture
def url() -> Iterator[str]:
    """A database of this test's own, so that the server's count of connections to it is this
    process's alone while other tests run."""
    with own_database("rmw_pool") as url:
        yield url


def connections(url: str) -> int:
    """The store's connections to the test's database, as the server counts them."""
    database = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url(), autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            (database, APPLICATION),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_handles_of_one_address_share_one_bounded_pool(url: str) -> None:
    clock = FakeClock()
    first, second = new_address(url), new_address(url)
    handles = [PostgresStore.create(first, make_agenda(), "test-agenda", clock, make_roster())]
    try:
        handles.append(
            PostgresStore.create(second, make_agenda(), "test-agenda", clock, make_roster())
        )
        go_to(handles[0], "capture")
        go_to(handles[1], "capture")
        for n in range(HANDLES - 2):
            handles.append(PostgresStore.open(first if n % 2 else second, clock))
        # One pool for every handle, of both sessions.
        assert len({id(handle._lease.pool) for handle in handles}) == 1
        assert handles[0].server_pids() == handles[-1].server_pids()
        assert 1 <= connections(url) <= MAX_CONNECTIONS < HANDLES

        counted: list[int] = []
        failures: list[BaseException] = []

        def work(worker: int) -> None:
            try:
                for turn in range(6):
                    handle = handles[(worker + turn) % HANDLES]
                    handle.submit(f"idea {worker}-{turn}")
                    handle.snapshot()
            except BaseException as error:  # reported below, in the test's thread
                failures.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            counted.append(connections(url))
        for thread in threads:
            thread.join()
        assert not failures, failures
        assert max(counted) <= MAX_CONNECTIONS
        assert handles[0].unrevealed() + handles[1].unrevealed() == THREADS * 6
        assert len(handles[0].server_pids()) <= MAX_CONNECTIONS
    finally:
        for handle in handles:
            handle.close()
    # The last handle closed the pool, and with it every connection.
    deadline = time.monotonic() + 10
    while connections(url) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert connections(url) == 0


def test_a_handle_that_writes_alone_keeps_one_connection(url: str) -> None:
    """The pool's first connection is made before the first transaction asks for one, so the
    pool is not grown for it: one writer, one connection, however many writes."""
    clock = FakeClock()
    address = new_address(url)
    with PostgresStore.create(address, make_agenda(), "test-agenda", clock, make_roster()) as made:
        go_to(made, "capture")
    assert connections(url) == 0
    with PostgresStore.open(address, clock) as store:
        for n in range(5):
            store.submit(f"idea {n}")
        store.snapshot()
        assert connections(url) == 1
        assert len(store._lease.pids()) == 1
