"""A write of a PostgreSQL session costs few round trips: what it reads first is answered in
the round trip that takes the session's lock, and what it writes last (an idea) goes with the
commit. A submission is one round trip once its handle knows the stage the core decides on,
and it is stored only while the session's stage is still that one. The server's answers come
ahead only for what the write asks before anything else, and what waits for the commit is sent
before any statement that follows it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from rmworkshop.core.errors import Refused
from rmworkshop.store.postgres import PostgresStore
from rmworkshop.store.postgres.connection import Adapter
from tests.helpers import go_to
from tests.postgres_server import two_handles

COUNT = "SELECT count(*) FROM ideas"


@pytest.fixture
def store() -> Iterator[PostgresStore]:
    with two_handles() as (first, _):
        yield first


@pytest.fixture
def pair() -> Iterator[tuple[PostgresStore, PostgresStore]]:
    with two_handles() as handles:
        yield handles


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the store sends, one entry per round trip, from the moment the test asks."""
    queries: list[object] = []
    execute = psycopg.Connection.execute

    def recorded(self: psycopg.Connection[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        queries.append(query)
        return execute(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "execute", recorded)
    return queries


def test_a_submission_is_one_round_trip_once_the_handle_has_seen_the_stage(
    store: PostgresStore, sent: list[object]
) -> None:
    store.submit("first")  # reads the stage first, and once the agenda
    assert len(sent) == 3
    sent.clear()
    store.submit("second")
    store.submit_many(["third", "fourth"])
    assert len(sent) == 2
    assert stored(store) == ["first", "fourth", "second", "third"]


def test_a_submission_after_another_host_opened_voting_is_refused_and_stores_nothing(
    pair: tuple[PostgresStore, PostgresStore], sent: list[object]
) -> None:
    """The stage the handle saw allowed it; the session's own stage, read again, does not."""
    first, second = pair
    first.submit_many(["one", "two", "three"])
    go_to(second, "vote")
    sent.clear()
    with pytest.raises(Refused, match="Voting has started"):
        first.submit("too late")
    assert len(sent) == 3  # tried at the stage seen, then read again
    assert second.snapshot().idea_count == 3


def test_a_submission_after_another_host_moved_on_is_stored_once(
    pair: tuple[PostgresStore, PostgresStore], sent: list[object]
) -> None:
    first, second = pair
    first.submit("before")
    second.next_phase()  # sharing: ideas are still taken
    sent.clear()
    first.submit("after")
    assert len(sent) == 3
    sent.clear()
    first.submit("and again")  # the new stage is known now
    assert len(sent) == 1
    assert stored(second) == ["after", "and again", "before"]


def test_a_submission_refused_at_the_stage_seen_is_asked_again(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """A refusal is never decided on what a handle saw before: the stage is read again."""
    first, second = pair
    first.submit("one")
    go_to(second, "vote")
    with pytest.raises(Refused):
        first.submit("refused")
    assert first.snapshot().idea_count == 1


def test_a_ballot_is_four_round_trips(store: PostgresStore, sent: list[object]) -> None:
    store.submit_many(["first", "second", "third"])
    go_to(store, "vote")
    name = store.snapshot().people[0].name
    sent.clear()
    store.cast_ballot(name, {1: 1})  # its lock and reads, two updates, the commit
    assert len(sent) == 4
    assert store.snapshot().voting.ballots == 1


def test_an_answer_ahead_is_given_once_and_before_anything_else(store: PostgresStore) -> None:
    with store._write(reads=(COUNT,)) as db:
        assert db.execute(COUNT).fetchone() == (0,)
        db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", ("k" * 32, "an idea"))
        assert db.execute(COUNT).fetchone() == (1,)  # asked again: read again
    with store._write(reads=(COUNT,)) as db:
        db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", ("j" * 32, "another"))
        assert db.execute(COUNT).fetchone() == (2,)  # not the answer from before the insert


def test_what_waits_for_the_commit_is_sent_before_what_follows(store: PostgresStore) -> None:
    with store._write() as db:
        adapter = db
        assert isinstance(adapter, Adapter)
        adapter.later(b"INSERT INTO ideas (key, text) VALUES ('" + b"k" * 32 + b"', 'waits')")
        assert db.execute(COUNT).fetchone() == (1,)
    assert store.snapshot().idea_count == 1


def stored(store: PostgresStore) -> list[str]:
    """Every idea's text, revealed or not."""
    with store._read() as db:
        return sorted(text for (text,) in db.execute("SELECT text FROM ideas").fetchall())
