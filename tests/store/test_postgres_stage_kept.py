"""Each counter of a PostgreSQL session keeps the session's stage, written by the database in
every transaction that changes it, and a submission that knows the stage relies on it instead
of the session's advisory lock: its counter's row lock orders it against every other write,
which locks all counters first."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest

from rmworkshop.core.errors import Refused
from rmworkshop.store.postgres import PostgresStore
from rmworkshop.store.postgres.schema import session_lock
from rmworkshop.store.sqlite.operations.base import STAGE
from tests.postgres_server import server_url, two_handles

WAIT_SECONDS = 10.0


@pytest.fixture
def pair() -> Iterator[tuple[PostgresStore, PostgresStore]]:
    with two_handles() as handles:
        yield handles


def kept(store: PostgresStore) -> tuple[list[tuple[object, ...]], tuple[object, ...] | None]:
    """What the counters hold (each distinct stage once), and the session's stage."""
    with store._read() as db:
        counters = db.execute("SELECT DISTINCT phase, state, voting, started FROM counters")
        return [tuple(row) for row in counters.fetchall()], db.execute(STAGE).fetchone()


def test_every_counter_holds_the_stage_through_a_whole_session(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    first, second = pair
    steps: list[Callable[[], object]] = [
        first.pause,
        first.resume,
        lambda: first.submit_many(["one", "two", "three"]),
        lambda: first.extend(2),
        second.back_phase,
        second.next_phase,
    ]
    seen = set()
    for step in steps:
        step()
        counters, stage = kept(first)
        assert counters == [stage]
        seen.add(stage)
    while not first.snapshot().is_finished:
        if first.snapshot().kind == "vote":
            first.cast_ballot(first.snapshot().people[0].name, {1: 1})
            first.close_voting(force=True)
        first.next_phase()
        counters, stage = kept(first)
        assert counters == [stage]
        seen.add(stage)
    assert len(seen) > 4, "the stage changed along the way"


def test_a_submission_waits_for_a_write_under_way_and_is_decided_on_what_it_left(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """Another host holds the session and opens voting meanwhile: the submission, decided on
    the stage it saw, waits, then finds the stage moved on and is refused."""
    first, second = pair
    first.submit("seen")  # this handle now knows the stage
    vote = next(
        i for i, phase in enumerate(second.snapshot().agenda.phases) if phase.kind == "vote"
    )
    outcome: list[BaseException | None] = []
    with psycopg.connect(server_url(), autocommit=True) as admin, admin.transaction():
        admin.execute(session_lock(first.schema))
        waiting = submitting(first, outcome)
        assert blocked_by(admin), "the submission did not wait for the write under way"
        admin.execute(f"UPDATE {first.schema}.clock SET phase = %s", (vote,))
        admin.execute(f"INSERT INTO {first.schema}.meta VALUES ('voting_opened', '1')")
    waiting.join(WAIT_SECONDS)
    assert len(outcome) == 1 and isinstance(outcome[0], Refused)
    assert second.snapshot().idea_count == 1


def test_a_submission_that_waited_for_a_write_leaving_the_stage_is_stored_once(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    first, second = pair
    first.submit("seen")
    outcome: list[BaseException | None] = []
    with psycopg.connect(server_url(), autocommit=True) as admin, admin.transaction():
        admin.execute(session_lock(first.schema))
        waiting = submitting(first, outcome)
        assert blocked_by(admin), "the submission did not wait for the write under way"
    waiting.join(WAIT_SECONDS)
    assert outcome == [None]
    assert second.snapshot().idea_count == 2


def test_every_other_write_waits_for_a_submission_under_way(
    pair: tuple[PostgresStore, PostgresStore],
) -> None:
    """An idea inserted and a counter's row held, as a submission holds it until its commit:
    a reveal waits for it before it reads the ideas, and numbers that one too."""
    first, second = pair
    first.submit_many(["one", "two", "three"])
    outcome: list[BaseException | None] = []
    with psycopg.connect(server_url(), autocommit=True) as admin, admin.transaction():
        admin.execute(
            f"INSERT INTO {first.schema}.ideas (key, text) VALUES (%s, 'under way')", ("k" * 32,)
        )
        admin.execute(f"UPDATE {first.schema}.counters SET n = n + 1 WHERE slot = 7")
        waiting = run(second.reveal, outcome)
        assert blocked_by(admin), "the reveal did not wait for the submission under way"
        assert not outcome
    waiting.join(WAIT_SECONDS)
    assert outcome == [None]
    assert len(first.snapshot().votable) == 4


def run(action: Callable[[], object], outcome: list[BaseException | None]) -> threading.Thread:
    def attempt() -> None:
        try:
            action()
        except BaseException as error:  # reported to the test
            outcome.append(error)
        else:
            outcome.append(None)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    return thread


def submitting(store: PostgresStore, outcome: list[BaseException | None]) -> threading.Thread:
    return run(lambda: store.submit("decided on the stage seen"), outcome)


def blocked_by(admin: psycopg.Connection[tuple[object, ...]]) -> bool:
    """Another connection waits for one of ``admin``'s locks (looked at for a while)."""
    deadline = time.monotonic() + WAIT_SECONDS
    with psycopg.connect(server_url(), autocommit=True) as watching:
        while time.monotonic() < deadline:
            row = watching.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                (admin.info.backend_pid,),
            ).fetchone()
            if row is not None and row[0]:
                return True
            time.sleep(0.01)
    return False
