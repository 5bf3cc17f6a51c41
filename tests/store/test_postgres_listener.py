"""A PostgreSQL session hears other hosts' commits through LISTEN/NOTIFY: `data_version`,
polled many times a second, is answered from what the listener heard; while the listener is
down the store reads the database, and the listener comes back by itself."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import NoReturn

import psycopg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.postgres import PostgresStore
from rmworkshop.store.postgres.listener import Heard, Version
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


def test_submissions_side_by_side_are_each_heard_once(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """Writers on several handles at once raise the counters they chose, often the same one;
    the listener's sum of the newest values heard is the database's version, exactly."""
    listening, writing = pair
    before = listening.data_version()
    eventually(lambda: listening.listening, "the listener listens")
    others = [PostgresStore.open(writing.address, FakeClock()) for _ in range(3)]
    handles = [writing, listening, *others]

    def submit(store: PostgresStore, index: int) -> None:
        for n in range(10):
            store.submit(f"idea {index}-{n}")

    threads = [
        threading.Thread(target=submit, args=(handle, index))
        for index, handle in enumerate(handles * 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for other in others:
        other.close()
    total = before + 10 * len(threads)
    eventually(lambda: listening.data_version() == total, "every submission heard")
    assert writing.data_version() == total
    assert listening.snapshot().idea_count == 10 * len(threads)


@given(st.data())
def test_the_newest_of_each_part_adds_up_in_any_order_of_arrival(data: st.DataObject) -> None:
    """Whatever order notices arrive in, the version heard is never ahead of the commits
    heard, never behind any one of them, and, once all are heard, exact."""
    parts = data.draw(st.lists(st.sampled_from([None, 0, 1, 2]), max_size=30))
    values: dict[int | None, int] = {}
    notices = []
    for part in parts:  # each commit raises one part: the registry's (None) or a counter
        values[part] = values.get(part, 0) + 1
        notices.append(str(values[part]) if part is None else f"{part}:{values[part]}")
    heard = Heard()
    heard.read(Version(0, {}))
    arrived = data.draw(st.permutations(notices))
    for count, notice in enumerate(arrived, start=1):
        assert heard.news(notice)
        assert heard.total <= len(notices)
        for earlier in arrived[:count]:
            slot, _, value = earlier.rpartition(":")
            now = heard.counts[int(slot)] if slot else heard.base
            assert now >= int(value), "behind a commit already heard"
    assert heard.total == len(notices)


@pytest.mark.parametrize("said", ["", "x", "1:", ":1", "a:1", "1:a", "-1", "1.5", "2:3:4"])
def test_a_notice_of_nothing_known_is_not_heard(said: str) -> None:
    heard = Heard()
    heard.read(Version(5, {1: 2}))
    assert not heard.news(said)
    assert heard.total == 7


def test_a_watcher_is_told_of_another_hosts_commit(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """`watch`: told from the listener's thread as it hears each commit, so a server reads the
    session at once instead of at its next look. A watcher that fails stops nobody."""
    listening, writing = pair
    told = threading.Event()

    def failing() -> None:
        raise RuntimeError("a watcher's own trouble")

    listening.data_version()
    eventually(lambda: listening.listening, "the listener listens")
    listening.watch(failing)
    listening.watch(told.set)
    writing.submit("heard of at once")
    assert told.wait(10), "the watcher was not told"
    told.clear()
    writing.next_phase()
    assert told.wait(10), "the listener stopped after a watcher failed"
    eventually(lambda: listening.data_version() == writing.data_version(), "both versions")


def test_a_watcher_is_not_told_of_other_sessions_or_of_malformed_notices(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    listening, _ = pair
    told: list[int] = []
    heard = threading.Event()

    def tell() -> None:
        told.append(1)
        heard.set()

    listening.data_version()
    eventually(lambda: listening.listening, "the listener listens")
    listening.watch(tell)  # after the listener's first read, which tells of what it finds
    with psycopg.connect(server_url(), autocommit=True) as connection:
        for payload in ("s_other 12", f"{listening.schema} twelve", f"{listening.schema} 1:x"):
            connection.execute("SELECT pg_notify('rmworkshop', %s)", (payload,))
        connection.execute("SELECT pg_notify('rmworkshop', %s)", (f"{listening.schema} 999999",))
    assert heard.wait(10), "a well-formed notice after them was not heard"
    # Notices arrive in the order they were sent: the well-formed one, last, told it once.
    assert told == [1]
    assert listening.data_version() >= 999999
