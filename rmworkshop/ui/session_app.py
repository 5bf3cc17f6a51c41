"""The part every console shares: a store, a clock, polling for other processes' commits,
writes that never freeze the screen, and failures that never show what people typed.

Screens ask by message (`rmworkshop.ui.messages`); the app runs the store action, then tells
every screen about the new snapshot with one `SessionChanged`, whoever changed the session.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol

from rich.text import Text
from textual.app import App
from typing_extensions import TypeVar

from rmworkshop.core.clock import Clock
from rmworkshop.core.session import Session
from rmworkshop.store import SessionStore
from rmworkshop.store.problems import BUSY
from rmworkshop.ui.failures import crash_line, refusal, write_report
from rmworkshop.ui.messages import ClockTicked, SessionChanged, StoreWaiting

T = TypeVar("T")
SnapshotT = TypeVar("SnapshotT", default=Session)
SnapshotT_co = TypeVar("SnapshotT_co", covariant=True)


class Source(Protocol[SnapshotT_co]):
    """Where a console reads the session: the store, or a participant's backend."""

    def snapshot(self) -> SnapshotT_co: ...
    def data_version(self) -> int: ...
    def close(self) -> None: ...


SourceT = TypeVar("SourceT", bound=Source[Any], default=SessionStore)

POLL_SECONDS = 0.1
"""How often a console checks the session file for other processes' commits."""
TICK_SECONDS = 0.25
"""How often countdowns redraw; the time itself always comes from the clock."""
RETRY_SECONDS = 0.2
"""How long a write waiting for a busy session file pauses between tries (off-screen)."""


@dataclass
class _Write(Generic[T]):
    action: Callable[[], T]
    then: Callable[[T], None] | None
    refused: Callable[[str], None] | None


