"""Store work for a console: one job (a write, a read or a poll), what its worker read after
it, the message that brings both back to the event loop, and trying again while another
program holds the session file. `SessionApp` runs them one at a time in thread workers."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, Generic, NamedTuple

from textual.message import Message
from typing_extensions import TypeVar

from rmworkshop.core.errors import Busy

T = TypeVar("T")

RETRY_SECONDS = 0.2
"""How long a write waiting for a busy session file pauses between tries (off-screen)."""


class Job(Generic[T]):
    """One piece of store work: a write (the snapshot is read again after it) or a read."""

    def __init__(
        self,
        action: Callable[[], T],
        then: Callable[[T], None] | None,
        refused: Callable[[str], None] | None,
        *,
        reload: bool,
        poll: bool = False,
    ) -> None:
        self.action = action
        self.then = then
        self.refused = refused
        self.reload = reload
        """Read the snapshot again after it: the job is a write."""
        self.poll = poll
        """The job is a poll: its result is a `Reading`."""
        self.announced = False
        """Every screen was told this job waits for the file."""


class Reading(NamedTuple):
    """What a worker read after its job: the data version and the snapshot at it, or why not."""

    version: int | None = None
    snapshot: Any = None
    problem: BaseException | None = None
    lost: bool = False
    """The session file was deleted or replaced (polls only)."""


class JobDone(Message, bubble=False):
    """A store job's worker has finished: its outcome, and what it read after it."""

    def __init__(self, job: Job[Any], outcome: tuple[bool, Any], reading: Reading) -> None:
        super().__init__()
        self.job = job
        self.outcome = outcome
        self.reading = reading


def file_identity(path: os.PathLike[str]) -> tuple[int, int] | None:
    """The device and inode of a file, or None when it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def patiently(action: Callable[[], T], keep_trying: Callable[[], bool]) -> tuple[bool, Any]:
    """Run `action` until the file is no longer busy: (True, result) or (False, error)."""
    waited = threading.Event()
    while True:
        try:
            return True, action()
        except Exception as error:
            if not isinstance(error, Busy) or not keep_trying():
                return False, error
        waited.wait(RETRY_SECONDS)
