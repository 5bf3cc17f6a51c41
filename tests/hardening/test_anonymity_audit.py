"""The anonymity audit: after a whole workshop, nothing on disk links a person to an idea or to
a ballot choice.

Twelve people, each on their own connection as their own console would be, write ideas in a
known order; the facilitator reveals them, runs a share round, opens the vote, closes it, takes
hands in discussion, assigns owners and exports. The audit then reads what an adversary with
the files could read:

- every table, column and index (``sqlite_master``) and every row of the session file;
- the raw bytes of the session file and of its write-ahead log (``-wal``), and every earlier
  state of the database that the log still holds (each commit in the log is replayed on a copy);
- the exported outcomes file.

Order matters as much as content: if the order ideas are stored, shown or laid out in the raw
bytes follows the order they were submitted, anyone who saw who typed when can tell who wrote
what. Spearman's rank correlation with the submission order is tested for each. An order can
also leak by grouping each person's ideas together (keys that share a per-console prefix, say)
while staying uncorrelated with submission, so the number of neighbours written by the same
person is tested too.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import shutil
import sqlite3
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.exporting import session_outcomes, write_outcomes
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import go_to, make_agenda, make_roster

TWELVE = (
    ("Ana", "intern"),
    ("Ben", "intern"),
    ("Caro", "junior"),
    ("Dev", "junior"),
    ("Emi", "junior"),
    ("Finn", "mid"),
    ("Gita", "mid"),
    ("Hal", "senior"),
    ("Ines", "senior"),
    ("Jon", "senior"),
    ("Kim", "executive"),
    ("Lou", "executive"),
)
NAMES = [name for name, _ in TWELVE]
ROUNDS = 8
"""Ideas per person; 96 in all, so chance correlations stay far below the thresholds."""
WORDS = ["pairing", "demo", "rota", "mentor", "wiki", "retro", "office", "hours", "shadow"]
MAX_CORRELATION = 0.5
"""|Spearman rho| allowed. For 96 independent orders rho has a standard deviation of about
0.10, so a chance failure needs a five-sigma fluke (p < 1e-6); submission order gives ~1."""

MAX_SAME_AUTHOR_NEIGHBOURS = 23
"""Neighbours written by the same person allowed in an order of the 96 ideas. In a random order
each of the 95 neighbouring pairs has the same author with chance 7/95, so 7 are expected;
400,000 seeded shuffles never gave more than 21, and even a Poisson(7) count, whose tail is
heavier than the shuffles', reaches 24 with chance 4e-7. Ideas grouped by author give 84."""


def idea_text(index: int) -> str:
    """Unique, with no text a prefix of another (the raw-byte search relies on that)."""
    rng = random.Random(index)
    return f"{' '.join(rng.sample(WORDS, 3))} idea <{index:03d}>"


SUBMITTED = [idea_text(index) for index in range(len(TWELVE) * ROUNDS)]
AUTHORS = [NAMES[index % len(NAMES)] for index in range(len(SUBMITTED))]
"""Text i was submitted i-th, by AUTHORS[i]: round robin, one idea per person per round."""


@dataclass(frozen=True)
class Files:
    """What an adversary could copy: the session file, its log, and the outcomes."""

    db: bytes
    wal: bytes
    session: Path
    outcomes: Path
    modes: dict[str, int]


def spearman(order: list[int]) -> float:
    """Rank correlation between positions 0..n-1 and ``order`` (a permutation of them)."""
    n = len(order)
    squared = sum((position - value) ** 2 for position, value in enumerate(order))
    return 1 - 6 * squared / (n * (n * n - 1))


def same_author_neighbours(order: list[int]) -> int:
    """How many neighbouring ideas in ``order`` (submission indexes) have the same author."""
    return sum(AUTHORS[first] == AUTHORS[second] for first, second in itertools.pairwise(order))


def copy_files(session: Path) -> tuple[bytes, bytes]:
    wal = session.with_name(session.name + "-wal")
    return session.read_bytes(), wal.read_bytes() if wal.exists() else b""


