"""The part every console shares: a store, a clock, polling for other processes' commits,
writes that never freeze the screen, and failures that never show what people typed.

Screens ask by message (`rmworkshop.ui.messages`); the app runs the store action, then tells
every screen about the new snapshot with one `SessionChanged`, whoever changed the session.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, Protocol

from rich.text import Text
from textual.app import App
from textual.screen import Screen
from typing_extensions import TypeVar

from rmworkshop import memory
from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Busy
from rmworkshop.core.session import Session
from rmworkshop.store import Store
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


SourceT = TypeVar("SourceT", bound=Source[Any], default=Store)

POLL_SECONDS = 0.1
"""How often a console checks the session file for other processes' commits."""
TICK_SECONDS = 0.25
"""How often countdowns redraw; the time itself always comes from the clock."""
FIRST_WAIT_SECONDS = 0.4
"""How long a screen waits for a write before leaving it to finish on its own."""
RETRY_SECONDS = 0.2
"""How long a write waiting for a busy session file pauses between tries (off-screen)."""


class _Write(Generic[T]):
    """One store action on its way through the writer thread."""

    def __init__(
        self,
        action: Callable[[], T],
        then: Callable[[T], None] | None,
        refused: Callable[[str], None] | None,
    ) -> None:
        self.action = action
        self.then = then
        self.refused = refused
        self.finished = threading.Event()
        self.lock = threading.Lock()
        self.outcome: tuple[bool, Any] | None = None
        """(True, result) or (False, error), once the writer thread has run it."""
        self.left = False
        """The screen stopped waiting for it: the writer thread hands it back when done."""


def file_identity(path: os.PathLike[str]) -> tuple[int, int] | None:
    """The device and inode of a file, or None when it is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class SessionApp(App[None], Generic[SnapshotT, SourceT]):
    first_wait = FIRST_WAIT_SECONDS
    DEFAULT_MODE = "opening"
    """A console opens straight on its first real screen (`first_screen`, through Textual's
    `get_default_screen`) as the base of its screen stack: no blank screen below to compose,
    style and resume first. `show_base` replaces that base by switching to a new stack."""

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
        self._writes: queue.Queue[_Write[Any] | None] | None = None
        self._left = 0
        """Writes the screen stopped waiting for, still running on the writer thread."""
        self._closing_writes = False
        self._problem: str | None = None
        self._bases = 0

    def get_default_screen(self) -> Screen[None]:
        return self.first_screen()

    def first_screen(self) -> Screen[None]:
        """The screen the console opens on."""
        raise NotImplementedError

    def show_base(self, screen: Screen[None]) -> None:
        """Show `screen` in place of the whole screen stack (the base and any screen on it)."""
        leaving = self.current_mode
        if leaving == self.DEFAULT_MODE:
            # The opening stack came from `get_default_screen`, not from a registered mode
            # (registering it would restyle the whole app as it opens); it is registered now
            # only so that it can be removed like the others.
            self.add_mode(leaving, self.first_screen)
        self._bases += 1
        arriving = f"base-{self._bases}"  # never the name of the stack being left
        self.add_mode(arriving, lambda: screen)
        self.switch_mode(arriving)
        self.remove_mode(leaving)

    def on_ready(self) -> None:
        memory.started()  # the first frame is on screen

    def start_polling(self) -> None:
        self.set_interval(self._poll_seconds, self.poll)
        self.set_interval(TICK_SECONDS, self.tick)

    def on_unmount(self) -> None:
        self._closing_writes = True
        if self._writes is not None:
            self._writes.put(None)
        if not self._left:  # a write still waiting for the file keeps the store open
            self.store.close()

    # -- following the session ---------------------------------------------------------------
    def poll(self) -> None:
        """Pick up commits from other processes, and notice a deleted or replaced file.

        A store that is locked or failing is not a crash: the screen keeps what it shows, says
        so in one line, and the next poll tries again.
        """
        if self.lost or self._left:
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
        if self.screen_stack:  # empty for a moment while the console shuts down
            self.screen.post_message(ClockTicked())

    def lose_file(self) -> None:
        """The session file was deleted or replaced: anything typed now would be lost."""
        self.lost = True
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

        The action runs on the console's writer thread, in the order asked. The screen waits
        for it at most `first_wait` seconds: a write that takes longer (another program holds
        the file) goes on by itself, every screen says it is waiting, and it finishes the
        same way once done. A refusal or a storage problem goes to `refused`, or is a notice.
        """
        job = _Write(action, then, refused)
        if self.lost:
            self._refuse(job, "The session file was deleted or replaced; nothing is saved now.")
            return
        self._writer().put(job)
        job.finished.wait(self.first_wait)
        with job.lock:
            outcome = job.outcome
            job.left = outcome is None
        if outcome is None:
            self._left += 1
            if self._left == 1:
                self._announce(True)
            return
        self._settle(job, outcome)

    def _writer(self) -> queue.Queue[_Write[Any] | None]:
        if self._writes is None:
            self._writes = queue.Queue()
            thread = threading.Thread(target=self._write_loop, name="session-writes", daemon=True)
            thread.start()
        return self._writes

    def _write_loop(self) -> None:
        """The writer thread: each write in turn, tried again while the file is busy."""
        assert self._writes is not None
        while (job := self._writes.get()) is not None:
            outcome = _patiently(job.action, lambda: not self.lost and not self._closing_writes)
            with job.lock:
                job.outcome = outcome
                late = job.left
            job.finished.set()
            if late:
                try:
                    self.call_from_thread(self._settle_late, job, outcome)
                except RuntimeError:
                    return  # the console has closed; the write itself is done

    def _settle_late(self, job: _Write[Any], outcome: tuple[bool, Any]) -> None:
        self._left -= 1
        if self._left == 0:
            self._announce(False)
        self._settle(job, outcome)

    def _settle(self, job: _Write[Any], outcome: tuple[bool, Any]) -> None:
        ok, value = outcome
        if ok:
            self.reload()
            if job.then is not None:
                job.then(value)
            return
        line = refusal(value, self._file)
        if line is None:
            raise value
        self._refuse(job, line)
        self.reload()

    def _refuse(self, job: _Write[Any], line: str) -> None:
        if job.refused is not None:
            job.refused(line)
        else:
            self.notify(line, severity="warning", markup=False)

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
        # One line, whole at any width: a wrapped or cropped path could not be opened.
        self.error_console.soft_wrap = True
        self.panic(Text(crash_line(write_report(error)), no_wrap=True, overflow="ignore"))


def _is_busy(error: Exception) -> bool:
    return isinstance(error, Busy)


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
