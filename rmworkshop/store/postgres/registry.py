"""The database's registry of sessions: created or upgraded in one transaction, and the
sessions it names, each with a schema of its own (see `schema`)."""

from __future__ import annotations

import secrets
from typing import NamedTuple

from rmworkshop.core import names
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.store.postgres.connection import Connection
from rmworkshop.store.postgres.schema import (
    LOCK_KEY,
    MIGRATIONS,
    REGISTRY,
    REGISTRY_TABLES,
    SCHEMA_VERSION,
    SESSION_MIGRATIONS,
    SESSION_TABLES,
    SUMMARY,
    TABLES,
    session_lock,
    statements,
)

IDENTITIES = ("people", "rounds", "turns")
"""Tables whose ids come from an identity column, continued after a copy."""


class Listed(NamedTuple):
    name: str
    schema: str
    created: float
    summary: str | None = None
    """Its summary as its last write left it (`schema.SUMMARY`): JSON, None before any."""
    version: int = 0


def ensure(connection: Connection, where: str, create: bool) -> None:
    """Inside a transaction: the registry at this version, created when asked and missing,
    upgraded when older; a newer one is refused. Two programs never do this at once."""
    connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
    found = connection.execute("SELECT to_regclass(%s)", (f"{REGISTRY}.info",)).fetchone()
    if found is None or found[0] is None:
        # The schema may have been made for the role beforehand (CREATE SCHEMA rmworkshop
        # AUTHORIZATION ...): empty, it is used; holding tables of something else, it is not.
        foreign = connection.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = to_regnamespace(%s)", (REGISTRY,)
        ).fetchone()
        if foreign is not None and foreign[0]:
            raise BadFile(
                f"{where}: the database's schema {REGISTRY} holds tables that are not"
                " rmworkshop's; nothing was changed"
            )
        if not create:
            raise BadFile(f"{where}: this database holds no rmworkshop sessions")
        for statement in statements(REGISTRY_TABLES):
            connection.execute(statement)
        connection.execute(
            f"INSERT INTO {REGISTRY}.info VALUES ('schema_version', %s)", (str(SCHEMA_VERSION),)
        )
        return
    row = connection.execute(
        f"SELECT value FROM {REGISTRY}.info WHERE key = 'schema_version'"
    ).fetchone()
    version = int(row[0]) if row and str(row[0]).isdecimal() else None
    if version in range(1, SCHEMA_VERSION):
        assert version is not None
        upgrade(connection, version)
    elif version != SCHEMA_VERSION:
        raise BadFile(
            f"{where}: the database's rmworkshop tables are version {version or 'unknown'};"
            f" this rmworkshop reads version {SCHEMA_VERSION}"
        )


def upgrade(connection: Connection, version: int) -> None:
    """Inside the transaction of `ensure`: the registry and every session's tables, from
    ``version`` to this one, step by step."""
    # A session's write takes its lock first and raises its version in this table last: the
    # upgrade takes every session's lock first too, so it waits for writes under way instead
    # of holding this table while they wait for it, and the next ones wait for it. No session
    # is made meanwhile (that takes `LOCK_KEY`), nor removed (a removal deletes its row).
    # A session whose tables are gone (removed by hand) is left as it is: opening it says so.
    schemas = [
        str(schema)
        for (schema,) in connection.execute(
            f"SELECT schema FROM {REGISTRY}.sessions"
            " WHERE to_regclass(quote_ident(schema) || '.people') IS NOT NULL ORDER BY schema"
        )
    ]
    for schema in schemas:
        # Programs of version 6 on submit without the advisory lock: their counters wait.
        connection.execute(session_lock(schema, counters=version >= 6))
    connection.execute(f"LOCK TABLE {REGISTRY}.sessions IN SHARE MODE")
    (before,) = connection.execute("SELECT current_setting('search_path')").fetchone() or ("",)
    for old in range(version, SCHEMA_VERSION):
        for statement in statements(MIGRATIONS.get(old, "")):
            connection.execute(statement)
        for schema in schemas:
            connection.execute("SELECT set_config('search_path', %s, true)", (schema,))
            for statement in statements(SESSION_MIGRATIONS.get(old, "")):
                connection.execute(statement)
    connection.execute("SELECT set_config('search_path', %s, true)", (before,))
    connection.execute(
        f"UPDATE {REGISTRY}.info SET value = %s WHERE key = 'schema_version'",
        (str(SCHEMA_VERSION),),
    )


def new_schema(connection: Connection, where: str, name: str, created: float) -> str:
    """Inside a transaction: a new session's registry row and its empty tables, with the
    search path on them for the rest of the transaction."""
    named = [str(n) for (n,) in connection.execute(f"SELECT name FROM {REGISTRY}.sessions")]
    if names.looks_like_another(name, named):  # made one at a time: `ensure` holds LOCK_KEY
        raise Refused(
            f"{where}: this name looks like the name of another session in this database"
            " (see rmworkshop sessions); choose one that can be told apart"
        )
    schema = f"s_{secrets.token_hex(8)}"
    inserted = connection.execute(
        f"INSERT INTO {REGISTRY}.sessions (name, schema, created) VALUES (%s, %s, %s)"
        " ON CONFLICT (name) DO NOTHING RETURNING schema",
        (name, schema, created),
    ).fetchone()
    if inserted is None:
        raise Refused(f"{where}: already exists; open it to resume the session")
    connection.execute(f"CREATE SCHEMA {schema}")
    connection.execute("SELECT set_config('search_path', %s, true)", (schema,))
    for statement in statements(SESSION_TABLES):
        connection.execute(statement)
    return schema


def find(connection: Connection, where: str, name: str) -> str:
    """The schema of the session called ``name``."""
    row = connection.execute(
        f"SELECT schema FROM {REGISTRY}.sessions WHERE name = %s", (name,)
    ).fetchone()
    if row is None:
        raise BadFile(f"{where}: no such session in this database")
    return str(row[0])


def listed(connection: Connection) -> list[Listed]:
    """Every session, newest first."""
    rows = connection.execute(
        f"SELECT name, schema, created, summary, version FROM {REGISTRY}.sessions"
        " ORDER BY created DESC, name"
    ).fetchall()
    return [
        Listed(
            str(name),
            str(schema),
            float(created),
            None if summary is None else str(summary),
            int(version),
        )
        for name, schema, created, summary, version in rows
    ]


def copy_within(connection: Connection, where: str, source: str, name: str, now: float) -> str:
    """Inside a transaction: a new session ``name`` holding exactly the rows of the session
    in schema ``source``; returns its schema. Rows are copied in the source's physical order,
    which its reveals and close have already shuffled."""
    schema = new_schema(connection, where, name, now)
    for table in TABLES:
        connection.execute(f"INSERT INTO {schema}.{table} SELECT * FROM {source}.{table}")
    continue_identities(connection, schema)
    connection.execute(SUMMARY)  # the search path is on the new session's tables
    return schema


def continue_identities(connection: Connection, schema: str) -> None:
    """After rows were copied in with their ids: new ids continue after the highest."""
    for table in IDENTITIES:
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{schema}.{table}', 'id'),"
            f" coalesce((SELECT max(id) FROM {schema}.{table}), 0) + 1, false)"
        )


def holds(connection: Connection, name: str) -> bool:
    """Whether the database holds the session ``name`` (False when it holds no sessions)."""
    row = connection.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{REGISTRY}.sessions",))
    found = row.fetchone()
    if not found or not found[0]:
        return False
    named = f"SELECT 1 FROM {REGISTRY}.sessions WHERE name = %s"
    return connection.execute(named, (name,)).fetchone() is not None
