"""A submission in one round trip (`writes.WriteStatements.quick`): the server prepares its
statement once per connection, and it stores exactly what the longer write would, once, or
nothing when it fails."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from rmworkshop.core.errors import Busy, Refused
from rmworkshop.core.text import clean_idea
from rmworkshop.store.postgres import PostgresStore, writes
from tests.helpers import corpus
from tests.postgres_server import two_handles


@pytest.fixture
def pair() -> Iterator[tuple[PostgresStore, PostgresStore]]:
    with two_handles(patience=0.2) as handles:
        yield handles


def _accepted(text: str) -> bool:
    try:
        clean_idea(text)
    except Refused:
        return False
    return True


def stored(store: PostgresStore) -> list[str]:
    with store._read() as db:
        return sorted(text for (text,) in db.execute("SELECT text FROM ideas").fetchall())


def test_hostile_ideas_are_stored_as_cleaned_one_by_one_and_together(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    first, _ = pair
    texts = [text for text in corpus() if _accepted(text)]
    assert len(texts) > 10
    first.submit("the stage is seen")
    for text in texts:
        first.submit(text)
    first.submit_many(texts)
    expected = sorted(["the stage is seen", *([clean_idea(text) for text in texts] * 2)])
    assert stored(first) == expected


def test_a_statement_the_server_no_longer_has_is_sent_whole_from_then_on(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """As behind a pooler that lends another server connection to each transaction."""
    first, _ = pair
    first.submit("one")
    first.submit("two")  # prepared on the connection by now
    name = first._statements._prepared_as[0]
    holders = [each for each, names in writes._prepared.items() if name in names]
    assert holders
    for connection in holders:
        connection.execute(f"DEALLOCATE {name}")
    first.submit("three")
    first.submit("four")
    assert not first._statements.preparing
    texts = [text for text in corpus() if _accepted(text)]
    first.submit_many(texts)  # sent whole: the texts in the statement itself
    expected = ["four", "one", "three", "two", *(clean_idea(text) for text in texts)]
    assert stored(first) == sorted(expected)


def test_a_quick_submission_that_waits_too_long_is_busy_and_stores_nothing(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    first, second = pair
    second.submit("seen")
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with first._write():  # the session's lock, alone
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(Busy):
            second.submit("waits too long")
    finally:
        release.set()
        holder.join(10)
    second.submit("after")
    assert stored(second) == ["after", "seen"]


def test_a_statement_prepared_by_a_round_trip_that_failed_is_used_after_it(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """The server keeps what a failed transaction prepared; the next round trip that would
    prepare it again is refused, stores nothing, and the write that follows stores it."""
    first, _ = pair
    first.submit("one")
    name = first._statements._prepared_as[0]
    for names in writes._prepared.values():
        names.discard(name)  # as if the round trip that prepared it had failed
    first.submit("two")
    first.submit("three")
    assert first._statements.preparing
    assert any(name in names for names in writes._prepared.values())
    assert stored(first) == ["one", "three", "two"]
