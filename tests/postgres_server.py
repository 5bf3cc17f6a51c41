"""The PostgreSQL server of the tests, found through one environment variable.

`python3 dev.py test` starts a throwaway cluster and sets the variable when it is not given;
under CI=true a test that needs the server fails without it, elsewhere it is skipped. Every
test makes sessions of its own, under random names, so workers of one run share the server
without meeting. A test that stops and starts a server does it on a `private_server`.
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
from urllib.parse import quote

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


class PrivateServer:
    """A PostgreSQL cluster of one test's own, on a Unix socket in a temporary folder, which
    the test may stop and start again (the shared server is never stopped)."""

    def __init__(self, folder: Path, bindir: Path, owner: list[str]) -> None:
        self._data = folder / "data"
        self._pg_ctl = [*owner, str(bindir / "pg_ctl"), "-D", str(self._data), "-w"]
        self._settings = f"-c listen_addresses='' -c unix_socket_directories='{folder}'"
        self._log = folder / "server.log"
        self.url = f"postgresql://postgres@{quote(str(folder), safe='')}/postgres"

    def start(self) -> None:
        command = [*self._pg_ctl, "-l", str(self._log), "-o", self._settings, "start"]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run([*self._pg_ctl, "-m", "fast", "stop"], check=True, capture_output=True)


@contextmanager
def private_server() -> Iterator[PrivateServer]:
    """A running `PrivateServer`, removed afterwards; the test is skipped (fails under CI)
    when PostgreSQL's programs are not installed."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts)
    found = shutil.which("initdb")
    bindir = installed[-1].parent if installed else Path(found).parent if found else None
    if bindir is None:
        tool_missing("PostgreSQL's programs (initdb, pg_ctl) are not installed")
        raise AssertionError  # not reached
    folder = Path(tempfile.mkdtemp(prefix="rmw-pg-"))
    owner: list[str] = []
    if os.name != "nt" and os.geteuid() == 0:  # the server refuses to run as root
        import pwd

        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        owner = ["runuser", "-u", "postgres", "--"]
    server = PrivateServer(folder, bindir, owner)
    initdb = [str(bindir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"]
    try:
        subprocess.run([*owner, *initdb, "--no-sync"], check=True, capture_output=True)
        server.start()
        yield server
    finally:
        if (folder / "data" / "postmaster.pid").exists():
            stop = [*server._pg_ctl, "-m", "immediate", "stop"]
            subprocess.run(stop, check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