def raw_order(db: bytes, wal: bytes) -> list[int]:
    """Submission indexes of the ideas, in the order their text first appears in the bytes."""
    blob = db + wal
    offsets = {index: blob.find(text.encode()) for index, text in enumerate(SUBMITTED)}
    missing = [index for index, offset in offsets.items() if offset < 0]
    assert not missing, f"idea texts not found in the raw bytes: {missing}"
    return sorted(offsets, key=offsets.__getitem__)


def modes(session: Path) -> dict[str, int]:
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = session.with_name(session.name + suffix)
        if path.exists():
            found[suffix or "db"] = stat.S_IMODE(path.stat().st_mode)
    return found


def workshop(folder: Path, stop_before_reveal: bool = False) -> Files:
    """The whole workshop, each person on their own connection; returns the files while the
    facilitator's console still has the session open (so the log is still there)."""
    session = folder / "audit.workshop"
    clock = FakeClock()
    facilitator = SessionStore.create(
        session, make_agenda(), "audit", clock=clock, roster=make_roster(TWELVE)
    )
    consoles = {name: SessionStore.open(session, clock) for name in NAMES}
    try:
        go_to(facilitator, "capture")
        for text, author in zip(SUBMITTED, AUTHORS, strict=True):
            clock.advance(5)
            consoles[author].submit(text)
        if stop_before_reveal:
            db, wal = copy_files(session)
            return Files(db, wal, session, folder / "none", modes(session))
        facilitator.reveal()
        go_to(facilitator, "share")
        for _ in TWELVE:
            clock.advance(40)
            facilitator.turn_next()
        facilitator.turn_end()
        session_state = go_to(facilitator, "vote")
        budget = session_state.budget()
        count = len(session_state.votable)
        for offset, name in enumerate(NAMES):
            clock.advance(3)
            dots = [min(budget.max_per_idea, budget.dots - 2 * step) for step in range(3)]
            choices = {1 + (offset * 7 + step * 31) % count: d for step, d in enumerate(dots)}
            consoles[name].cast_ballot(name, choices)
        facilitator.close_voting()
        go_to(facilitator, "discuss")
        consoles["Kim"].hand("Kim", up=True)
        consoles["Ana"].hand("Ana", up=True)
        facilitator.turn_next()
        clock.advance(60)
        facilitator.turn_end()
        go_to(facilitator, "actions")
        facilitator.set_owners(1, ["Ana", "Kim"], due=date(2026, 12, 15), first_step="Book it")
        consoles["Dev"].volunteer(2, "Dev")
        facilitator.next_phase()
        assert facilitator.snapshot().is_finished
        result, hidden = session_outcomes(facilitator, clock.now())
        assert hidden == 0
        outcomes = folder / "audit-outcomes.toml"
        write_outcomes(result, outcomes, with_markdown=True)
        for console in consoles.values():
            console.close()
        db, wal = copy_files(session)
        return Files(db, wal, session, outcomes, modes(session))
    finally:
        for console in consoles.values():
            console.close()
        facilitator.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return workshop(tmp_path_factory.mktemp("audit"))


