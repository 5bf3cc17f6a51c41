"""A damaged, read-only or unreachable session file is one line and exit code 2.

Each message names the file and says what is really wrong: which part of the contents is
damaged, that the file or its folder is read-only, that the disk is full, or that the path is
not a regular file at all. Nothing stored is changed, and nothing hangs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import BadFile
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.store.sqlite.problems import MAX_SESSION_BYTES
from tests.cli.conftest import new_session
from tests.helpers import CLI_TIMEOUT_SECONDS, assert_ok, assert_refused, call_cli

READERS = [("status",), ("ideas",), ("people",), ("export",), ("ideas", "--json")]
WRITERS = [("next",), ("add", "Zed", "--level", "junior"), ("reveal",), ("back",)]


def _agenda(change: str) -> str:
    """A change to the stored agenda (JSON), made in Python by `damage`."""
    return f"agenda:{change}"


DAMAGE = [
    ("bad agenda JSON", "UPDATE meta SET value = '{not json' WHERE key = 'agenda'", "agenda"),
    (
        "agenda of the wrong shape",
        "UPDATE meta SET value = '[1, 2]' WHERE key = 'agenda'",
        "agenda",
    ),
    (
        "agenda without phases",
        "UPDATE meta SET value = '{\"title\": \"x\"}' WHERE key = 'agenda'",
        "agenda",
    ),
    ("agenda phase of an unknown kind", _agenda("kind"), "agenda"),
    ("agenda phase of NaN minutes", _agenda("nan"), "agenda"),
    ("agenda nested past recursion", _agenda("deep"), "agenda"),
    ("missing agenda_name", "DELETE FROM meta WHERE key = 'agenda_name'", '"agenda_name"'),
    ("emptied clock", "DELETE FROM clock", "clock table is empty"),
    ("clock past the agenda", "UPDATE clock SET phase = 99", "phase 99"),
    ("clock before the agenda", "UPDATE clock SET phase = -3", "phase -3"),
    ("bad seed", "UPDATE meta SET value = 'abc' WHERE key = 'seed'", '"seed"'),
    (
        "huge seed",
        "UPDATE meta SET value = '1' || printf('%.5000c', '9') WHERE key = 'seed'",
        '"seed"',
    ),
    ("bad dots", "INSERT OR REPLACE INTO meta VALUES ('dots', 'x')", '"dots"'),
    ("dots without a cap", "INSERT OR REPLACE INTO meta VALUES ('dots', '3')", '"max_per_idea"'),
    ("bad due date", "UPDATE ideas SET due = '2026-99-99'", "due date"),
    ("bad levels", "UPDATE meta SET value = '{\"a\": 1}' WHERE key = 'levels'", '"levels"'),
    ("no levels", "UPDATE meta SET value = '[]' WHERE key = 'levels'", '"levels"'),
    ("bad created", "UPDATE meta SET value = 'yesterday' WHERE key = 'created'", '"created"'),
    ("bad started", "INSERT OR REPLACE INTO meta VALUES ('started', 'soon')", '"started"'),
    ("dropped hands", "DROP TABLE hands", "table hands is missing"),
    ("dropped ideas", "DROP TABLE owners; DROP TABLE ideas", "is missing"),
    ("dropped turns", "DROP TABLE turns", "table turns is missing"),
    ("dropped clock", "DROP TABLE clock", "table clock is missing"),
    ("dropped column", "ALTER TABLE people DROP COLUMN present", "column present is missing"),
    ("text for a time", "UPDATE phases SET left_remaining = 'soon'", "left_remaining should be"),
    ("text for a deadline", "UPDATE clock SET deadline = 'x'", "clock table holds text"),
    ("a fraction of a phase", "UPDATE clock SET phase = 1.5", "phase should be a whole number"),
    ("text for votes", "UPDATE ideas SET votes = 'many'", "votes should be a whole number"),
    ("a blob for a text", "UPDATE ideas SET text = x'1b5b324a'", "ideas table holds blob"),
    (
        "a clock state no check allows",
        "PRAGMA ignore_check_constraints = ON; UPDATE clock SET state = 'dancing'",
        "inconsistent",
    ),
]


def damage(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as db:
        if sql.startswith("agenda:"):
            (stored,) = db.execute("SELECT value FROM meta WHERE key = 'agenda'").fetchone()
            agenda = json.loads(stored)
            change = sql.removeprefix("agenda:")
            if change == "kind":
                agenda["phases"][0]["kind"] = "party"
            elif change == "nan":
                agenda["phases"][0]["minutes"] = float("nan")  # json writes NaN, and reads it
            text = json.dumps(agenda) if change != "deep" else "[" * 100_000 + "]" * 100_000
            db.execute("UPDATE meta SET value = ? WHERE key = 'agenda'", (text,))
        else:
            db.executescript(sql)
    # Back to one file, as a copy sent by mail would be.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="module")
def revealed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session with a revealed idea that has a due date: every kind of content exists."""
    path = new_session(tmp_path_factory.mktemp("revealed"))
    for command in (("next",), ("next",), ("submit", "an idea"), ("next",), ("reveal",)):
        assert_ok(call_cli(command[0], path, *command[1:]))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE ideas SET due = '2026-12-15'")
    return path


