"""The PostgreSQL schema's version: a database of an older version is brought to this one in
the transaction that opens it, every session's tables with it, as a session file is."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import psycopg
import pytest

from rmworkshop.core.checkin import Answer, CheckinPair
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import BadFile
from rmworkshop.store.postgres import Address, PostgresStore, registry
from rmworkshop.store.postgres.schema import (
    COUNTERS,
    LOCK_KEY,
    REGISTRY,
    SCHEMA_VERSION,
    SESSION_MIGRATIONS,
    statements,
)
from rmworkshop.store.sqlite.operations.base import STAGE
from tests.helpers import go_to, make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, own_database, server_url
from tests.store.contract.helpers import eventually

FOLLOW_UP = (("Welcome", "info", 2), ("How are the pairs doing?", "checkin", 10))


@pytest.fixture
def made() -> Iterator[tuple[str, Address, PostgresStore]]:
    url = server_url()
    address = new_address(url)
    with PostgresStore.create(
        address, make_agenda(phases=FOLLOW_UP), "upgrade", FakeClock(), make_roster()
    ) as store:
        yield url, address, store
    assert address.session is not None
    drop_sessions(url, [address.session])


def _columns(
    connection: psycopg.Connection[tuple[object, ...]], schema: str
) -> list[tuple[object, ...]]:
    return connection.execute(
        "SELECT column_name, data_type, is_nullable, column_default"
        " FROM information_schema.columns WHERE table_schema = %s AND table_name = 'checkins'"
        " ORDER BY ordinal_position",
        (schema,),
    ).fetchall()


def _references(
    connection: psycopg.Connection[tuple[object, ...]], schema: str
) -> list[tuple[object, ...]]:
    return connection.execute(
        "SELECT confrelid::regclass::text, condeferrable FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid = %s::regclass",
        (f"{schema}.checkins",),
    ).fetchall()


@pytest.fixture
def alone() -> Iterator[tuple[str, Address, PostgresStore]]:
    """A session in a database of its own: an upgrade takes every session's tables, which in
    the database the other tests share would wait on (and deadlock with) their work."""
    with own_database("rmw_upgrade") as url:
        address = new_address(url)
        with PostgresStore.create(
            address, make_agenda(phases=FOLLOW_UP), "upgrade", FakeClock(), make_roster()
        ) as store:
            yield url, address, store


def _registry_tables(connection: psycopg.Connection[tuple[object, ...]]) -> list[object]:
    return [
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
            " ORDER BY table_name",
            (REGISTRY,),
        )
    ]


def test_version_1_gains_the_check_in_table_in_every_session_and_the_rooms(
    alone: tuple[str, Address, PostgresStore],
) -> None:
    url, _, store = alone
    assert SCHEMA_VERSION == 6
    version = store.data_version() + 7
    people = len(store.snapshot().people)
    with psycopg.connect(url, autocommit=True) as connection:
        fresh = _columns(connection, store.schema)
        fresh_references = _references(connection, store.schema)
        assert [column for column, *_ in fresh] == ["person", "met", "going", "note"]
        # Rolled back at the end: the database other tests share is left as it was.
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            tables = _registry_tables(connection)
            assert tables == ["counts", "info", "rooms", "sessions"]
            connection.execute(f"DROP FUNCTION {store.schema}.stage_kept() CASCADE")
            connection.execute(f"DROP TABLE {store.schema}.checkins, {store.schema}.counters")
            connection.execute(
                f"UPDATE {REGISTRY}.sessions SET version = %s WHERE schema = %s",
                (version, store.schema),
            )  # as a version 4 program leaves it: its submissions raised this one version
            connection.execute(f"DROP TABLE {REGISTRY}.counts, {REGISTRY}.rooms")
            connection.execute(f"ALTER TABLE {REGISTRY}.sessions DROP COLUMN summary")
            connection.execute(
                f"UPDATE {store.schema}.meta SET value = '1' WHERE key = 'schema_version'"
            )
            connection.execute(f"UPDATE {REGISTRY}.info SET value = '1'")
            registry.ensure(connection, "test", create=False)
            assert _columns(connection, store.schema) == fresh
            assert _references(connection, store.schema) == fresh_references
            assert _registry_tables(connection) == tables
            versions = connection.execute(
                f"SELECT (SELECT value FROM {REGISTRY}.info WHERE key = 'schema_version'),"
                f" (SELECT value FROM {store.schema}.meta WHERE key = 'schema_version')"
            ).fetchone()
            assert versions == ("6", "6")
            counters = connection.execute(
                f"SELECT count(*), sum(n), (SELECT version FROM {REGISTRY}.sessions"
                f" WHERE schema = %s) FROM {store.schema}.counters",
                (store.schema,),
            ).fetchone()
            assert counters == (COUNTERS, 0, version), "the version stays as it was"
            connection.execute("SELECT set_config('search_path', %s, true)", (store.schema,))
            stage = connection.execute(STAGE).fetchone()
            kept = connection.execute(
                "SELECT DISTINCT phase, state, voting, started FROM counters"
            ).fetchall()
            assert kept == [stage], "every counter holds the stage"
            (summary,) = connection.execute(
                f"SELECT summary FROM {REGISTRY}.sessions WHERE schema = %s", (store.schema,)
            ).fetchone() or (None,)
            assert json.loads(str(summary))["people"] == people
            raise psycopg.Rollback()


def test_upgraded_sessions_take_check_ins(made: tuple[str, Address, PostgresStore]) -> None:
    """What the upgrade made works through the store: the same statements as a new session."""
    url, address, store = made
    with psycopg.connect(url, autocommit=True) as connection, connection.transaction():
        connection.execute(f"DROP TABLE {store.schema}.checkins")
        connection.execute(f"SET LOCAL search_path = {store.schema}")
        for statement in statements(SESSION_MIGRATIONS[1]):
            connection.execute(statement)
    store.set_checkin_pairs([CheckinPair(("Ana",), ("Bo",))])
    go_to(store, "checkin")
    assert store.check_in("Ana", "1", "well", "fine") == Answer("1", "well", "fine")
    with PostgresStore.open(address, FakeClock()) as again:
        assert again.snapshot().checkin.answered == {"ana"}


def test_a_newer_database_is_refused(made: tuple[str, Address, PostgresStore]) -> None:
    url, _, _ = made
    with psycopg.connect(url, autocommit=True) as connection, connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        connection.execute(f"UPDATE {REGISTRY}.info SET value = %s", (str(SCHEMA_VERSION + 1),))
        with pytest.raises(BadFile, match=f"reads version {SCHEMA_VERSION}"):
            registry.ensure(connection, "test", create=False)
        raise psycopg.Rollback()


def test_an_upgrade_waits_for_a_write_under_way_and_neither_fails(
    alone: tuple[str, Address, PostgresStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write takes its session's lock first and raises the version in the registry last; an
    upgrade that held the registry first and then waited for the write's tables would wait
    for a write that waits for it (a deadlock, one of them failed). It takes every session's
    lock first: it waits for the write, then runs. Here the step of the last version also
    changes a table the write holds, as a later version's step may."""
    url, _, store = alone
    step = SESSION_MIGRATIONS[SCHEMA_VERSION - 1] + ";\nALTER TABLE ideas ADD COLUMN spare INTEGER"
    monkeypatch.setitem(SESSION_MIGRATIONS, SCHEMA_VERSION - 1, step)
    older = str(SCHEMA_VERSION - 1)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"UPDATE {REGISTRY}.info SET value = %s", (older,))
        connection.execute(
            f"UPDATE {store.schema}.meta SET value = %s WHERE key = 'schema_version'", (older,)
        )
    failures: list[BaseException] = []

    def upgrade() -> None:
        try:
            with psycopg.connect(url, autocommit=True) as connection, connection.transaction():
                registry.ensure(connection, "test", create=False)
        except BaseException as error:
            failures.append(error)

    upgrading = threading.Thread(target=upgrade)
    with store._write() as db:  # a write under way, holding the ideas table
        db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", ("k" * 32, "under way"))
        upgrading.start()
        with psycopg.connect(url, autocommit=True) as watching:
            eventually(
                lambda: (
                    watching.execute(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND database ="
                        " (SELECT oid FROM pg_database WHERE datname = current_database())"
                    ).fetchone()
                    == (1,)
                ),
                "the upgrade waiting",
            )
    upgrading.join(30)
    assert not upgrading.is_alive() and failures == []
    with psycopg.connect(url, autocommit=True) as connection:
        columns = {
            name
            for (name,) in connection.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = %s AND table_name = 'ideas'",
                (store.schema,),
            )
        }
        (version,) = connection.execute(
            f"SELECT value FROM {REGISTRY}.info WHERE key = 'schema_version'"
        ).fetchone() or (None,)
    assert "spare" in columns and version == str(SCHEMA_VERSION)
    assert store.unrevealed() == 1
