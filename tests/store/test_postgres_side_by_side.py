"""Writes of one PostgreSQL session take the session's lock in the database: submissions of
ideas and ballots take it shared and run side by side, every other write takes it alone. While one
submission is under way another goes through at once, a phase change waits for it (and is
refused as busy past its patience), and a submission waits for any other write. The version
still rises once per write, in the order writes commit, and the summary follows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import NoReturn

import psycopg
import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Busy, Refused, StorageError
from rmworkshop.core.session import phase_label
from rmworkshop.store.contract import token_digest
from rmworkshop.store.database import Database
from rmworkshop.store.postgres import Address, PostgresStore, listing
from rmworkshop.store.postgres.schema import REGISTRY
from tests.helpers import go_to, make_roster
from tests.postgres_server import server_url, two_handles
from tests.store.contract.helpers import eventually

PATIENCE = 0.3


@pytest.fixture
def pair() -> Iterator[tuple[PostgresStore, PostgresStore]]:
    """Two handles on one session at its capture phase; the second waits `PATIENCE` for a
    lock."""
    with two_handles(PATIENCE) as handles:
        yield handles


def test_a_submission_goes_through_beside_another_and_a_phase_change_waits(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    first, second = pair
    with first._write(alongside=True) as db:  # a submission under way, not yet committed
        db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", ("k" * 32, "under way"))
        second.submit("beside it")
        with pytest.raises(Busy):
            second.next_phase()
        assert second.snapshot().idea_count == 1  # its own, committed; not the one under way
    assert second.snapshot().idea_count == 2
    second.next_phase()  # nothing holds the session now
    assert second.snapshot().kind != "capture"


def test_a_submission_waits_for_any_other_write(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    first, second = pair
    with first._write(), pytest.raises(Busy):  # a write that is not a submission, under way
        second.submit("while the session is held")
    second.submit("after it")
    assert second.snapshot().idea_count == 1


def test_the_version_rises_once_per_write_and_the_summary_follows(
    pair: tuple[PostgresStore, PostgresStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = pair
    address = first.address
    before = second.data_version()
    first.submit("one")
    second.submit("two")
    first.submit_many(["three", "four"])
    eventually(lambda: second.data_version() == before + 3, "three writes heard")
    monkeypatch.setattr(listing, "read_whole", _forbidden)  # the summary must be believed
    assert _listed(address).people == len(make_roster().people)
    first.next_phase()
    eventually(lambda: second.data_version() == before + 4, "the fourth heard")
    assert second.data_version() == before + 4  # once each, not more
    session = second.snapshot()
    assert _listed(address).phase == phase_label(True, "running", session.phase.name, session.kind)


def _listed(address: Address) -> listing.Listing:
    (listed,) = [
        entry for entry in listing.sessions(address, FakeClock()) if entry.name == address.session
    ]
    return listed


def _forbidden(*_: object) -> NoReturn:
    raise AssertionError("the summary was behind the session's version")


@pytest.mark.parametrize("second_text", ["Lunch and learn", "Something else"])
def test_a_retry_racing_its_first_send_is_a_repeat_or_refused_never_a_failure(
    pair: tuple[PostgresStore, PostgresStore],
    monkeypatch: pytest.MonkeyPatch,
    second_text: str,
) -> None:
    """A phone sends an idea, loses the answer and sends it again through another host while
    the first is still being stored: the second waits for the first, then is told it is a
    repeat (the same text) or refused (another text under the same id); stored once."""
    first, _ = pair
    second = PostgresStore.open(first.address, FakeClock(), patience=10)  # waits, as a host's
    digest = token_digest(first.join_device(kiosk=False))
    checking, release = threading.Event(), threading.Event()
    checked = first._check_submit

    def held(db: Database) -> None:  # the first send, its digests claimed, not yet committed
        checked(db)
        checking.set()
        assert release.wait(10)

    monkeypatch.setattr(first, "_check_submit", held)
    results: list[tuple[str, bool]] = []
    sending = threading.Thread(
        target=lambda: results.append(first.submit_once(digest, "r-1", "Lunch and learn"))
    )
    sending.start()
    assert checking.wait(10)
    racing: list[object] = []

    def again() -> None:
        try:
            racing.append(second.submit_once(digest, "r-1", second_text))
        except Exception as error:
            racing.append(error)

    retry = threading.Thread(target=again)
    retry.start()
    retry.join(0.3)
    assert retry.is_alive(), "the retry must wait for the first send"
    release.set()
    sending.join(10)
    retry.join(10)
    assert results == [("Lunch and learn", False)]
    if second_text == "Lunch and learn":
        assert racing == [("Lunch and learn", True)]
    else:
        (refusal,) = racing
        assert isinstance(refusal, Refused), refusal
    assert second.unrevealed() == 1
    second.close()


def test_a_submission_leaves_the_registry_row_alone(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """Submissions raise the session's counters, not its registry row: side by side, they
    would all wait for that one row. The version still counts them."""
    first, second = pair
    before, version = _registry_row(first), second.data_version()
    first.submit("one")
    second.submit_many(["two", "three"])
    assert _registry_row(first) == before
    assert first.data_version() == second.data_version() == version + 2


def test_a_ballot_leaves_the_registry_row_and_its_summary_alone(
    pair: tuple[PostgresStore, PostgresStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a submission: the summary it leaves is still of the registry's version, and is
    believed by a list of sessions."""
    first, second = pair
    first.submit_many(["one", "two", "three"])
    go_to(first, "vote")
    before, version = _registry_row(first), second.data_version()
    people = [person.name for person in first.snapshot().people]
    first.cast_ballot(people[0], {1: 1})
    second.cast_ballot(people[1], {2: 1})
    assert _registry_row(first) == before
    assert first.data_version() == second.data_version() == version + 2
    monkeypatch.setattr(listing, "read_whole", _forbidden)
    assert _listed(first.address).people == len(make_roster().people)