@pytest.mark.parametrize(("what", "sql", "fragment"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damaged_contents_are_one_line_naming_the_damage(
    revealed: Path, tmp_path: Path, what: str, sql: str, fragment: str
) -> None:
    path = tmp_path / "damaged.workshop"
    shutil.copyfile(revealed, path)
    damage(path, sql)
    before = path.read_bytes()
    for command in READERS + WRITERS:
        line = assert_refused(call_cli(command[0], path, *command[1:]))
        assert "the session file is damaged" in line, (what, command, line)
        assert fragment in line, (what, command, line)
        assert str(path.name) in line
    assert path.read_bytes() == before
    with pytest.raises(BadFile, match="damaged"), SessionStore.open(path, FakeClock()) as store:
        store.snapshot()


SUBMIT_READS = [
    "bad agenda JSON",
    "agenda phase of an unknown kind",
    "emptied clock",
    "clock past the agenda",
    "clock before the agenda",
    "text for a deadline",
]


@pytest.mark.parametrize("what", [*SUBMIT_READS, "dropped ideas", "dropped clock"])
def test_submitting_to_a_damaged_session_is_one_line(
    revealed: Path, tmp_path: Path, what: str
) -> None:
    # Submitting reads only the clock and the phase kinds: damage elsewhere does not stop it.
    path = tmp_path / "damaged.workshop"
    shutil.copyfile(revealed, path)
    _, sql, _ = next(d for d in DAMAGE if d[0] == what)
    damage(path, sql)
    before = path.read_bytes()
    assert_refused(call_cli("submit", path, "an idea"), "the session file is damaged")
    assert path.read_bytes() == before


def test_a_corrupted_page_is_damage_not_a_crash(revealed: Path, tmp_path: Path) -> None:
    path = tmp_path / "corrupt.workshop"
    shutil.copyfile(revealed, path)
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 5] = b"\xa5" * (page * 2)  # two pages of the tables, overwritten
    path.write_bytes(bytes(data))
    for command in READERS + WRITERS:
        result = call_cli(command[0], path, *command[1:])
        line = assert_refused(result)
        assert "damaged" in line or "not an rmworkshop session file" in line, line


def test_a_sqlite_file_of_another_program_is_not_a_session(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    assert_refused(call_cli("status", path), "not an rmworkshop session file")


# -- read-only files and folders, full disks ------------------------------------------------

NOBODY = 65534


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another account can reach (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="rmw-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for child in folder.iterdir():
            child.chmod(0o600)
        folder.chmod(0o755)
        shutil.rmtree(folder)


def run_limited(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command run by an account for which the file permissions hold: root ignores them."""
    user = NOBODY if os.geteuid() == 0 else None
    return subprocess.run(
        [sys.executable, "-m", "rmworkshop", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        user=user,
        group=NOBODY if user else None,
        extra_groups=[] if user else None,
        timeout=CLI_TIMEOUT_SECONDS,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "RMWORKSHOP_DEBUG"},
    )


def owned_copy(source: Path, folder: Path) -> Path:
    path = folder / "s.workshop"
    shutil.copyfile(source, path)
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
    return path


def test_writing_to_a_read_only_session_file_is_one_line(
    tmp_path: Path, shared_folder: Path
) -> None:
    capturing = new_session(tmp_path)
    assert_ok(call_cli("next", capturing))
    assert_ok(call_cli("next", capturing))
    if os.geteuid() == 0:
        os.chown(shared_folder, NOBODY, NOBODY)
    path = owned_copy(capturing, shared_folder)
    path.chmod(0o400)
    before = path.read_bytes()
    for command in [
        ("next",),
        ("submit", "an idea"),
        ("add", "Zed", "--level", "mid"),
        ("away", "Ana"),
    ]:
        result = run_limited(command[0], path.name, *command[1:], cwd=shared_folder)
        line = assert_refused(result, "read-only", "nothing was changed")
        assert "s.workshop" in line
    # Reading still works.
    assert run_limited("status", path.name, cwd=shared_folder).returncode == 0
    assert path.read_bytes() == before


def test_serve_refuses_a_read_only_session_file(tmp_path: Path, shared_folder: Path) -> None:
    """Nothing people send could be stored: the room is not opened, in one line."""
    if os.geteuid() == 0:
        os.chown(shared_folder, NOBODY, NOBODY)
    path = owned_copy(new_session(tmp_path), shared_folder)
    path.chmod(0o400)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    result = run_limited("serve", path.name, "--port", port, cwd=shared_folder)
    assert_refused(result, "s.workshop", "read-only", "not opened")
    assert "Join code" not in result.stdout, "no code is shown for a room that cannot open"


def test_a_good_session_in_a_read_only_folder_says_why(revealed: Path, shared_folder: Path) -> None:
    path = owned_copy(revealed, shared_folder)  # the folder stays root's: read-only to nobody
    if os.geteuid() != 0:
        shared_folder.chmod(0o555)
    for command in READERS + WRITERS:
        result = run_limited(command[0], path.name, *command[1:], cwd=shared_folder)
        line = assert_refused(result, "cannot make the session's -wal and -shm files")
        assert "read-only" in line and "not an rmworkshop session file" not in line


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A small file system of its own, to fill up. Needs root, as CI has."""
    if os.geteuid() != 0 and os.environ.get("CI") != "true":
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", mount], check=True)


def fill(folder: Path) -> None:
    filler = (folder / "filler").open("wb", buffering=0)
    try:
        while filler.write(b"\0" * 4096):
            pass
    except OSError:
        pass  # full
    finally:
        filler.close()


def test_a_full_disk_is_named_as_the_cause(revealed: Path, full_disk: Path) -> None:
    path = full_disk / "s.workshop"
    shutil.copyfile(revealed, path)
    fill(full_disk)
    for command in READERS + WRITERS:
        line = assert_refused(call_cli(command[0], path, *command[1:]))
        assert "the disk is full" in line and "not an rmworkshop" not in line, line


def test_a_disk_that_fills_while_open_refuses_writes_and_keeps_what_was_stored(
    revealed: Path, full_disk: Path
) -> None:
    path = full_disk / "s.workshop"
    shutil.copyfile(revealed, path)
    held = sqlite3.connect(path)  # keeps the -wal and -shm files, as a running console does
    try:
        held.execute("SELECT count(*) FROM meta").fetchall()
        fill(full_disk)
        added = 0
        while added < 40:
            result = call_cli("add", path, f"Person number {added} " + "x" * 20, "--level", "mid")
            if result.returncode != 0:
                assert_refused(result, "the disk is full", "nothing was changed")
                break
            added += 1
        assert added < 40, "the disk never filled"
        (full_disk / "filler").unlink()
        people = json.loads(assert_ok(call_cli("people", path, "--json")))
        assert len(people) == 5 + added
    finally:
        held.close()


# -- what is not a regular file ----------------------------------------------------------


def _not_regular(kind: str, folder: Path) -> Path:
    if kind == "fifo":
        path = folder / "fifo.workshop"
        os.mkfifo(path)
        return path
    if kind == "socket":
        # Bound by a relative name: a socket's path has at most 107 bytes, and the temporary
        # folder's may be longer. The socket file stays once the socket is closed.
        with contextlib.chdir(folder), socket.socket(socket.AF_UNIX) as server:
            server.bind("socket.workshop")
        return folder / "socket.workshop"
    if kind == "folder":
        path = folder / "folder.workshop"
        path.mkdir()
        return path
    return Path(kind)


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder", "/dev/zero", "/dev/null"])
@pytest.mark.parametrize(
    "command",
    [("status",), ("submit", "x"), ("next",), ("join", "--as", "Ana"), ("kiosk",), ("serve",)],
    ids=" ".join,
)
def test_a_session_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    path = _not_regular(kind, tmp_path)
    line = assert_refused(call_cli(command[0], path, *command[1:]))
    assert "regular file" in line or "directory" in line, line


def test_run_refuses_a_fifo_as_its_session(tmp_path: Path) -> None:
    path = _not_regular("fifo", tmp_path)
    assert_refused(call_cli("run", "--session", path), "regular file")


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.workshop"
    with path.open("wb") as huge:  # sparse: takes no disk space
        huge.truncate(MAX_SESSION_BYTES + 1)
    for command in (("status",), ("submit", "x"), ("next",)):
        assert_refused(call_cli(command[0], path, *command[1:]), "larger than 1 GiB")
