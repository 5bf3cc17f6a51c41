"""Crash consistency: SIGKILL a random process at a random moment, then check the session file.

Each trial runs a scripted piece of a workshop against a fresh session file with three real
processes (see `tests.hardening.crash_driver`): the facilitator console, one participant's
console and a worker running ``submit``/``ballot`` commands. At a random moment one of them,
chosen at random, is killed with SIGKILL; the others are stopped cleanly. Then, every time:

- ``PRAGMA integrity_check`` is ok and no foreign key dangles;
- every write a process acknowledged (an ``OK`` line it printed) is in the file, and nothing is
  in the file that nobody tried to write;
- no ballot is half cast: each voter has two ideas of their own and always puts 1 dot on the
  first and 2 on the second, so the tallies decompose voter by voter; a voter's flag is set
  exactly when their (1, 2) is counted, and every acknowledged ballot is among them;
- reopening the session (as a restarted facilitator console would) gives the phase and state
  the facilitator console last showed, with the remaining time within one second; if the
  console was killed mid-action, the state just after that action is accepted instead.

The randomness is seeded (``RMW_CRASH_SEED`` repeats a run) and every failure names the seed
and the trial.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

import pytest

from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock
from tests.hardening.crash_trials import (
    ROLES,
    SEED,
    TRIALS,
    Backend,
    Pool,
    Stored,
    Totals,
    run_trial,
)


def file_backend(folder: Path) -> Backend:
    return Backend(
        place=lambda number: str(folder / f"trial-{number}.workshop"),
        create=lambda where, agenda, roster: SessionStore.create(
            Path(where), agenda, "crash", SystemClock(), roster
        ),
        stored=lambda where, label: check_file(Path(where), label),
    )


def check_file(path: Path, where: str) -> Stored:
    """Integrity first, then what the file holds."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
        assert db.execute("PRAGMA foreign_key_check").fetchall() == [], where
        return Stored(
            texts={text for (text,) in db.execute("SELECT text FROM ideas")},
            tallies=dict(db.execute("SELECT number, votes FROM ideas WHERE number IS NOT NULL")),
            voted={name for (name,) in db.execute("SELECT name FROM people WHERE voted = 1")},
            closed=db.execute("SELECT 1 FROM meta WHERE key = 'voting_closed'").fetchone()
            is not None,
        )
    finally:
        db.close()


def test_sigkill_at_random_moments_loses_nothing_acknowledged(
    pool: Pool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(SEED)
    totals = Totals()
    started = time.monotonic()
    # Each kind of process is killed equally often, in a random order.
    victims = [ROLES[number % len(ROLES)] for number in range(TRIALS)]
    rng.shuffle(victims)
    for number, victim in enumerate(victims):
        try:
            run_trial(pool, number, victim, rng, file_backend(tmp_path), totals)
        except AssertionError as error:
            if f"seed {SEED}" in str(error):
                raise
            raise AssertionError(f"seed {SEED} trial {number} ({victim}): {error}") from None
    assert totals.trials == TRIALS >= 50 or "RMW_CRASH_TRIALS" in os.environ
    assert set(totals.kills) == set(ROLES), totals.kills
    with capsys.disabled():
        print(
            f"\ncrash consistency: seed {SEED}, {totals.trials} trials in"
            f" {time.monotonic() - started:.1f}s; kills {dict(totals.kills)};"
            f" killed mid-action {dict(totals.mid_action)};"
            f" acknowledged writes checked {dict(totals.acknowledged)}; nothing lost"
        )
