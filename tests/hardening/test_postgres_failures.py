"""What a person sees when the database fails a command: one line and exit code 2, never a
traceback, never the password, never what was being written.

Against a private cluster of the test (`tests.postgres_server.private_cluster`), since the test
changes who may log in, cuts connections and stops the server:

- a wrong password, for a role that logs in with one (SCRAM on the cluster's socket);
- a connection dropped while the command waits to write (the server ends its backend);
- a server that is down;
- a full tablespace: the session's tables on a small tmpfs of their own, filled up (mounting
  it needs root, as CI has, like the full-disk tests of the session file).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.errors import StorageError
from rmworkshop.store.postgres import Address, PostgresStore, parse
from rmworkshop.store.postgres.schema import REGISTRY, session_lock
from rmworkshop.system import SystemClock
from tests.helpers import assert_ok, assert_refused, go_to, make_agenda, make_roster, run_cli
from tests.postgres_server import PrivateCluster, drop_sessions, new_address, private_cluster

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

ROLE = "workshop_login"
PASSWORD = "Right-Pa55word-7f3k"
WRONG = "Wrong-Pa55word-q9zx"
SECRET_IDEA = "an idea nobody else may read 4d7c"
WAIT_SECONDS = 30.0


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    with private_cluster() as made:
        made.require_password(ROLE, PASSWORD)
        yield made


@pytest.fixture
def address(cluster: PrivateCluster) -> Address:
    """A session in its capture phase, made by the database's owner."""
    made = new_address(cluster.url)
    with PostgresStore.create(made, make_agenda(), "failures", SystemClock(), make_roster()) as s:
        go_to(s, "capture")
    return made


def as_role(address: Address, role: str) -> str:
    """The same session's address, logging in as another role."""
    conninfo = address.conninfo.replace("postgresql://rmworkshop@", f"postgresql://{role}@", 1)
    return str(parse(conninfo, need_session=False).with_session(str(address.session)))


def unrevealed(address: Address) -> int:
    with PostgresStore.open(address, SystemClock()) as store:
        return store.unrevealed()


