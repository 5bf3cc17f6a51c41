"""A database that holds other things: `sessions` lists none of them, a schema named
``rmworkshop`` that an administrator made for the role beforehand is used, and one that holds
tables of something else is refused in one line and left as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest

from tests.helpers import assert_ok, assert_refused, call_cli
from tests.postgres_server import own_database


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A database of this module's own (the shared one already holds the registry)."""
    with own_database("rmw_foreign") as url:
        yield url


@pytest.fixture
def url(database: str) -> Iterator[str]:
    """The database holding someone else's tables, named as rmworkshop's are, and no registry."""
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS rmworkshop CASCADE")
        connection.execute("DROP SCHEMA IF EXISTS other CASCADE")
        connection.execute("CREATE SCHEMA other")
        connection.execute("CREATE TABLE other.info (key TEXT)")
        connection.execute("CREATE TABLE IF NOT EXISTS public.sessions (name TEXT)")
    yield database


def run(command: str, *arguments: str) -> str:
    return assert_ok(call_cli(command, *arguments))


def test_a_database_of_other_tables_lists_no_sessions(url: str) -> None:
    assert run("sessions", url) == "No sessions in this database.\n"
    assert json.loads(run("sessions", url, "--json")) == []


def test_a_schema_made_for_the_role_beforehand_is_used(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA rmworkshop")
    assert run("sessions", url) == "No sessions in this database.\n"
    run("new", "lean-coffee", "--session", f"{url}?session=first")
    (listed,) = json.loads(run("sessions", url, "--json"))
    assert listed["name"] == "first"


def test_a_schema_holding_something_else_is_refused_and_kept(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA rmworkshop")
        connection.execute("CREATE TABLE rmworkshop.sessions (theirs TEXT)")
        connection.execute("INSERT INTO rmworkshop.sessions VALUES ('kept')")
    session = f"{url}?session=first"
    for arguments in (
        ["new", "lean-coffee", "--session", session],
        ["sessions", url],
        ["status", session],
    ):
        assert_refused(call_cli(*arguments), "schema rmworkshop holds tables that are not")
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute("SELECT * FROM rmworkshop.sessions").fetchall()
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'rmworkshop'"
        ).fetchall()
    assert rows == [("kept",)]
    assert tables == [("sessions",)]
