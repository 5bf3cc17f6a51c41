"""The PostgreSQL server of the tests, found through one environment variable.

`python3 dev.py test` starts a throwaway cluster and sets the variable when it is not given;
under CI=true a test that needs the server fails without it, elsewhere it is skipped. Every
test makes sessions of its own, under random names, so workers of one run share the server
without meeting.
"""

from __future__ import annotations

import os
import secrets

import psycopg

from rmworkshop.store.postgres import Address, parse
from rmworkshop.store.postgres.schema import REGISTRY
from tests.helpers import tool_missing

VARIABLE = "RMWORKSHOP_TEST_PG"


def server_url() -> str:
    """The server's libpq URL (no session), or the test fails (CI) or is skipped."""
    url = os.environ.get(VARIABLE, "")
    if not url:
        tool_missing(f"no PostgreSQL server: set {VARIABLE} or run the tests with dev.py test")
    return url


def new_address(url: str) -> Address:
    """A session address no other test uses."""
    return parse(url, need_session=False).with_session(f"test-{secrets.token_hex(8)}")


def drop_sessions(url: str, names: list[str]) -> None:
    """Remove these sessions and their tables (best effort: the server may be down)."""
    if not names:
        return
    try:
        with psycopg.connect(url, autocommit=True) as connection, connection.transaction():
            rows = connection.execute(
                f"DELETE FROM {REGISTRY}.sessions WHERE name = ANY(%s) RETURNING schema", (names,)
            ).fetchall()
            for (schema,) in rows:
                connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    except psycopg.Error:
        pass