def assert_quiet(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    line = assert_refused(result, *fragments)
    for secret in (PASSWORD, WRONG, SECRET_IDEA):
        assert secret not in result.stdout + result.stderr, secret
    return line


def test_a_wrong_password_is_one_line_and_the_right_one_logs_in(
    address: Address, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = as_role(address, ROLE)
    monkeypatch.setenv("PGPASSWORD", WRONG)
    assert_quiet(run_cli("status", session), "refused the login")
    assert_quiet(run_cli("submit", session, SECRET_IDEA), "refused the login")
    monkeypatch.delenv("PGPASSWORD")
    assert_quiet(run_cli("status", session), "refused the login")  # no password at all
    assert unrevealed(address) == 0

    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert_ok(run_cli("submit", session, "given with the right password"))
    assert unrevealed(address) == 1


def test_a_connection_dropped_mid_command_is_one_line_and_changes_nothing(
    cluster: PrivateCluster, address: Address
) -> None:
    """The command waits for the session's lock, which the test holds, and the server ends
    its connection while it waits: the write cannot have happened, and it says so."""
    with cluster.admin() as admin, cluster.admin() as watching, admin.transaction():
        (schema,) = admin.execute(
            f"SELECT schema FROM {REGISTRY}.sessions WHERE name = %s", (address.session,)
        ).fetchone() or (None,)
        assert schema is not None
        admin.execute(session_lock(schema))
        command = submitting(address)
        waiting = None
        deadline = time.monotonic() + WAIT_SECONDS
        while waiting is None and time.monotonic() < deadline and command.poll() is None:
            waiting = watching.execute(
                "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                (admin.info.backend_pid,),
            ).fetchone()
            time.sleep(0.02)
        assert waiting is not None, "the command never waited for the session"
        admin.execute("SELECT pg_terminate_backend(%s)", (waiting[0],))
        out, err = command.communicate(timeout=WAIT_SECONDS)
    result = subprocess.CompletedProcess(command.args, command.returncode, out, err)
    assert_quiet(result, "cannot be reached", "nothing was changed")
    assert unrevealed(address) == 0


def test_a_server_that_is_down_is_one_line(cluster: PrivateCluster, address: Address) -> None:
    cluster.stop()
    try:
        assert_quiet(run_cli("status", str(address)), "cannot be reached")
        assert_quiet(run_cli("submit", str(address), SECRET_IDEA), "cannot be reached")
    finally:
        cluster.start()
    assert unrevealed(address) == 0


SMALL = "workshop_small"
"""A role whose tables go to the small tablespace by default."""


@pytest.fixture
def small_tablespace(cluster: PrivateCluster) -> Iterator[Path]:
    """A 16 MiB tmpfs in the cluster's folder, as the tablespace ``small``, where the tables
    of `SMALL` are made. Needs root, as CI has."""
    if os.geteuid() != 0 and os.environ.get("CI") != "true":
        pytest.skip("mounting a small file system needs root")
    mount = cluster.folder / "small"
    mount.mkdir()
    owner = ["-o", f"size=16m,mode=0700,uid={cluster.folder.stat().st_uid}"]
    subprocess.run(["mount", "-t", "tmpfs", *owner, "tmpfs", str(mount)], check=True)
    try:
        with cluster.admin() as admin:
            admin.execute(f"CREATE TABLESPACE small LOCATION '{mount}'")
            admin.execute(f"CREATE ROLE {SMALL} LOGIN IN ROLE rmworkshop")
            admin.execute(f"GRANT CREATE ON TABLESPACE small TO {SMALL}")
            admin.execute(f"ALTER ROLE {SMALL} SET default_tablespace = small")
        yield mount
    finally:
        try:
            remove_small(cluster)
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=True)


def remove_small(cluster: PrivateCluster) -> None:
    """The sessions of `SMALL`, the tablespace and the role."""
    with cluster.admin() as admin:
        names = admin.execute(
            f"SELECT name FROM {REGISTRY}.sessions s JOIN pg_namespace n"
            " ON n.nspname = s.schema JOIN pg_roles r ON r.oid = n.nspowner"
            " WHERE r.rolname = %s",
            (SMALL,),
        ).fetchall()
    drop_sessions(cluster.admin_url, [name for (name,) in names])
    with cluster.admin() as admin:
        admin.execute("DROP TABLESPACE IF EXISTS small")
        admin.execute(f"DROP ROLE IF EXISTS {SMALL}")


def fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as filler:
        try:
            while filler.write(b"\0" * 65536):
                pass
        except OSError:
            pass  # full


def test_a_full_tablespace_is_one_line_and_loses_nothing_written(
    cluster: PrivateCluster, address: Address, small_tablespace: Path
) -> None:
    small = new_address(cluster.url.replace("rmworkshop@", f"{SMALL}@", 1))
    with PostgresStore.create(small, make_agenda(), "full", SystemClock(), make_roster()) as store:
        go_to(store, "capture")
        before = 30
        for number in range(before):
            store.submit(f"idea {number} before the disk filled")
        fill(small_tablespace)
        stored, failure = 0, None
        while failure is None and stored < 5000:
            try:
                store.submit(f"idea {stored} on a full disk")
                stored += 1
            except StorageError as error:
                failure = str(error)
        assert failure is not None, "the tablespace never filled up"
        assert "no room left" in failure and "nothing was changed" in failure, failure
        assert "\n" not in failure and "idea" not in failure, failure

        assert_quiet(run_cli("submit", str(small), SECRET_IDEA), "no room left")
        assert_ok(run_cli("status", str(small)))  # reading goes on
        assert store.unrevealed() == before + stored, "a write was lost, or a refused one kept"

        (small_tablespace / "filler").unlink()
        store.submit("once there is room again")
        assert store.unrevealed() == before + stored + 1
    print(f"the full tablespace took {stored} more ideas, then refused in one line")


def test_a_commit_whose_answer_is_lost_does_not_claim_nothing_changed(
    cluster: PrivateCluster, address: Address
) -> None:
    """The connection ends after the server has committed but before the command heard so:
    the idea is stored, so the line must not say that nothing was changed (a person would
    send it again, twice). Made for real by a commit waiting for a synchronous standby that
    does not exist, as one waits during a failover, whose backend the server then ends."""
    with cluster.admin() as admin:
        admin.execute("ALTER SYSTEM SET synchronous_standby_names = 'nobody'")
        admin.execute("SELECT pg_reload_conf()")
    try:
        command = submitting(address)
        with cluster.admin() as watching:
            committing = None
            deadline = time.monotonic() + WAIT_SECONDS
            while committing is None and time.monotonic() < deadline and command.poll() is None:
                committing = watching.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep'"
                ).fetchone()
                time.sleep(0.02)
            assert committing is not None, "the command's commit never waited"
            watching.execute("SELECT pg_terminate_backend(%s)", (committing[0],))
        out, err = command.communicate(timeout=WAIT_SECONDS)
    finally:
        with cluster.admin() as admin:
            admin.execute("ALTER SYSTEM RESET synchronous_standby_names")
            admin.execute("SELECT pg_reload_conf()")
    result = subprocess.CompletedProcess(command.args, command.returncode, out, err)
    line = assert_quiet(result, "may have been saved")
    assert "nothing was changed" not in line
    assert unrevealed(address) == 1, "the commit the command did not hear about is stored"


def submitting(address: object) -> subprocess.Popen[str]:
    """`rmworkshop submit ADDRESS` with the secret idea, started and left running."""
    return subprocess.Popen(
        [sys.executable, "-m", "rmworkshop", "submit", str(address), SECRET_IDEA],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={key: value for key, value in os.environ.items() if key != "RMWORKSHOP_DEBUG"},
    )
