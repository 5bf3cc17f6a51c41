"""The session file cannot tell who wrote which idea or how anyone voted.

A full session is scripted with twelve people, then the file is opened with plain sqlite3 and
every table, column, foreign key and index is inspected, along with the stored data itself.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import dump, go_to, make_agenda, make_roster

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
IDEAS = 30
SUBMITTED = [f"Idea {index:02d} from the silent brainstorm" for index in range(IDEAS)]
"""The submission order: text i was submitted i-th."""

PERSON_NAME = re.compile(r"person|people|member|author|submit|writer|user|voter|who|^by$|_by$")
IDEA_NAME = re.compile(r"idea|merged_into")
TIME_NAME = re.compile(
    r"time|stamp|created|submitted|added|inserted|_at$|^at$|when|seq|order|position|rowid|epoch"
)


@pytest.fixture(scope="module")
def finished_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A whole workshop: ideas, a share round, reveal, ballots from all twelve, owners."""
    path = tmp_path_factory.mktemp("anonymity") / "full.workshop"
    clock = FakeClock()
    with SessionStore.create(
        path, make_agenda(), "full", clock=clock, roster=make_roster(TWELVE)
    ) as store:
        go_to(store, "capture")
        for text in SUBMITTED:
            clock.advance(7)
            store.submit(text)
        go_to(store, "share")
        for _ in TWELVE:
            clock.advance(30)
            store.turn_next()
        store.turn_end()
        go_to(store, "vote")
        session = store.snapshot()
        assert len(session.votable) == IDEAS
        assert session.budget().dots == 10
        for offset, (name, _) in enumerate(TWELVE):
            clock.advance(3)
            store.cast_ballot(name, {1 + (offset + step) % IDEAS: 2 for step in range(5)})
        store.close_voting()
        go_to(store, "discuss")
        store.hand("Kim", up=True)
        store.hand("Ana", up=True)
        store.turn_next()
        go_to(store, "actions")
        store.set_owners(1, ["Ana", "Kim"], due=date(2026, 12, 15), first_step="Book a slot")
        store.volunteer(2, "Dev")
        store.next_phase()
        assert store.snapshot().is_finished
    yield path


