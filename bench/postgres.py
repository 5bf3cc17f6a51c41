"""The PostgreSQL server the PostgreSQL benchmarks run against, and databases of their own on it.

The server is the one named by RMWORKSHOP_TEST_PG, as for the tests; without it, a throwaway
cluster is started once per run the way `dev.py test` starts one (`dev.throwaway_postgres`),
and stopped and removed when the run ends. Each benchmark makes a new database on it and drops
it afterwards, so that the figures do not depend on what else the server holds.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

VARIABLE = "RMWORKSHOP_TEST_PG"
MISSING = (
    "Not measured: no PostgreSQL server (set RMWORKSHOP_TEST_PG to a database the role may"
    " create databases from, or install PostgreSQL for a throwaway one)."
)

_servers = ExitStack()
atexit.register(_servers.close)
_url: list[str | None] = []
"""The server's URL once looked for (None when none could be had)."""


def server() -> str | None:
    """The URL of a database on the server, or None when no server can be had."""
    if not _url:
        given = os.environ.get(VARIABLE)
        if given:
            _url.append(given)
        else:
            from dev import throwaway_postgres  # the project's own, run from its folder

            _url.append(_servers.enter_context(throwaway_postgres()))
    return _url[0]


def with_database(url: str, name: str) -> str:
    """The same server's URL for another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def with_session(url: str, name: str) -> str:
    """The address of session ``name`` in the database at ``url``."""
    from rmworkshop.store.postgres import parse

    return str(parse(url, need_session=False).with_session(name))


@contextmanager
def database(url: str, label: str) -> Iterator[str]:
    """A new, empty database on the server (its URL), dropped afterwards with whatever is
    still connected to it."""
    import psycopg

    name = f"rmw_bench_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def backends(url: str) -> list[int]:
    """The server processes connected to the database at ``url`` (this query's excepted)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(pid) for (pid,) in rows]


def cpu_seconds(pids: list[int], server: bool = True) -> float | None:
    """CPU time so far of these processes, from the scheduler's own count in nanoseconds
    (/proc's clock ticks are truncated per process, which loses most of the time of a hundred
    short-lived backends). With `server`, only PostgreSQL's processes count, so that a remote
    server's process numbers are never read here. None when none could be read; processes
    gone meanwhile count as nothing."""
    total, seen = 0.0, False
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            if server and Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
                continue
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
            seen = True
    return total if seen else None