def test_ballots_of_one_person_at_once_count_once(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """Ballots run side by side: two for the same person, at the same moment from two hosts,
    store one; the other is refused by the core, as a ballot cast after it is."""
    first, second = pair
    first.submit_many(["one", "two", "three"])
    go_to(first, "vote")
    name = first.snapshot().people[0].name
    start = threading.Barrier(2)
    outcomes: list[BaseException | None] = []

    def cast(store: PostgresStore, number: int) -> None:
        start.wait(5)
        try:
            store.cast_ballot(name, {number: 1})
            outcomes.append(None)
        except BaseException as error:  # collected, for the assertions below
            outcomes.append(error)

    threads = [threading.Thread(target=cast, args=(s, n)) for s, n in ((first, 1), (second, 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count(None) == 1
    (refusal,) = [outcome for outcome in outcomes if outcome is not None]
    assert isinstance(refusal, Refused), refusal
    second.close_voting(force=True)
    session = second.snapshot()
    assert session.voting.ballots == 1
    assert sum(idea.votes or 0 for idea in session.ideas) == 1


def _registry_row(store: PostgresStore) -> tuple[object, ...]:
    """The session's registry row with the transaction that last wrote it."""
    with psycopg.connect(server_url(), autocommit=True) as connection:
        row = connection.execute(
            f"SELECT xmin::text, version, summary FROM {REGISTRY}.sessions WHERE schema = %s",
            (store.schema,),
        ).fetchone()
    assert row is not None
    return tuple(row)


@pytest.mark.parametrize("write", ["submit", "next_phase"])
def test_a_write_to_a_session_gone_from_the_registry_says_so(
    pair: tuple[PostgresStore, PostgresStore], write: str
) -> None:
    """Its registry row deleted by hand while its tables remain: every write, a submission
    as much as any other, says the session has been removed, in one line."""
    first, _ = pair
    with psycopg.connect(server_url(), autocommit=True) as connection:
        connection.execute(f"DELETE FROM {REGISTRY}.sessions WHERE schema = %s", (first.schema,))
        try:
            with pytest.raises(StorageError, match="has been removed from the database") as gone:
                if write == "submit":
                    first.submit("into a session nobody lists")
                else:
                    first.next_phase()
        finally:
            connection.execute(f"DROP SCHEMA {first.schema} CASCADE")  # nothing else would
    assert "\n" not in str(gone.value)