@pytest.fixture
def db(finished_session: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"{finished_session.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows]


def columns(db: sqlite3.Connection, table: str) -> dict[str, str]:
    """Column name to declared type."""
    return {row[1]: str(row[2]).upper() for row in db.execute(f"PRAGMA table_info({table})")}


def references(db: sqlite3.Connection, table: str) -> set[str]:
    """Tables this table's foreign keys point to."""
    return {str(row[2]) for row in db.execute(f"PRAGMA foreign_key_list({table})")}


def refers_to_person(db: sqlite3.Connection, table: str) -> bool:
    if table == "people":
        return True
    named = any(PERSON_NAME.search(column) for column in columns(db, table))
    return named or "people" in references(db, table)


def refers_to_idea(db: sqlite3.Connection, table: str) -> bool:
    if table == "ideas":
        return True
    named = any(IDEA_NAME.search(column) for column in columns(db, table))
    return named or "ideas" in references(db, table)


def spearman(order: list[int]) -> float:
    """Rank correlation between positions 0..n-1 and ``order`` (a permutation of them)."""
    n = len(order)
    squared = sum((position - value) ** 2 for position, value in enumerate(order))
    return 1 - 6 * squared / (n * (n * n - 1))


def submission_index(text: str) -> int:
    return SUBMITTED.index(text)


def test_the_session_is_complete(db: sqlite3.Connection) -> None:
    (count,) = db.execute("SELECT count(*) FROM ideas").fetchone()
    assert count == IDEAS
    (voted,) = db.execute("SELECT count(*) FROM people WHERE voted = 1").fetchone()
    assert voted == len(TWELVE)
    (total,) = db.execute("SELECT sum(votes) FROM ideas").fetchone()
    assert total == 12 * 5 * 2


def test_ideas_have_no_author_and_no_time(db: sqlite3.Connection) -> None:
    idea_columns = columns(db, "ideas")
    assert idea_columns, "the ideas table exists"
    for name, declared in idea_columns.items():
        assert not PERSON_NAME.search(name), f"ideas.{name} could name a person"
        assert not TIME_NAME.search(name), f"ideas.{name} could order ideas by submission"
        assert declared != "REAL", f"ideas.{name} is REAL, the type this schema uses for times"
    assert references(db, "ideas") <= {"ideas"}, "ideas only refer to other ideas (merges)"
    # No stored value looks like an epoch time, whatever a column is called.
    for row in db.execute("SELECT * FROM ideas"):
        for value in row:
            if isinstance(value, int | float):
                assert not 1e9 <= value <= 1e10, row


def test_no_table_links_a_person_to_an_idea_except_owners(db: sqlite3.Connection) -> None:
    linking = {
        table
        for table in tables(db)
        if table not in ("people", "ideas")
        and refers_to_person(db, table)
        and refers_to_idea(db, table)
    }
    assert linking == {"owners"}, "owners assigns follow-up work; nothing else links the two"
    assert not refers_to_idea(db, "people"), columns(db, "people")
    assert not refers_to_person(db, "ideas"), columns(db, "ideas")
    assert columns(db, "owners").keys() == {"idea", "position", "person"}
    assert references(db, "owners") == {"ideas", "people"}


def test_no_index_links_a_person_to_an_idea(db: sqlite3.Connection) -> None:
    checked = 0
    for table in tables(db):
        for index in db.execute(f"PRAGMA index_list({table})").fetchall():
            name = index[1]
            indexed = [row[2] for row in db.execute(f"PRAGMA index_info('{name}')")]
            indexed = [column for column in indexed if column is not None]
            checked += 1
            has_person = any(PERSON_NAME.search(column) for column in indexed)
            has_idea = any(IDEA_NAME.search(column) for column in indexed)
            if table != "owners":  # owners is the assignment of follow-up work
                assert not (has_person and has_idea), (table, name, indexed)
            if table == "ideas":
                assert set(indexed) <= {"key", "number"}, (name, indexed)
    assert checked > 0, "the schema has indexes to check"


def test_only_owners_and_merges_hold_idea_keys(db: sqlite3.Connection) -> None:
    keys = {key for (key,) in db.execute("SELECT key FROM ideas")}
    allowed = {("owners", "idea"), ("ideas", "key"), ("ideas", "merged_into")}
    for table in tables(db):
        names = list(columns(db, table))
        for row in db.execute(f"SELECT * FROM {table}"):
            for column, value in zip(names, row, strict=True):
                if value in keys:
                    assert (table, column) in allowed, (table, column)


def test_ideas_are_without_rowid_and_keyed_at_random(db: sqlite3.Connection) -> None:
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'ideas'").fetchone()
    assert "WITHOUT ROWID" in sql.upper()
    with pytest.raises(sqlite3.OperationalError):
        db.execute("SELECT rowid FROM ideas")
    primary = [row[1] for row in db.execute("PRAGMA table_info(ideas)") if row[5]]
    assert primary == ["key"]
    keys = [key for (key,) in db.execute("SELECT key FROM ideas")]
    assert len(set(keys)) == IDEAS
    for key in keys:
        assert isinstance(key, str)
        assert re.fullmatch(r"[0-9a-f]{32}", key), key


def test_storage_order_is_not_submission_order(db: sqlite3.Connection) -> None:
    stored = [submission_index(text) for (text,) in db.execute("SELECT text FROM ideas")]
    assert sorted(stored) == list(range(IDEAS))
    assert stored != list(range(IDEAS))
    assert abs(spearman(stored)) < 0.9, stored


def test_display_numbers_are_not_submission_order(db: sqlite3.Connection) -> None:
    by_number = [
        submission_index(text) for (text,) in db.execute("SELECT text FROM ideas ORDER BY number")
    ]
    numbers = [number for (number,) in db.execute("SELECT number FROM ideas ORDER BY number")]
    assert numbers == list(range(1, IDEAS + 1))
    assert by_number != list(range(IDEAS))
    assert abs(spearman(by_number)) < 0.9, by_number


def test_spearman_detects_order() -> None:
    assert spearman(list(range(IDEAS))) == 1
    assert spearman(list(range(IDEAS))[::-1]) == -1


def test_a_ballot_changes_only_tallies_and_the_voted_flag(tmp_path: Path) -> None:
    path = tmp_path / "one-ballot.workshop"
    with SessionStore.create(
        path, make_agenda(), "x", clock=FakeClock(), roster=make_roster(TWELVE)
    ) as store:
        go_to(store, "capture")
        for text in SUBMITTED[:9]:
            store.submit(text)
        go_to(store, "vote")
        before = set(dump(path))
        store.cast_ballot("Hal", {4: 2, 7: 1})
        after = set(dump(path))
    removed, added = sorted(before - after), sorted(after - before)
    assert len(removed) == len(added) == 3, (removed, added)
    assert [line.split("(")[0] for line in added] == [
        'INSERT INTO "ideas" VALUES',
        'INSERT INTO "ideas" VALUES',
        'INSERT INTO "people" VALUES',
    ]
    assert "'Hal'" in added[2] and added[2].endswith(",1);"), "only the voted flag is set"
    assert not any("Hal" in line for line in added[:2])
