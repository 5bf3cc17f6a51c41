"""Reading the files people write: regular files only, and never more than a stated size.

A FIFO would block a read forever, `/dev/zero` would never end, and a huge file would take
minutes and gigabytes to parse: each is refused with one line before anything is parsed.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any, TypeVar

from rmworkshop.core.errors import BadFile
from rmworkshop.core.loading import parse_toml, validate

M = TypeVar("M")

MIB = 1024 * 1024
MAX_SETUP_BYTES = 1 * MIB
"""Agendas and rosters: a few kilobytes in practice, a thousand people fit in a tenth of this."""
MAX_OUTCOMES_BYTES = 64 * MIB
"""Outcomes files: a session of 50,000 ideas is about 10 MiB."""


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit} bytes"


def refuse_larger(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise BadFile(f"{path}: is larger than {_size(limit)}, the most this file can be")


def read_bytes(path: Path, limit: int) -> bytes:
    """The whole file, or `BadFile` if it is missing, not a regular file, or over `limit`."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            raise BadFile(f"{path}: no such file") from None
        raise BadFile(f"{path}: cannot be read ({error.strerror})") from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise BadFile(f"{path}: is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise BadFile(f"{path}: is not a regular file (a device, pipe or socket)")
        refuse_larger(path, os.fstat(handle).st_size, limit)
        chunks: list[bytes] = []
        total = 0
        # Read to the end rather than trusting the size: the file may grow while it is read.
        while chunk := os.read(handle, MIB):
            total += len(chunk)
            refuse_larger(path, total, limit)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise BadFile(f"{path}: cannot be read ({error.strerror})") from None
    finally:
        os.close(handle)


def read_toml(path: Path, limit: int = MAX_SETUP_BYTES) -> tuple[str, dict[str, Any]]:
    """The file's text and parsed table, or `BadFile` naming the file and line."""
    return parse_toml(path, read_bytes(path, limit))


def load(model: type[M], path: Path) -> M:
    """An agenda or roster file, checked against its model."""
    text, data = read_toml(path)
    return validate(model, path, text, data)
