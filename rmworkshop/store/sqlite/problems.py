"""What went wrong with a session file, as one line a person can act on.

SQLite reports a locked, read-only, full, failing or damaged file with error codes; each
becomes a refusal that names the file and the real cause. A file that is not a regular file
(a FIFO would block, `/dev/zero` never ends) or is far too large is refused before SQLite
opens it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar

from rmworkshop.core.errors import BadFile, Busy, StorageError
from rmworkshop.core.text import shown
from rmworkshop.store.sqlite.schema import SCHEMA

T = TypeVar("T")

MAX_SESSION_BYTES = 1024**3
"""A session of 50,000 ideas and 1,000 people takes a few tens of megabytes."""

BUSY = "is busy: another program has kept it locked too long; try again in a moment"

_READ_ONLY = (sqlite3.SQLITE_READONLY,)
_CANNOT_MAKE_LOG = (
    1544,  # SQLITE_READONLY_DIRECTORY: the -wal and -shm files cannot be created
    1288,  # SQLITE_READONLY_CANTINIT
    sqlite3.SQLITE_CANTOPEN,
    4874,  # SQLITE_IOERR_SHMSIZE: the -shm file cannot grow (a full disk)
    4618,  # SQLITE_IOERR_SHMOPEN
    5130,  # SQLITE_IOERR_SHMMAP
)
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_SCHEMA)
_MISSING_PARTS = ("no such table", "no such column")


class Damaged(BadFile):
    """A session file whose contents no longer make sense: edited, cut short or corrupted.

    Raised without a path where only the contents are at hand; the transaction around the
    read adds the file's name (see `named`).
    """

    def __init__(self, what: str, path: Path | None = None) -> None:
        where = f"{shown(path)}: " if path is not None else ""
        super().__init__(f"{where}the session file is damaged: {what}")
        self.what, self.path = what, path


def damaged(path: Path, what: str) -> Damaged:
    return Damaged(what, path)


def named(error: Damaged, connection: sqlite3.Connection) -> Damaged:
    """The same damage, naming the file the connection has open."""
    return error if error.path is not None else damaged(path_of(connection), error.what)


def check_regular(path: Path) -> None:
    """Refuse, without opening it, anything that cannot be a session file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise BadFile(f"{shown(path)}: no such session file") from None
    except OSError as error:
        raise BadFile(f"{shown(path)}: cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(status.st_mode):
        raise BadFile(f"{shown(path)}: is a directory, not a session file")
    if not stat.S_ISREG(status.st_mode):
        raise BadFile(f"{shown(path)}: is not a regular file (a device, pipe or socket)")
    if status.st_size > MAX_SESSION_BYTES:
        raise BadFile(
            f"{shown(path)}: is larger than {MAX_SESSION_BYTES // 1024**3} GiB,"
            " far more than any session file"
        )


def is_busy(error: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (extended codes included): the busy timeout ran out."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _beside(path: Path) -> str:
    """Why the -wal and -shm files beside a session file cannot be made or grown."""
    folder = path.resolve().parent
    try:
        if os.statvfs(folder).f_bavail == 0:
            return "the disk is full"
    except OSError:
        pass
    if not os.access(folder, os.W_OK):
        return "its folder is read-only"
    return "the folder refused them"


def storage_problem(
    path: Path, error: sqlite3.Error, writing: bool
) -> StorageError | Damaged | None:
    """The refusal that says what really went wrong, or None for an error that is a bug."""
    code = getattr(error, "sqlite_errorcode", None) or 0
    unchanged = "; nothing was changed" if writing else ""
    where = shown(path)
    if is_busy(error):
        return Busy(f"{where}: the session file {BUSY}")
    if code in _CANNOT_MAKE_LOG:
        return StorageError(
            f"{where}: cannot make the session's -wal and -shm files beside it: {_beside(path)}"
            f"{unchanged}"
        )
    if code & 0xFF in _READ_ONLY:
        return StorageError(f"{where}: the session file is read-only{unchanged}")
    if code == sqlite3.SQLITE_FULL:
        return StorageError(f"{where}: the disk is full{unchanged}")
    if code & 0xFF == sqlite3.SQLITE_IOERR:
        return StorageError(f"{where}: the disk reported an input/output error{unchanged}")
    if code & 0xFF in _DAMAGED:
        return damaged(path, "SQLite cannot read it")
    if isinstance(error, sqlite3.OperationalError) and str(error).startswith(_MISSING_PARTS):
        kind, _, name = str(error).removeprefix("no such ").partition(": ")
        return damaged(path, f"its {kind} {name} is missing")
    return None


def failure(path: Path, error: sqlite3.Error | OSError, writing: bool) -> StorageError | Damaged:
    """What the store raises for any failure of its file: the real cause when it is known,
    else one line that quotes nothing of the error (its words could carry what was written)."""
    if isinstance(error, sqlite3.Error) and (known := storage_problem(path, error, writing)):
        return known
    unchanged = "; nothing was changed" if writing else ""
    if isinstance(error, OSError):
        reason = (error.strerror or "the disk failed").lower()
        return StorageError(f"{shown(path)}: {reason}{unchanged}")
    verb = "written" if writing else "read"
    return StorageError(f"{shown(path)}: the session file could not be {verb}{unchanged}")


def path_of(db: sqlite3.Connection) -> Path:
    """The file a connection has open, as it was named when opened, for messages."""
    path = getattr(db, "path", None)
    return path if isinstance(path, Path) else Path("session file")


# A hand-edited setting can be any text, and the converters raise any of these on it.
BAD_VALUE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


def setting(info: Mapping[str, str], key: str, convert: Callable[[str], T], what: str) -> T:
    """One of the session's settings, converted, or `Damaged` saying which and why (the
    transaction it is read in adds the file's name)."""
    if key not in info:
        raise Damaged(f'its settings have no "{key}"')
    try:
        return convert(info[key])
    except BAD_VALUE:
        raise Damaged(f'its "{key}" setting is not {what}') from None


def optional_setting(
    info: Mapping[str, str], key: str, convert: Callable[[str], T], what: str
) -> T | None:
    """A setting that may be absent (or empty)."""
    return setting(info, key, convert, what) if info.get(key, "") != "" else None


def whole_number(value: str) -> int:
    if not value.strip().lstrip("-").isdecimal() or len(value) > 30:
        raise ValueError(value)
    return int(value)


def names(value: str) -> list[str]:
    """A JSON list of texts, such as the levels."""
    data = json.loads(value)
    if not isinstance(data, list) or not data or not all(isinstance(v, str) for v in data):
        raise ValueError(value)
    return data


def due_date(value: object, number: int) -> date | None:
    """An idea's due date, or `Damaged` naming the idea."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Damaged(f"idea #{number} has a due date that is not a date") from None


def clock_row(row: T | None) -> T:
    if row is None:
        raise Damaged("its clock table is empty")
    return row


# The value types each declared column type may hold. SQLite stores whatever it is given in a
# column of an ordinary table, so a hand edit can put text where the store reads a number.
_TYPES = {"INTEGER": ("integer",), "REAL": ("real", "integer"), "TEXT": ("text",)}
_WORDS = {"INTEGER": "a whole number", "REAL": "a number", "TEXT": "text"}


def check_contents(db: sqlite3.Connection, path: Path) -> None:
    """Every table is there, every value has its column's type, and every constraint holds;
    else `Damaged`, saying where. Run once when a session file is opened."""
    present = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    for table in re.findall(r"CREATE TABLE (\w+)", SCHEMA):
        if table not in present:
            raise damaged(path, f"its table {table} is missing")
        checked = []
        for _, column, declared, not_null, _, _ in db.execute(f"PRAGMA table_info({table})"):
            if (allowed := _TYPES.get(str(declared).upper())) is not None:
                kinds = (*allowed, *(() if not_null else ("null",)))
                checked.append((column, str(declared).upper(), kinds))
        if not checked:
            continue
        # One pass over the table, however many columns it has.
        wrong = " OR ".join(
            f"typeof({column}) NOT IN ({', '.join(repr(kind) for kind in kinds)})"
            for column, _, kinds in checked
        )
        found = ", ".join(f"typeof({column})" for column, _, _ in checked)
        row = db.execute(f"SELECT {found} FROM {table} WHERE {wrong} LIMIT 1").fetchone()
        if row is None:
            continue
        kind, column, declared = next(
            (kind, column, declared)
            for kind, (column, declared, kinds) in zip(row, checked, strict=True)
            if kind not in kinds
        )
        held = "no value" if kind == "null" else kind
        raise damaged(
            path, f"its {table} table holds {held} where {column} should be {_WORDS[declared]}"
        )
    # The clock names a phase of the agenda (the phases table has a row for each).
    (phase,) = db.execute("SELECT coalesce(max(phase), 0) FROM clock").fetchone()
    (phases,) = db.execute("SELECT count(*) FROM phases").fetchone()
    if not 0 <= phase < phases:
        raise damaged(path, f"its clock is at phase {phase}, not in the agenda")
    # Constraints that a program writing the file could have switched off (CHECK, NOT NULL),
    # and pages that do not fit together.
    if db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
        raise damaged(path, "SQLite finds it inconsistent")
