"""The SQLite session file itself: private permissions, refusing to overwrite, and leaving
other files alone."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.store import token_digest
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.store.sqlite.schema import SCHEMA_VERSION
from tests.helpers import go_to, make_agenda, make_roster


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_session_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "private.workshop"
    old = os.umask(0)  # a permissive umask must not widen the file's mode
    try:
        store = SessionStore.create(path, make_agenda(), "x", FakeClock(), make_roster())
    finally:
        os.umask(old)
    with store:
        go_to(store, "capture")
        store.submit("an idea")
        assert file_mode(path) == 0o600
        companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        present = [p for p in companions if p.exists()]
        assert present, "WAL mode keeps a -wal file while the session is open"
        for companion in present:
            assert file_mode(companion) == 0o600, companion
    assert file_mode(path) == 0o600


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "taken.workshop"
    path.write_text("someone's notes")
    with pytest.raises(Refused, match="already exists"):
        SessionStore.create(path, make_agenda(), "x", FakeClock())
    assert path.read_text() == "someone's notes"


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all\n", b"SQLite format 3\x00" + b"\x00" * 100],
    ids=["empty", "text", "truncated-sqlite"],
)
def test_open_refuses_other_files_and_leaves_them_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.workshop"
    path.write_bytes(content)
    with pytest.raises(BadFile, match="not an rmworkshop session file"):
        SessionStore.open(path, FakeClock())
    assert path.read_bytes() == content


def test_open_refuses_a_foreign_database_without_changing_it(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('keep me')")
    connection.commit()
    connection.close()
    content = path.read_bytes()
    with pytest.raises(BadFile, match="not an rmworkshop session file"):
        SessionStore.open(path, FakeClock())
    assert path.read_bytes() == content, "the journal mode of someone else's database is kept"


def test_open_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="no such session file"):
        SessionStore.open(tmp_path / "missing.workshop", FakeClock())
    assert not (tmp_path / "missing.workshop").exists()


def devices_before_version_5(db: sqlite3.Connection) -> None:
    """The device table as versions 3 and 4 made it, with no waiting column."""
    db.execute(
        "CREATE TABLE v4 (digest TEXT PRIMARY KEY, kiosk INTEGER NOT NULL DEFAULT 0,"
        " person INTEGER UNIQUE REFERENCES people (id)) WITHOUT ROWID"
    )
    db.execute("INSERT INTO v4 SELECT digest, kiosk, person FROM devices")
    db.execute("DROP TABLE devices")
    db.execute("ALTER TABLE v4 RENAME TO devices")


@pytest.mark.parametrize("had_devices", [True, False], ids=["served phones", "never served"])
def test_a_version_2_file_gains_the_device_tables_and_keeps_its_devices(
    tmp_path: Path, had_devices: bool
) -> None:
    """Before version 3, a file that served phones made its device tables on first use."""
    path = tmp_path / "v2.workshop"
    clock = FakeClock()
    with SessionStore.create(path, make_agenda(), "test", clock, roster=make_roster()) as store:
        digest = token_digest(store.join_device(kiosk=False))
        ana = store.claim(digest, "Ana", None)
    db = sqlite3.connect(path)
    with db:
        if not had_devices:
            db.execute("DROP TABLE idea_requests")
            db.execute("DROP TABLE devices")
        else:
            devices_before_version_5(db)
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        db.execute("PRAGMA user_version = 2")
    db.close()
    with SessionStore.open(path, clock) as store:
        assert store.claimed() == ({ana.id: digest} if had_devices else {})
        joined = token_digest(store.join_device(kiosk=True))
        assert joined in store.devices()
    check = sqlite3.connect(path)
    version = check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)
    check.close()


def test_a_version_3_file_gains_the_dismissed_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "v3.workshop"
    clock = FakeClock()
    with SessionStore.create(path, make_agenda(), "test", clock, roster=make_roster()) as store:
        go_to(store, "capture")
        store.submit_many(["one", "two"])
        store.reveal()
    db = sqlite3.connect(path)
    with db:
        db.execute("DROP TABLE dismissed")
        devices_before_version_5(db)
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        db.execute("PRAGMA user_version = 3")
    db.close()
    with SessionStore.open(path, clock) as store:
        store.dismiss([1, 2])
        assert store.dismissed() == [frozenset({1, 2})]