@pytest.fixture
def db(files: Files) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{files.session.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


# -- the schema and every row -------------------------------------------------------------------

EXPECTED_TABLES = [
    "checkins",  # a person's check-in answer about their mentoring pair: no idea, ballot or time
    "clock",
    "devices",  # a token digest and the name it holds: no idea, no ballot
    "dismissed",  # random idea keys, sorted, of a dismissed merge suggestion: no person, no time
    "hands",
    "idea_requests",  # a digest of a device's request: refers to nothing
    "ideas",
    "meta",
    "owners",
    "pairs",
    "people",
    "phases",
    "rounds",
    "turns",
]
"""A new table must be reviewed for anonymity before it is added here."""
PERSON_COLUMN = re.compile(r"person|people|member|author|writer|user|voter|who|name")
TIME_COLUMN = re.compile(r"time|stamp|created|submitted|added|_at$|when|seq|order|epoch|started")
TIME_VALUES_ALLOWED = {
    ("clock", "deadline"),
    ("clock", "entered"),
    ("turns", "started"),
    ("turns", "ended"),
    ("meta", "value"),  # created, started, finished of the session as a whole
}


def every_row(db: sqlite3.Connection) -> Iterator[tuple[str, str, object]]:
    """(table, column, value) for every cell of every table."""
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        names = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        for row in db.execute(f"SELECT * FROM {table}"):
            yield from ((table, column, value) for column, value in zip(names, row, strict=True))


def test_the_workshop_ran_completely(db: sqlite3.Connection, files: Files) -> None:
    assert db.execute("SELECT count(*) FROM ideas").fetchone() == (len(SUBMITTED),)
    assert db.execute("SELECT count(*) FROM people WHERE voted = 1").fetchone() == (12,)
    assert db.execute("SELECT count(*) FROM owners").fetchone() == (3,)
    assert files.outcomes.is_file()


def test_the_schema_has_no_author_voter_or_time_for_ideas(db: sqlite3.Connection) -> None:
    master = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    tables = sorted(name for kind, name, _, _ in master if kind == "table")
    assert tables == EXPECTED_TABLES
    for kind, name, table, sql in master:
        if kind == "index" and table == "ideas":
            indexed = [row[2] for row in db.execute(f"PRAGMA index_info('{name}')")]
            assert set(indexed) <= {"key", "number"}, (name, indexed)
        assert kind in ("table", "index"), f"unexpected {kind} {name}: {sql}"
    for column in (row[1] for row in db.execute("PRAGMA table_info(ideas)")):
        assert not PERSON_COLUMN.search(column), f"ideas.{column}"
        assert not TIME_COLUMN.search(column), f"ideas.{column}"
    linking = {
        table
        for table in tables
        if {"people"} <= {row[2] for row in db.execute(f"PRAGMA foreign_key_list({table})")}
        and {"ideas"} <= {row[2] for row in db.execute(f"PRAGMA foreign_key_list({table})")}
    }
    assert linking == {"owners"}, "only the public assignment of follow-up work links the two"
    people_columns = {row[1] for row in db.execute("PRAGMA table_info(people)")}
    # What a person brings to mentoring pairs; pairs name people on purpose (DESIGN.md).
    mentoring = {"team", "teaches", "learns", "mentor"}
    assert people_columns == {"id", "name", "name_key", "level", "present", "voted", *mentoring}
    # Reviewed: a pair row holds a person, their group and role in one pairs phase; it refers
    # to no idea and no ballot, and holds no time.
    assert {row[2] for row in db.execute("PRAGMA foreign_key_list(pairs)")} == {"people"}
    pair_columns = [row[1] for row in db.execute("PRAGMA table_info(pairs)")]
    assert pair_columns == ["phase", "person", "grp", "role", "pinned"]
    # Reviewed: a check-in row holds a person and what they said about their pair (named on
    # purpose, read by leaders); it refers to no idea and no ballot, and holds no time.
    assert {row[2] for row in db.execute("PRAGMA foreign_key_list(checkins)")} == {"people"}
    checkin_columns = [row[1] for row in db.execute("PRAGMA table_info(checkins)")]
    assert checkin_columns == ["person", "met", "going", "note"]


def test_no_row_holds_an_idea_and_a_person_or_a_time(db: sqlite3.Connection) -> None:
    texts, names = set(SUBMITTED), {*NAMES, *(name.casefold() for name in NAMES)}
    keys = {key for (key,) in db.execute("SELECT key FROM ideas")}
    for table, column, value in every_row(db):
        if value in texts:
            assert (table, column) == ("ideas", "text")
        if value in names:
            assert (table, column) in {("people", "name"), ("people", "name_key")}
        if value in keys:
            assert (table, column) in {("ideas", "key"), ("owners", "idea")}
        if isinstance(value, str) and table != "meta":
            for text in texts:
                assert text not in value or value == text, (table, column)
        if isinstance(value, int | float) and 1e9 <= value <= 1e10:
            assert (table, column) in TIME_VALUES_ALLOWED, (table, column, value)
    # Ballots leave exactly the tallies and the voted flags: no row per ballot or per choice.
    counts = {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in EXPECTED_TABLES
    }
    assert counts["people"] == len(NAMES)
    assert counts["ideas"] == len(SUBMITTED)
    assert counts["owners"] == 3


# -- order: stored, shown, raw bytes, exported ------------------------------------------------


def submission_indexes(texts: list[str]) -> list[int]:
    return [SUBMITTED.index(text) for text in texts]


def test_storage_and_display_order_are_independent_of_submission(db: sqlite3.Connection) -> None:
    stored = submission_indexes([text for (text,) in db.execute("SELECT text FROM ideas")])
    shown = submission_indexes(
        [text for (text,) in db.execute("SELECT text FROM ideas ORDER BY number")]
    )
    assert abs(spearman(stored)) < MAX_CORRELATION, stored
    assert abs(spearman(shown)) < MAX_CORRELATION, shown


def test_raw_byte_order_is_independent_of_submission(files: Files) -> None:
    """Fails without the compaction at reveal: pages and log frames keep submission order."""
    order = raw_order(files.db, files.wal)
    assert abs(spearman(order)) < MAX_CORRELATION, order


def test_raw_byte_order_before_reveal_does_follow_submission(tmp_path: Path) -> None:
    """The check above can see the leak: before the reveal the raw bytes do show the order."""
    before = workshop(tmp_path, stop_before_reveal=True)
    assert spearman(raw_order(before.db, before.wal)) > 0.9


def test_exported_order_is_independent_of_submission(files: Files) -> None:
    data = tomllib.loads(files.outcomes.read_text(encoding="utf-8"))
    exported = submission_indexes([idea["text"] for idea in data["ideas"]])
    assert sorted(exported) == list(range(len(SUBMITTED)))
    assert abs(spearman(exported)) < MAX_CORRELATION, exported


def test_no_order_groups_ideas_by_author(db: sqlite3.Connection, files: Files) -> None:
    """Fails if keys cluster by console: the table, its key index and, after the rewrite in
    key order, the raw bytes would then keep each person's ideas together."""
    data = tomllib.loads(files.outcomes.read_text(encoding="utf-8"))
    orders = {
        "stored": [text for (text,) in db.execute("SELECT text FROM ideas")],
        "key index": [text for (text,) in db.execute("SELECT text FROM ideas ORDER BY key")],
        "shown": [text for (text,) in db.execute("SELECT text FROM ideas ORDER BY number")],
        "exported": [idea["text"] for idea in data["ideas"]],
    }
    indexes = {name: submission_indexes(texts) for name, texts in orders.items()}
    indexes["raw bytes"] = raw_order(files.db, files.wal)
    for name, order in indexes.items():
        assert sorted(order) == list(range(len(SUBMITTED))), name
        neighbours = same_author_neighbours(order)
        assert neighbours <= MAX_SAME_AUTHOR_NEIGHBOURS, (name, neighbours, order)


def test_the_neighbour_count_sees_ideas_grouped_by_author() -> None:
    """The check above can see grouping, in whatever order the groups and their ideas come."""
    shuffler = random.Random(7)
    grouped = sorted(range(len(SUBMITTED)), key=lambda index: (AUTHORS[index], shuffler.random()))
    assert same_author_neighbours(grouped) == len(SUBMITTED) - len(NAMES)
    assert same_author_neighbours(list(range(len(SUBMITTED)))) == 0, "submitted round robin"
    # Two people sharing each group, mixed at random (as two consoles whose key prefixes
    # collide would be), still show: about 42 neighbours.
    pairs = sorted(
        range(len(SUBMITTED)),
        key=lambda index: (NAMES.index(AUTHORS[index]) // 2, shuffler.random()),
    )
    assert same_author_neighbours(pairs) > MAX_SAME_AUTHOR_NEIGHBOURS


# -- the log's history --------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    ideas: frozenset[str]
    tallies: tuple[tuple[str, int], ...]
    voted: frozenset[str]


def history(db_bytes: bytes, wal: bytes, folder: Path) -> list[State]:
    """Every state of the database that the log can still show: each commit, replayed on a
    copy of the file with the log cut just after that commit's last frame."""
    if len(wal) < 32:
        return []
    page_size = int.from_bytes(wal[8:12], "big")
    frame = 24 + page_size
    frames = (len(wal) - 32) // frame
    commits = [
        index
        for index in range(frames)
        if int.from_bytes(wal[32 + index * frame + 4 : 32 + index * frame + 8], "big")
    ]
    states: list[State] = []
    for index in commits:
        replay = folder / f"replay-{index}"
        replay.mkdir()
        copy = replay / "copy.workshop"
        copy.write_bytes(db_bytes)
        copy.with_name("copy.workshop-wal").write_bytes(wal[: 32 + (index + 1) * frame])
        connection = sqlite3.connect(copy)
        try:
            states.append(
                State(
                    frozenset(t for (t,) in connection.execute("SELECT text FROM ideas")),
                    tuple(connection.execute("SELECT text, votes FROM ideas ORDER BY text")),
                    frozenset(
                        n for (n,) in connection.execute("SELECT name FROM people WHERE voted")
                    ),
                )
            )
        finally:
            connection.close()
        shutil.rmtree(replay)
    return states


def test_the_log_holds_no_history_of_ideas_or_ballots(files: Files, tmp_path: Path) -> None:
    """Fails without the compaction: replaying the log shows ideas arriving one by one, and
    each ballot's tallies next to the voter whose flag it set."""
    states = history(files.db, files.wal, tmp_path)
    for before, after in itertools.pairwise(states):
        assert after.ideas == before.ideas, "the log shows the order ideas arrived in"
        if after.voted != before.voted:
            assert after.tallies == before.tallies, (
                f"the log links {sorted(after.voted - before.voted)} to their ballot"
            )


def test_no_freed_page_keeps_old_content(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA freelist_count").fetchone() == (0,)


# -- the outcomes file and permissions ---------------------------------------------------------


def test_outcomes_name_people_only_as_owners(files: Files) -> None:
    text = files.outcomes.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    owners = {name for idea in data["ideas"] for name in idea["owners"]}
    assert owners == {"Ana", "Kim", "Dev"}
    for name in set(NAMES) - owners:
        assert not re.search(rf"\b{name}\b", text), f"{name} appears in the outcomes"
    for idea in data["ideas"]:
        assert set(idea) <= {
            "rank", "tied", "text", "votes", "owners", "due", "first_step", "status", "impact",
            "merged",
        }  # fmt: skip


def test_every_file_is_private(files: Files) -> None:
    assert files.modes == {"db": 0o600, "-wal": 0o600, "-shm": 0o600}
    for path in (files.outcomes, files.outcomes.with_suffix(".md")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_store_zeroes_freed_space(tmp_path: Path) -> None:
    with SessionStore.create(tmp_path / "s.workshop", make_agenda(), "s", FakeClock()) as store:
        assert store._db.execute("PRAGMA secure_delete").fetchone() == (1,)


def test_files_stay_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "open.workshop"
    previous = os.umask(0)
    try:
        with SessionStore.create(path, make_agenda(), "u", FakeClock(), make_roster()) as store:
            go_to(store, "capture")
            store.submit("an idea")
            assert modes(path) == {"db": 0o600, "-wal": 0o600, "-shm": 0o600}
            result, _ = session_outcomes(store, 1_795_000_000.0)
            written = write_outcomes(result, tmp_path / "open-outcomes.toml", with_markdown=True)
    finally:
        os.umask(previous)
    for written_path in written:
        assert stat.S_IMODE(written_path.stat().st_mode) == 0o600, written_path
