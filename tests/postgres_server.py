"""The PostgreSQL server of the tests, found through one environment variable.

`python3 dev.py test` starts a throwaway cluster and sets the variable when it is not given;
under CI=true a test that needs the server fails without it, elsewhere it is skipped. Every
test makes sessions of its own, under random names, so workers of one run share the server
without meeting.

A test that restarts the server, stops it or changes who may log in uses a `PrivateCluster` of
its own instead (`private_cluster`), never the shared server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from rmworkshop.store.postgres import Address, PostgresStore, parse
from rmworkshop.store.postgres.schema import REGISTRY
from tests.helpers import tool_missing

VARIABLE = "RMWORKSHOP_TEST_PG"


def server_url() -> str:
    """The server's libpq URL (no session), or the test fails (CI) or is skipped."""
    url = os.environ.get(VARIABLE, "")
    if not url:
        tool_missing(f"no PostgreSQL server: set {VARIABLE} or run the tests with dev.py test")
    return url


@contextmanager
def own_database(prefix: str) -> Iterator[str]:
    """A new database of the caller's own on the test server (its URL), dropped afterwards: for
    what the database other tests share cannot show (its registry made already, its count of
    connections, an upgrade that takes every session)."""
    shared = server_url()
    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(shared, autocommit=True) as connection:
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.InsufficientPrivilege:
            tool_missing("the test server's role may not create a database (CREATEDB)")
    try:
        yield urlunsplit(urlsplit(shared)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(shared, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def new_address(url: str) -> Address:
    """A session address no other test uses."""
    return parse(url, need_session=False).with_session(f"test-{secrets.token_hex(8)}")


@contextmanager
def made_session() -> Iterator[Address]:
    """A new session on the test agenda and roster, not started, under a name of its own;
    removed afterwards."""
    from rmworkshop.core.clock import FakeClock
    from tests.helpers import make_agenda, make_roster

    url = server_url()
    made = new_address(url)
    assert made.session is not None
    PostgresStore.create(made, make_agenda(), "test-agenda", FakeClock(), make_roster()).close()
    try:
        yield made
    finally:
        drop_sessions(url, [made.session])


@contextmanager
def two_handles(patience: float | None = None) -> Iterator[tuple[PostgresStore, PostgresStore]]:
    """Two handles on a new session at its capture phase, as two hosts would hold it: the
    first made it, the second opened it (waiting ``patience`` for a lock); removed after."""
    from rmworkshop.core.clock import FakeClock
    from tests.helpers import go_to, make_agenda, make_roster

    url, clock = server_url(), FakeClock()
    address = new_address(url)
    assert address.session is not None
    with (
        PostgresStore.create(
            address, make_agenda(), "test-agenda", clock=clock, roster=make_roster()
        ) as first,
        PostgresStore.open(address, clock, patience=patience) as second,
    ):
        go_to(first, "capture")
        yield first, second
    drop_sessions(url, [address.session])


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


# -- a private cluster, for the tests that restart or reconfigure the server -------------------

CLUSTER_SETTINGS = "-c listen_addresses='' -c fsync=off -c max_connections=200"


def _server_programs() -> Path:
    """The folder of initdb and pg_ctl: Debian's, else the PATH's; or the test fails (CI) or
    is skipped."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts)
    if installed:
        return installed[-1].parent
    found = shutil.which("pg_ctl")
    if found is None:
        tool_missing("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return Path(str(found)).parent


class PrivateCluster:
    """A PostgreSQL cluster of one test's own, in a new temporary folder, listening only on a
    Unix socket there, so that the test may restart it, stop it or change who may log in.

    The folder is short (a socket's path has a small limit) and belongs to the ``postgres``
    account when the tests run as root, since the server refuses to run as root. `url` is
    the ``rmworkshop`` role's, which owns the ``rmworkshop`` database; `admin` connects as the
    superuser."""

    def __init__(self) -> None:
        self.programs = _server_programs()
        self.folder = Path(tempfile.mkdtemp(prefix="rmw-pg-"))
        self.owner: list[str] = []
        if os.name != "nt" and os.geteuid() == 0:
            import pwd

            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self.owner = ["runuser", "-u", "postgres", "--"]
        self.data = self.folder / "data"
        self.socket = quote(str(self.folder), safe="")
        self.url = f"postgresql://rmworkshop@{self.socket}/rmworkshop"
        self.admin_url = f"postgresql://postgres@{self.socket}/rmworkshop"

    def _run(self, program: str, *args: str) -> None:
        command = [*self.owner, str(self.programs / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, f"{program} {args[:2]}: {done.stderr.strip()[-2000:]}"

    def _pg_ctl(self, *args: str) -> None:
        settings = f"{CLUSTER_SETTINGS} -c unix_socket_directories='{self.folder}'"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", settings, *args)

    def start(self) -> None:
        if not self.data.exists():
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
            self._pg_ctl("start")
            with psycopg.connect(
                self.admin_url.replace("/rmworkshop", "/postgres"), autocommit=True
            ) as admin:
                admin.execute("CREATE ROLE rmworkshop LOGIN CREATEDB")
                admin.execute("CREATE DATABASE rmworkshop OWNER rmworkshop")
            return
        self._pg_ctl("start")

    def restart(self, mode: str) -> None:
        """``fast`` ends every session cleanly; ``immediate`` is a crash, with recovery."""
        self._pg_ctl("-m", mode, "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("-m", "immediate", "stop")

    def admin(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.admin_url, autocommit=True)

    def require_password(self, role: str, password: str) -> None:
        """A role that logs in only with its password (SCRAM), on the cluster's socket."""
        with self.admin() as admin:
            admin.execute("SET password_encryption = 'scram-sha-256'")
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )
            admin.execute(sql.SQL("GRANT rmworkshop TO {}").format(sql.Identifier(role)))
            rules = self.data / "pg_hba.conf"
            rules.write_text(f"local all {role} scram-sha-256\n" + rules.read_text())
            admin.execute("SELECT pg_reload_conf()")

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """A started `PrivateCluster`, stopped and removed afterwards whatever happened."""
    cluster = PrivateCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
