"""Writing whole files atomically with mode 0600, or refusing with one line.

Outcomes and summaries name people: only their owner may read them. A file is written beside
its target, synced and renamed over it, so a reader never sees half a file. Writing onto a
device node, into a folder or into a missing folder, or over a session file, is refused
before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from rmworkshop.core.errors import Refused
from rmworkshop.files import SESSION_HEADERS


def _cannot_write(path: Path, error: OSError) -> Refused:
    return Refused(f"{path}: cannot be written ({error.strerror}); nothing was written")


def check_target(path: Path) -> Path:
    """The folder the file goes into; `Refused` when the target cannot be a file written there.
    A caller writing several files checks them all first, so a refusal writes none."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _cannot_write(path, error) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise Refused(f"{path}: is a folder; name a file to write; nothing was written")
    if mode is not None and not stat.S_ISREG(mode):
        raise Refused(
            f"{path}: is not a regular file (a device, pipe or socket); nothing was written"
        )
    if mode is not None and _is_session_file(path):
        raise Refused(
            f"{path}: is a session file, which is never written over; name another file;"
            " nothing was written"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise Refused(f"{path}: the folder {folder} does not exist; nothing was written")
    return folder


def _is_session_file(path: Path) -> bool:
    """Whether the regular file at ``path`` is a session (or a session's write-ahead log):
    an export or a report written over it would lose the whole session."""
    try:
        with path.open("rb") as file:
            start = file.read(len(SESSION_HEADERS[0]))
    except OSError:
        return False  # the write says what is wrong, if anything
    return start.startswith(SESSION_HEADERS)


def write_private(path: Path, content: str) -> None:
    """Write a whole file atomically with mode 0600: temporary file, fsync, rename."""
    folder = check_target(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise _cannot_write(path, error) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
