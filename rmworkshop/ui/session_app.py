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
from functools import partial
from typing import Any, Generic, Protocol

from rich.text import Text
from textual import on
from textual.app import App
from textual.screen import Screen
from typing_extensions import TypeVar

from rmworkshop import memory
from rmworkshop.core.clock import Clock
from rmworkshop.core.session import Session
from rmworkshop.store import Store
from rmworkshop.ui.failures import crash_line, refusal, write_report
from rmworkshop.ui.messages import ClockTicked, SessionChanged, StoreWaiting
from rmworkshop.ui.store_jobs import Job, JobDone, Reading, file_identity, patiently

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
WAITING_SHOWN_AFTER = 0.4
"""A store job that takes longer than this says so on every screen ("waiting for the file")."""


class SessionApp(App[None], Generic[SnapshotT, SourceT]):
    DEFAULT_MODE = "opening"
    """A console opens straight on its first real screen (`first_screen`, through Textual's
    `get_default_screen`) as the base of its screen stack: no blank screen below to compose,
    style and resume first. `show_base` replaces that base by switching to a new stack."""

    def __init__(self, store: SourceT, clock: Clock, *, poll: float = POLL_SECONDS) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        # Read once before the console runs: its first frame draws this snapshot.
        self.session: SnapshotT = store.snapshot()
        self._version = store.data_version()
        self._poll_seconds = poll
        # A console on a session file of its own notices the file being deleted or replaced.
        self._file: os.PathLike[str] | None = getattr(store, "path", None)
        self._identity = file_identity(self._file) if self._file is not None else None
        self.lost = False
        """The session file was deleted or replaced: this console takes no more input."""
        self._jobs: deque[Job[Any]] = deque()
        """Store work asked for and not yet started: one job runs at a time, in this order."""
        self._job_running: Job[Any] | None = None
        self._in_worker = False
        """A worker thread is using the store (guarded by `_closing_lock`)."""
        self._closing = False
        self._store_closed = False
        """Closed exactly once, by the event loop or by the last worker (under the lock)."""
        self._closing_lock = threading.Lock()
        self._problem: str | None = None
        self._bases = 0
        self._held = True
        """Store work waits for the first frame, which draws the snapshot read above: a
        worker started sooner would only compete with it for the interpreter."""

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

    def on_mount(self) -> None:
        # Store work starts once the first frame is drawn: Textual's Ready says so, and a
        # refresh callback does too should Ready go elsewhere (several apps in one loop).
        self.call_after_refresh(self._first_frame_drawn)

    def on_ready(self) -> None:
        memory.started()  # the first frame is on screen
        self._first_frame_drawn()

    def _first_frame_drawn(self) -> None:
        if self._held:
            self._held = False
            self._next()

    def start_polling(self) -> None:
        self.set_interval(self._poll_seconds, self.poll)
        self.set_interval(TICK_SECONDS, self.tick)

    def on_unmount(self) -> None:
        with self._closing_lock:
            self._closing = True
            # The worker still using the store closes it when it is done; and it is closed once.
            closing = not self._in_worker and not self._store_closed
            self._store_closed = self._store_closed or closing
        if closing:
            self.store.close()

    @property
    def store_busy(self) -> bool:
        """Store work is running or waiting its turn."""
        return self._job_running is not None or bool(self._jobs)

    @property
    def waiting_for_file(self) -> bool:
        """The store work running now has taken long enough that every screen says it waits."""
        return self._job_running is not None and self._job_running.announced

    # -- following the session ---------------------------------------------------------------
    def poll(self) -> None:
        """Pick up commits from other processes, and notice a deleted or replaced file.

        The check runs in a worker, and only while no other store work is running or waiting
        (a write reads the snapshot again anyway). A store that is locked or failing is not a
        crash: the screen keeps what it shows, says so in one line, and the next poll tries
        again.
        """
        if self.lost or self.store_busy:
            return
        self._enqueue(Job(self._check, None, None, reload=False, poll=True))

    def _check(self) -> Reading:
        """In the worker: has the file gone, and is there a newer version to read?"""
        if self._file is not None and file_identity(self._file) != self._identity:
            return Reading(lost=True)
        try:
            version = self.store.data_version()
            if version == self._version:
                return Reading()
            return Reading(version, self.store.snapshot())
        except Exception as error:
            return Reading(problem=error)

    def reload(self) -> None:
        """Read the snapshot again (in a worker) and redraw every screen from it."""
        self._enqueue(Job(lambda: None, None, None, reload=True))

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

        The action runs in a thread worker, after every action asked before it; this returns
        at once. While another program holds the file it is tried again, and a job that takes
        a while has every screen say it is waiting. Once it is done, the snapshot is read
        again (in the worker), every screen redraws, and `then` has the result. A refusal or
        a storage problem goes to `refused`, or is a notice.
        """
        job = Job(action, then, refused, reload=True)
        if self.lost:
            self._refuse(job, "The session file was deleted or replaced; nothing is saved now.")
            return
        self._enqueue(job)

    def fetch(
        self,
        action: Callable[[], T],
        then: Callable[[T], None],
        *,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Read something from the store in a worker, in turn with the writes; `then` has it."""
        self._enqueue(Job(action, then, refused, reload=False))

    def _enqueue(self, job: Job[Any]) -> None:
        self._jobs.append(job)
        self._next()

    def _next(self) -> None:
        if self._held or self._job_running is not None or not self._jobs or self._closing:
            return
        job = self._job_running = self._jobs.popleft()
        self.run_worker(partial(self._work, job), name="store", group="store", thread=True)
        if not job.poll:
            self.set_timer(WAITING_SHOWN_AFTER, partial(self._still_running, job))

    def _work(self, job: Job[Any]) -> None:
        """The worker: the job, tried again while the file is busy, then a fresh snapshot.

        It takes the store only if the console is not closing; a worker that Textual cancels
        before it starts never takes it, so the event loop closes the store then."""
        with self._closing_lock:
            if self._closing:
                return
            self._in_worker = True
        try:
            outcome = patiently(job.action, lambda: not self.lost and not self._closing)
            reading = Reading()
            if job.reload and not self._closing:
                try:
                    reading = Reading(self.store.data_version(), self.store.snapshot())
                except Exception as error:
                    reading = Reading(problem=error)
        finally:
            with self._closing_lock:
                self._in_worker = False
                closing = self._closing
                close = closing and not self._store_closed
                self._store_closed = self._store_closed or close
            if close:
                self.store.close()
        if not closing:
            self.post_message(JobDone(job, outcome, reading))

    def _still_running(self, job: Job[Any]) -> None:
        if self._job_running is job and not job.announced:
            job.announced = True
            self._announce(True)

    @on(JobDone)
    def _job_done(self, done: JobDone) -> None:
        job, (ok, value), reading = done.job, done.outcome, done.reading
        self._job_running = None
        try:
            if job.announced:
                self._announce(False)
            if job.poll:
                self._polled(value)
            elif ok:
                self._take(reading)
                if job.then is not None:
                    job.then(value)
            else:
                line = refusal(value, self._file)
                if line is None:
                    raise value
                self._refuse(job, line)
                self._take(reading)
        finally:
            self._next()

    def _polled(self, reading: Reading) -> None:
        if reading.lost:
            if not self.lost:
                self.lose_file()
            return
        self._take(reading)

    def _take(self, reading: Reading) -> None:
        """Show what a worker read: a new snapshot on every screen, or one line on a problem."""
        if reading.problem is not None:
            line = refusal(reading.problem, self._file)
            if line is None:
                raise reading.problem
            if line != self._problem:
                self.notify(line, severity="warning", markup=False, timeout=5)
            self._problem = line
            return
        self._problem = None
        if reading.version is None:
            return
        self._version = reading.version
        self.session = reading.snapshot
        self.tell_screens()
        self.after_reload()

    def _refuse(self, job: Job[Any], line: str) -> None:
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
