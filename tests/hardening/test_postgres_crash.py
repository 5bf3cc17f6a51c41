"""Crash consistency on a PostgreSQL session: SIGKILL a console or a command worker at a random
moment, often in the middle of a write, then check what the database holds.

The trials are those of the session file (`tests.hardening.test_crash_consistency`): the same
three real processes, the same scripted writes and the same checks (nothing acknowledged is
lost, nothing is stored that nobody wrote, no ballot is half cast, the facilitator's clock
reopens as it was shown). Here the session lives in the PostgreSQL server of the tests, and
the server, not the killed process, decides what happens to a transaction cut off midway: it
must roll it back and let go of the session's lock, which the read-back proves by taking that
lock itself within a few seconds.

The randomness is seeded as there (``RMW_CRASH_SEED`` repeats a run); ``RMW_PG_CRASH_TRIALS``
sets how many trials run.
"""

from __future__ import annotations

import os
import random
import time

import psycopg
import pytest

from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.store.postgres import PostgresStore, parse
from rmworkshop.store.postgres.schema import REGISTRY, session_lock
from rmworkshop.system import SystemClock
from tests.hardening.crash_trials import (
    ROLES,
    SEED,
    Backend,
    Pool,
    Stored,
    Totals,
    run_trial,
)
from tests.postgres_server import drop_sessions, new_address, server_url

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

TRIALS = int(os.environ.get("RMW_PG_CRASH_TRIALS", "6"))
LOCK_SECONDS = 5
"""How long the read-back waits for the session's lock: a killed writer's transaction must
have been rolled back by then (the server notices the closed socket at once)."""


def read_back(url: str, where: str, label: str) -> Stored:
    """What the session's tables hold, read once its lock could be taken."""
    name = parse(where).session
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"SET lock_timeout = '{LOCK_SECONDS}s'")
        with db.transaction():
            try:
                row = db.execute(
                    f"SELECT schema FROM {REGISTRY}.sessions WHERE name = %s", (name,)
                ).fetchone()
                assert row is not None, f"{label}: the session is gone"
                db.execute(session_lock(row[0]))
            except psycopg.errors.LockNotAvailable:
                raise AssertionError(f"{label}: the session is still locked") from None
            db.execute("SELECT set_config('search_path', %s, true)", (row[0],))
            ideas = db.execute("SELECT text, number, votes FROM ideas").fetchall()
            voted = db.execute("SELECT name FROM people WHERE voted = 1").fetchall()
            closed = db.execute("SELECT 1 FROM meta WHERE key = 'voting_closed'").fetchone()
    return Stored(
        texts={text for text, _, _ in ideas},
        tallies={number: votes for _, number, votes in ideas if number is not None},
        voted={person for (person,) in voted},
        closed=closed is not None,
    )


def database_backend(url: str, names: list[str]) -> Backend:
    def place(number: int) -> str:
        address = new_address(url)
        names.append(str(address.session))
        return str(address)

    def create(where: str, agenda: Plan, roster: Roster) -> PostgresStore:
        return PostgresStore.create(parse(where), agenda, "crash", SystemClock(), roster)

    return Backend(place, create, lambda where, label: read_back(url, where, label))


def test_sigkill_at_random_moments_loses_nothing_acknowledged_in_a_database(
    pool: Pool, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server_url()
    names: list[str] = []
    backend = database_backend(url, names)
    rng = random.Random(SEED)
    totals = Totals()
    started = time.monotonic()
    victims = [ROLES[number % len(ROLES)] for number in range(TRIALS)]
    rng.shuffle(victims)
    try:
        for number, victim in enumerate(victims):
            try:
                run_trial(pool, number, victim, rng, backend, totals)
            except AssertionError as error:
                if f"seed {SEED}" in str(error):
                    raise
                raise AssertionError(f"seed {SEED} trial {number} ({victim}): {error}") from None
    finally:
        drop_sessions(url, names)
    assert totals.trials == TRIALS
    assert set(totals.kills) == set(ROLES) or len(ROLES) > TRIALS, totals.kills
    with capsys.disabled():
        print(
            f"\ncrash consistency in a database: seed {SEED}, {totals.trials} trials in"
            f" {time.monotonic() - started:.1f}s; kills {dict(totals.kills)};"
            f" killed mid-action {dict(totals.mid_action)};"
            f" acknowledged writes checked {dict(totals.acknowledged)}; nothing lost"
        )
