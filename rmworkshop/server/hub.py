"""The one watcher of the session file, and the devices listening for its commits.

A single reader polls the store's ``data_version`` (as the consoles do) on its own thread, and
reads one snapshot per commit. Reads asked for while one is under way (after each write of a
burst, say) become one read when it ends, so a burst of commits costs one or two snapshots,
never a queue of stale ones. Every listening device is then woken; each takes the newest
snapshot when it is ready, so a slow device never makes anything queue up: it simply skips to
the latest state.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Busy
from rmworkshop.participation.view import with_countdown
from rmworkshop.server.device_views import Snapshot, State
from rmworkshop.store import Device, Store

POLL_SECONDS = 0.05
"""How often the file is looked at for commits made elsewhere (the facilitator's console, a
command). Twice as often as a console looks: one look serves the whole room, costs a fraction
of a millisecond, and is most of the time a room waits for a facilitator's commit."""
T = TypeVar("T")
BUSY = "the session file is held by another program: writes are answered 'try again'"


def _unawaited(asked: asyncio.Future[Snapshot]) -> None:
    """A read nobody waits for: what it found (or failed to) is heard of here."""
    if not asked.cancelled():
        asked.exception()


class Hub:
    """Owns the server's two connections to the session file: one reads, one writes."""

    def __init__(
        self, open_store: Callable[[], Store], clock: Clock, poll: float = POLL_SECONDS
    ) -> None:
        """``open_store`` opens the session once more each time it is called (the program's
        wiring decides on which backend, and how long a write waits for another program's
        lock): the hub holds one store to read and one to write. Reads never wait for writes:
        they have a thread and a connection of their own. When a write finds the file held
        by another program (`Busy`), every write queued behind it is refused as `Busy` at once
        rather than wait its own turn at the lock: while another program holds the file,
        writes answer "try again" within one wait, and give up their places."""
        self.clock = clock
        self._poll = poll
        self._refused_at: float | None = None
        """When the last write found the file held (real time), until one gets through."""
        self.waiting = 0
        """Writes queued or under way now."""
        self._reader_pool = ThreadPoolExecutor(1, thread_name_prefix="rmw-read")
        self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="rmw-write")
        self._reader = open_store()
        self.writer = open_store()
        self._open_store = open_store
        self._side_pool = ThreadPoolExecutor(1, thread_name_prefix="rmw-side")
        self._side: Store | None = None
        """For what several servers share and no write waits on (the code guard's counts, a
        device joined elsewhere): opened when first needed, on a thread of its own."""
        self._seen: int | None = None
        self._count = 0
        self.snapshot: Snapshot = self._read()
        self._changed = asyncio.Event()
        """Set, then replaced by a fresh one, whenever a new snapshot arrives."""
        self._task: asyncio.Task[None] | None = None
        self._asked: asyncio.Future[Snapshot] | None = None
        """The next read, asked for and not yet begun: everyone asking now shares it."""
        self._force = False
        self._reading: asyncio.Task[None] | None = None
        self.beats = 0
        """How often the room's heartbeat has beaten (see `beat`)."""
        self._beating_task: asyncio.Task[None] | None = None

    # -- the reader thread ---------------------------------------------------------------------
    def _read(self) -> Snapshot:
        self._seen = self._reader.data_version()
        self._count += 1
        session, devices = self._reader.room_snapshot()
        return Snapshot(self._count, session, devices, self.clock.now())

    def _poll_once(self, force: bool) -> Snapshot | None:
        if not force and self._reader.data_version() == self._seen:
            return None
        return self._read()

    async def refresh(self, force: bool = True) -> Snapshot:
        """Read the file (after our own write, say) and tell every listener if it changed.

        Returns a snapshot read after this call began. While a read is under way, every call
        waits for the one read that follows it, however many writes ask in the meantime."""
        return await asyncio.shield(self._ask(force))

    def _ask(self, force: bool) -> asyncio.Future[Snapshot]:
        """The next read, asked for (`refresh`), without waiting for it."""
        loop = asyncio.get_running_loop()
        if self._asked is None:
            self._asked = loop.create_future()
            self._force = False
        asked = self._asked
        self._force = self._force or force
        if self._reading is None:
            self._reading = loop.create_task(self._read_asked())
        return asked

    def _heard(self) -> None:
        """The store heard of a commit (`Store.watch`): read now, not at the next look."""
        self._ask(force=False).add_done_callback(_unawaited)

    async def _read_asked(self) -> None:
        """Make the reads asked for, one at a time, until none is waiting."""
        loop = asyncio.get_running_loop()
        try:
            while self._asked is not None:
                asked, force, self._asked = self._asked, self._force, None
                try:
                    fresh = await loop.run_in_executor(self._reader_pool, self._poll_once, force)
                except asyncio.CancelledError:
                    asked.cancel()
                    raise
                except Exception as error:  # every caller hears of it
                    asked.set_exception(error)
                    asked.exception()  # heard of here too, if nobody is left waiting
                    continue
                self._publish(fresh)
                asked.set_result(self.snapshot)
        finally:
            self._reading = None
            if self._asked is not None:  # stopped with a read still asked for
                self._asked.cancel()
                self._asked = None

    def _publish(self, fresh: Snapshot | None) -> None:
        if fresh is not None and fresh.version > self.snapshot.version:
            fresh.keep_shared(self.snapshot)
            self.snapshot = fresh
            self._wake()

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def beat(self) -> None:
        """The room's heartbeat: every live connection sends a ping now. One clock for the
        whole room, never a timer per connection that a commit would restart, so when a ping
        comes says nothing about when anyone wrote."""
        self.beats += 1
        self._wake()

    async def _beating(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            self.beat()

    async def _watch(self) -> None:
        while True:
            with contextlib.suppress(Exception):  # a busy file is read again next time
                await self.refresh(force=False)
            await asyncio.sleep(self._poll)

    def start(self, ping: float | None = None) -> None:
        """Watch the file; with `ping`, beat the room's heartbeat every `ping` seconds. A
        backend that hears of commits (a database's listener) wakes the reader at once; the
        file is still looked at every `POLL_SECONDS` (and a database while it is not heard)."""
        loop = asyncio.get_running_loop()

        def heard() -> None:  # on the store's thread
            loop.call_soon_threadsafe(self._heard)

        self._reader.watch(heard)
        self._task = loop.create_task(self._watch())
        if ping is not None:
            self._beating_task = loop.create_task(self._beating(ping))

    async def stop(self) -> None:
        for task in (self._task, self._beating_task, self._reading):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._writer_pool, self.writer.close)
        await loop.run_in_executor(self._reader_pool, self._reader.close)
        side = self._side
        if side is not None:
            await loop.run_in_executor(self._side_pool, side.close)
        self._writer_pool.shutdown()
        self._reader_pool.shutdown()
        self._side_pool.shutdown()

    # -- listeners ------------------------------------------------------------------------------
    async def next_change(self, after: int, beats: int) -> Snapshot:
        """The newest snapshot, once it is newer than `after` or the room's heartbeat has beaten
        since `beats` (see `beat`): one wait for a commit or a heartbeat, shared by the room."""
        while self.snapshot.version <= after and self.beats <= beats:
            await self._changed.wait()
        return self.snapshot

    def device(self, digest: str) -> Device | None:
        return self.snapshot.devices.get(digest)

    def state_for(self, device: Device, snapshot: Snapshot | None = None) -> State:
        """The device's state as sent: its view, the version, and the countdown as of now
        rather than as of the commit."""
        snapshot = snapshot or self.snapshot
        state = {"version": snapshot.seen_version(device), **snapshot.view(device)}
        return with_countdown(state, snapshot.session, self.clock.now())

    # -- writing ---------------------------------------------------------------------------------
    async def aside(self, action: Callable[[Store], T]) -> T:
        """Run a store call that changes no session data (the servers' shared counts, a look
        for a device) on a thread and a store of its own, so neither reads nor writes ever
        wait for it; nothing is read again after it."""

        def run() -> T:
            if self._side is None:
                self._side = self._open_store()
            return action(self._side)

        return await asyncio.get_running_loop().run_in_executor(self._side_pool, run)

    async def write(self, action: Callable[[], T]) -> T:
        """Run one store write on the writer thread, then read what it committed."""
        # Real time, not the session's clock: this is a wait on a lock, not a rule.
        queued = time.monotonic()

        def run() -> T:
            refused = self._refused_at
            if refused is not None and queued <= refused:
                raise Busy(BUSY)  # queued behind a write the file was held against
            try:
                result = action()
            except Busy:
                self._refused_at = time.monotonic()
                raise
            except BaseException:
                self._refused_at = None  # the file was had: the action itself refused
                raise
            self._refused_at = None
            return result

        loop = asyncio.get_running_loop()
        self.waiting += 1
        try:
            result = await loop.run_in_executor(self._writer_pool, run)
        finally:
            self.waiting -= 1
        await self.refresh()
        return result