def file_identity(path: os.PathLike[str]) -> tuple[int, int] | None:
    """The device and inode of a file, or None when it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class SessionApp(App[None], Generic[SnapshotT, SourceT]):
    def __init__(self, store: SourceT, clock: Clock, *, poll: float = POLL_SECONDS) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.session: SnapshotT = store.snapshot()
        self._version = store.data_version()
        self._poll_seconds = poll
        # A console on a session file of its own notices the file being deleted or replaced.
        self._file: os.PathLike[str] | None = getattr(store, "path", None)
        self._identity = file_identity(self._file) if self._file is not None else None
        self.lost = False
        """The session file was deleted or replaced: this console takes no more input."""
        self._waiting: deque[_Write[Any]] = deque()
        self._draining = False
        self._drain_lock = threading.Lock()
        self._problem: str | None = None

    def start_polling(self) -> None:
        self.set_interval(self._poll_seconds, self.poll)
        self.set_interval(TICK_SECONDS, self.tick)

    def on_unmount(self) -> None:
        self._waiting.clear()
        if not self._draining:
            self.store.close()

    # -- following the session ---------------------------------------------------------------
    def poll(self) -> None:
        """Pick up commits from other processes, and notice a deleted or replaced file.

        A store that is locked or failing is not a crash: the screen keeps what it shows, says
        so in one line, and the next poll tries again.
        """
        if self.lost or self._waiting:
            return  # a waiting write holds the connection; it reloads when done
        if self._file is not None and file_identity(self._file) != self._identity:
            self.lose_file()
            return
        try:
            version = self.store.data_version()
            if version != self._version:
                self.reload()
                self._version = version
        except Exception as error:
            line = refusal(error, self._file)
            if line is None:
                raise
            if line != self._problem:
                self.notify(line, severity="warning", markup=False, timeout=5)
            self._problem = line
            return
        self._problem = None

    def reload(self) -> None:
        self.session = self.store.snapshot()
        self.tell_screens()
        self.after_reload()

    def tell_screens(self) -> None:
        """Every screen, the one on top and those beneath it, redraws from the snapshot."""
        for screen in self.screen_stack:
            screen.post_message(SessionChanged(self.session))

    def after_reload(self) -> None:
        """Hook for app-wide reactions to a new snapshot."""

    def tick(self) -> None:
        self.screen.post_message(ClockTicked())

    def lose_file(self) -> None:
        """The session file was deleted or replaced: anything typed now would be lost."""
        self.lost = True
        self._waiting.clear()
        from rmworkshop.ui.lost import FileLostScreen

        self.push_screen(FileLostScreen(str(self._file)))

    # -- writing ---------------------------------------------------------------------------
    def write(
        self,
        action: Callable[[], T],
        then: Callable[[T], None] | None = None,
        *,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Run one store action, then redraw every screen and call `then` with its result.

        A refusal or a storage problem goes to `refused`, or becomes a notice. When another
        program holds the file, the action waits off the screen's thread, behind any other
        waiting write, and the screens say so meanwhile.
        """
        job = _Write(action, then, refused)
        if self.lost:
            self._refuse(job, "The session file was deleted or replaced; nothing is saved now.")
            return
        if self._waiting:
            self._queue(job)
            return
        try:
            result = action()
        except Exception as error:
            if _is_busy(error):
                self._queue(job)
                return
            self._fail(job, error)
            return
        self._done(job, result)

    def _done(self, job: _Write[T], result: T) -> None:
        self.reload()
        if job.then is not None:
            job.then(result)

    def _fail(self, job: _Write[Any], error: Exception) -> None:
        line = refusal(error, self._file)
        if line is None:
            raise error
        self._refuse(job, line)
        self.reload()

    def _refuse(self, job: _Write[Any], line: str) -> None:
        if job.refused is not None:
            job.refused(line)
        else:
            self.notify(line, severity="warning", markup=False)

    def _queue(self, job: _Write[Any]) -> None:
        with self._drain_lock:
            self._waiting.append(job)
            start = not self._draining
            self._draining = True
        if start:
            self._announce(True)
            self.run_worker(self._drain, thread=True, group="waiting-writes")

    def _drain(self) -> None:
        """Off the screen's thread: run the waiting writes in order, each until not busy."""
        while True:
            with self._drain_lock:
                if not self._waiting or not self.is_running:
                    self._draining = False
                    break
                job = self._waiting[0]
            outcome = _patiently(job.action, lambda: self.is_running and not self.lost)
            with self._drain_lock:
                if self._waiting:
                    self._waiting.popleft()
            self.call_from_thread(self._settle, job, outcome)
        if self.is_running:
            self.call_from_thread(self._drained)

    def _settle(self, job: _Write[Any], outcome: tuple[bool, Any]) -> None:
        ok, value = outcome
        if ok:
            self._done(job, value)
        else:
            self._fail(job, value)

    def _drained(self) -> None:
        if not self._draining:  # a write queued since then keeps the notice up
            self._announce(False)

    def _announce(self, waiting: bool) -> None:
        for screen in self.screen_stack:
            screen.post_message(StoreWaiting(waiting))

    # -- unexpected errors -------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """A bug: one line naming a private report, and exit code 1.

        Textual's own report would print every local variable on the screen it leaves
        behind: names, ballots and the texts of ideas. This one has none.
        """
        if self._exception is None:
            self._exception = error  # a test run re-raises it, as Textual would
            self._exception_event.set()
        self._return_code = 1
        self.panic(Text(crash_line(write_report(error))))


def _is_busy(error: Exception) -> bool:
    return BUSY in str(error)


def _patiently(action: Callable[[], T], keep_trying: Callable[[], bool]) -> tuple[bool, Any]:
    """Run `action` until the file is no longer busy: (True, result) or (False, error)."""
    waited = threading.Event()
    while True:
        try:
            return True, action()
        except Exception as error:
            if not _is_busy(error) or not keep_trying():
                return False, error
        waited.wait(RETRY_SECONDS)
