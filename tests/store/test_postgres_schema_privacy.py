"""A database session's tables, read from PostgreSQL's own catalogue, cannot tell who wrote
which idea or how anyone voted, as a session file's cannot (`test_anonymity`): no table, column,
reference or index links a person to an idea but the owners of follow-up work, ideas carry no
time and no sequence, and the registry's tables hold neither people nor ideas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import psycopg
import pytest

from rmworkshop.store.postgres import Address
from rmworkshop.store.postgres.schema import REGISTRY
from tests.postgres_server import made_session
from tests.store.test_anonymity import IDEA_NAME, PERSON_NAME, TIME_NAME

Connection = psycopg.Connection[tuple[object, ...]]


@pytest.fixture
def catalogue() -> Iterator[tuple[Connection, str]]:
    with made_session() as address, psycopg.connect(address.conninfo) as connection:
        yield connection, schema_of(connection, address)


def schema_of(connection: Connection, address: Address) -> str:
    row = connection.execute(
        f"SELECT schema FROM {REGISTRY}.sessions WHERE name = %s", (address.session,)
    ).fetchone()
    assert row is not None
    return str(row[0])


def tables(connection: Connection, schema: str) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
        " ORDER BY table_name",
        (schema,),
    )
    return [str(name) for (name,) in rows]


def columns(connection: Connection, schema: str, table: str) -> list[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        (schema, table),
    )
    return [str(name) for (name,) in rows]


def references(connection: Connection, schema: str, table: str) -> set[str]:
    rows = connection.execute(
        "SELECT confrelid::regclass::text FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid = %s::regclass",
        (f"{schema}.{table}",),
    )
    return {str(name).rpartition(".")[2] for (name,) in rows}


def indexes(connection: Connection, schema: str) -> list[tuple[str, str, list[str]]]:
    """Each index of the schema: its table, its name and the columns it covers."""
    rows = connection.execute(
        "SELECT t.relname, i.relname, array_agg(a.attname ORDER BY a.attnum)"
        " FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid"
        " JOIN pg_class i ON i.oid = x.indexrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey)"
        " WHERE n.nspname = %s GROUP BY t.relname, i.relname ORDER BY 1, 2",
        (schema,),
    )
    return [
        (str(table), str(name), [str(column) for column in cast(list[str], covered)])
        for table, name, covered in rows
    ]


def refers_to(connection: Connection, schema: str, table: str, kind: str) -> bool:
    pattern, target = (PERSON_NAME, "people") if kind == "person" else (IDEA_NAME, "ideas")
    if table == target:
        return True
    named = any(pattern.search(column) for column in columns(connection, schema, table))
    return named or target in references(connection, schema, table)


def test_no_table_links_a_person_to_an_idea_except_owners(
    catalogue: tuple[Connection, str],
) -> None:
    connection, schema = catalogue
    found = tables(connection, schema)
    assert {"people", "ideas", "owners", "devices", "checkins"} <= set(found), found
    linking = {
        table
        for table in found
        if table not in ("people", "ideas")
        and refers_to(connection, schema, table, "person")
        and refers_to(connection, schema, table, "idea")
    }
    assert linking == {"owners"}, "owners assigns follow-up work; nothing else links the two"
    assert not refers_to(connection, schema, "people", "idea")
    assert not refers_to(connection, schema, "ideas", "person")
    assert references(connection, schema, "owners") == {"ideas", "people"}


def test_ideas_have_no_author_no_time_and_no_sequence(catalogue: tuple[Connection, str]) -> None:
    connection, schema = catalogue
    for column in columns(connection, schema, "ideas"):
        assert not PERSON_NAME.search(column), column
        assert not TIME_NAME.search(column), column
    default = connection.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = %s"
        " AND table_name = 'ideas' AND (column_default IS NOT NULL OR is_identity = 'YES')"
        " AND column_name IN ('key', 'number')",
        (schema,),
    ).fetchone()
    assert default == (0,), "an idea's key and number come from no sequence"


def test_no_index_links_a_person_to_an_idea(catalogue: tuple[Connection, str]) -> None:
    connection, schema = catalogue
    found = indexes(connection, schema)
    assert found, "the schema has indexes to check"
    for table, name, covered in found:
        has_person = any(PERSON_NAME.search(column) for column in covered)
        has_idea = any(IDEA_NAME.search(column) for column in covered)
        if table != "owners":
            assert not (has_person and has_idea), (table, name, covered)
        if table == "ideas":
            assert set(covered) <= {"key", "number"}, (name, covered)


def test_the_registry_holds_neither_people_nor_ideas(catalogue: tuple[Connection, str]) -> None:
    connection, _ = catalogue
    found = tables(connection, REGISTRY)
    assert found == ["counts", "info", "rooms", "sessions"], found
    for table in found:
        for column in columns(connection, REGISTRY, table):
            assert not PERSON_NAME.search(column), (table, column)
            assert not IDEA_NAME.search(column), (table, column)
