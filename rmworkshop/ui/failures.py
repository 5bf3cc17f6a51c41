"""What a console shows when something fails, so that a failure never shows what people typed.

A storage failure (full disk, read-only file, I/O error, a lock held too long, a damaged file)
is one plain line, and the console carries on. Anything else is a bug: the console stops, writes
a report without local variables to a private file, and names that file in one line.
"""

from __future__ import annotations

import errno
import os
import platform
import sqlite3
import sys
import time
import traceback
from pathlib import Path

from rmworkshop.core.errors import Refused

_SQLITE_LINES = {
    sqlite3.SQLITE_FULL: "the disk holding the session file is full",
    sqlite3.SQLITE_READONLY: "the session file or its folder is read-only",
    sqlite3.SQLITE_IOERR: "the disk reported an input/output error",
    sqlite3.SQLITE_BUSY: "another program keeps the session file locked",
    sqlite3.SQLITE_LOCKED: "another program keeps the session file locked",
    sqlite3.SQLITE_CORRUPT: "the session file is damaged",
    sqlite3.SQLITE_NOTADB: "the session file is damaged",
    sqlite3.SQLITE_CANTOPEN: "the session file cannot be opened",
    sqlite3.SQLITE_PERM: "the session file may not be written to",
}
# An error raised without a code (by a library, or a test) is recognised by SQLite's own words.
_SQLITE_WORDS = {
    "disk is full": sqlite3.SQLITE_FULL,
    "readonly": sqlite3.SQLITE_READONLY,
    "i/o error": sqlite3.SQLITE_IOERR,
    "locked": sqlite3.SQLITE_BUSY,
    "busy": sqlite3.SQLITE_BUSY,
    "malformed": sqlite3.SQLITE_CORRUPT,
    "not a database": sqlite3.SQLITE_NOTADB,
    "unable to open": sqlite3.SQLITE_CANTOPEN,
}
_OS_LINES = {
    errno.ENOSPC: "the disk holding the session file is full",
    errno.EDQUOT: "the disk quota for the session file is used up",
    errno.EROFS: "the session file or its folder is read-only",
    errno.EACCES: "the session file or its folder may not be written to",
    errno.EPERM: "the session file or its folder may not be written to",
    errno.EIO: "the disk reported an input/output error",
}


def storage_problem(error: BaseException) -> str | None:
    """One plain line for a storage failure, or None when `error` is not one.

    The line never quotes the error itself: its words could carry what was being written.
    """
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is None:
            words = str(error).casefold()
            code = next((c for w, c in _SQLITE_WORDS.items() if w in words), None)
        reason = _SQLITE_LINES.get(code & 0xFF) if code is not None else None
        return _line(reason or "the session file could not be used")
    if isinstance(error, OSError):
        return _line(_OS_LINES.get(error.errno or 0, "the session file could not be used"))
    return None


def _line(reason: str) -> str:
    return f"Not saved: {reason}. Nothing saved before is lost; try again once it is fixed."


def refusal(error: BaseException) -> str | None:
    """What to tell the person for an expected failure: a refusal or a storage problem."""
    if isinstance(error, Refused):
        return str(error)
    return storage_problem(error)


REPORT_PREFIX = "rmworkshop-error-"


def report_folder() -> Path:
    """Where error reports go: the user's state folder, as the XDG convention places it."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "rmworkshop"


def write_report(error: BaseException) -> Path | None:
    """Write a report of an unexpected error, mode 0600; None when nowhere would take it.

    The traceback lists files, lines and the error, never local variables: those held names,
    ballots and idea texts.
    """
    lines = [
        "rmworkshop error report\n",
        f"time: {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n",
        f"python: {sys.version.split()[0]} on {platform.platform()}\n\n",
        *traceback.format_exception(error),
    ]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (report_folder(), Path.cwd()):
        path = folder / f"{REPORT_PREFIX}{stamp}-{os.getpid()}.txt"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as report:
                report.writelines(lines)
        except OSError:
            continue
        return path
    return None


def crash_line(report: Path | None) -> str:
    where = f"a report is in {report}" if report else "no report could be written"
    return f"rmworkshop stopped on an unexpected error; {where}."
