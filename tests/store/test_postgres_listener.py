"""A PostgreSQL session hears other hosts' commits through LISTEN/NOTIFY: `data_version`,
polled many times a second, is answered from what the listener heard; while the listener is
down the store reads the database, and the listener comes back by itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NoReturn

import psycopg
import pytest

from rmworkshop.store.postgres import PostgresStore
from tests.postgres_server import server_url, two_handles
from tests.store.contract.helpers import eventually

pytestmark = pytest.mark.xdist_group("postgres-listener")


@pytest.fixture
def pair() -> Iterator[tuple[PostgresStore, PostgresStore]]:
    """Two processes' handles on one session at the capture phase: one listening, one writing."""
    with two_handles() as handles:
        yield handles


def test_a_listening_store_hears_another_hosts_commit_without_asking_the_database(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    listening, writing = pair
    assert not listening.listening
    before = listening.data_version()
    eventually(lambda: listening.listening, "the listener listens")
    # From now on, data_version must not touch the database through the store at all.
    listening._transaction = _forbidden  # type: ignore[method-assign]
    writing.submit("an idea")
    eventually(lambda: listening.data_version() > before, "the commit is heard")
    assert listening.data_version() == writing.data_version()


def _forbidden(*_: object, **__: object) -> NoReturn:
    raise AssertionError("data_version asked the database while the listener listens")


def test_while_the_listener_is_down_the_database_is_read_and_it_comes_back(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    listening, writing = pair
    listening.data_version()
    eventually(lambda: listening.listening, "the listener listens")
    listener = listening._listener
    assert listener is not None and listener.pid is not None
    with psycopg.connect(server_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (listener.pid,))
    eventually(lambda: not listening.listening, "the listener sees its connection go")
    writing.submit("an idea while nobody listens")
    assert listening.data_version() == writing.data_version()  # read from the database
    eventually(lambda: listening.listening, "the listener connects again")
    writing.submit("an idea heard again")
    eventually(
        lambda: listening.data_version() == writing.data_version(), "the commit is heard again"
    )


def test_a_store_counts_its_own_writes_at_once(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    listening, _ = pair
    listening.data_version()
    eventually(lambda: listening.listening, "the listener listens")
    before = listening.data_version()
    listening.submit("my own idea")
    assert listening.data_version() > before
