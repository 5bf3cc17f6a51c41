"""What a console shows when something fails, so that a failure never shows what people typed.

A storage failure (full disk, read-only file, I/O error, a lock held too long, a damaged file)
is one plain line, and the console carries on. Anything else is a bug: the console stops, writes
a report without local variables to a private file, and names that file in one line.
"""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from pathlib import Path

from rmworkshop.core.errors import Busy, Refused, StorageError
from rmworkshop.core.text import shown

RETRY = "What you typed is kept: try again once that is fixed."


def refusal(error: BaseException, path: object = None) -> str | None:
    """What to tell the person for an expected failure, or None when `error` is a bug.

    A refusal is its own line. A failure of the session's storage is the store's own line (every
    backend raises `StorageError` for one, naming the cause), and what the person typed is
    kept. Any other failure to read or write is said without quoting the error, whose words
    could carry what was being written.
    """
    if isinstance(error, Busy):
        return str(error)  # tried again by itself
    if isinstance(error, StorageError):
        return f"{error}. {RETRY}"
    if isinstance(error, Refused):
        return str(error)
    if isinstance(error, OSError):
        where = f"{shown(path)}: " if path is not None else ""
        reason = (error.strerror or "the disk failed").lower()
        return f"{where}{reason}; nothing was changed. {RETRY}"
    return None


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
    """The one line a console prints when it stops on a bug; the report's path is spelt out
    when it holds a character that is not printable, so the line stays one line."""
    where = f"a report is in {shown(report)}" if report else "no report could be written"
    return f"rmworkshop stopped on an unexpected error; {where}."
