"""A session file that SQLite cannot even connect to (a file that only looks regular, such as
/proc/self/mem, or a disk failing as it is opened) is one line and exit code 2, not an
internal error."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import new_session
from tests.helpers import assert_refused, call_cli


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        (sqlite3.SQLITE_IOERR, "input/output error"),
        (None, "not an rmworkshop session file"),
    ],
)
def test_a_file_that_cannot_be_connected_to_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int | None, fragment: str
) -> None:
    session = new_session(tmp_path)
    kept = session.read_bytes()

    def failing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        error = sqlite3.OperationalError("disk I/O error")
        if code is not None:
            error.sqlite_errorcode = code
        raise error

    monkeypatch.setattr(sqlite3, "connect", failing)
    commands: list[list[str | Path]] = [
        ["status", session],
        ["submit", session, "an idea"],
        ["copy", session, "x"],
    ]
    for command in commands:
        assert_refused(call_cli(*command, cwd=tmp_path), str(session), fragment)
    monkeypatch.undo()
    assert session.read_bytes() == kept


def test_a_new_session_file_that_cannot_be_set_up_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "source").mkdir()
    source = new_session(tmp_path / "source")
    opened = sqlite3.connect

    def failing(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(database).endswith("new.workshop"):  # the source is read as usual
            error = sqlite3.OperationalError("disk I/O error")
            error.sqlite_errorcode = sqlite3.SQLITE_IOERR
            raise error
        connected: sqlite3.Connection = opened(database, *args, **kwargs)
        return connected

    monkeypatch.setattr(sqlite3, "connect", failing)
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / "new.workshop"
    commands: list[list[str | Path]] = [
        ["new", "lean-coffee", "--session", target],
        ["copy", source, target],
    ]
    for command in commands:
        assert_refused(call_cli(*command), "input/output error")
        assert list(folder.iterdir()) == [], "a refusal leaves no file behind"
