"""Starting and stopping the participant server: in the foreground for `serve`, or on a
background thread for the facilitator console (`run --serve`)."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import threading
from collections.abc import Callable

from aiohttp import web

from rmworkshop import memory
from rmworkshop.core import joincode
from rmworkshop.core.clock import Clock
from rmworkshop.core.devices import RoomCounts
from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.server.address import Address
from rmworkshop.server.app import build_app
from rmworkshop.server.connection_caps import ConnectionCaps
from rmworkshop.server.hub import Hub
from rmworkshop.server.limits import Limits
from rmworkshop.server.reception import Reception
from rmworkshop.store import RoomKeys, Store
from rmworkshop.store.contract import ROOM_ALIVE_SECONDS
from rmworkshop.system import SystemClock

KEEPALIVE_SECONDS = 15.0
"""An idle connection is closed after this long; a person's page opens a new one."""


def check_address(host: str, port: int) -> None:
    """Refuse a busy port or an unknown address in one line, before printing a join code."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        reason = error.strerror or str(error)
        raise Refused(f"cannot listen on {host}:{port}: {reason}") from None


SessionOpener = Callable[[Clock], Store]
"""Opens the session once more with a clock: the wiring of the program decides how."""


class RoomServer:
    """One participant server for one session.

    `code` is the join code people type; `url` is the address they open; `kiosk_code` makes a
    device a kiosk, and only the facilitator sees it. `start()` runs the
    server on a thread of its own and returns once it listens; `stop()` ends it.
    """

    def __init__(
        self,
        open_session: SessionOpener,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        *,
        clock: Clock | None = None,
        limits: Limits | None = None,
        code: str | None = None,
    ) -> None:
        self._open_session = open_session
        self.address = Address(host, port, public_url)
        self.clock = clock or SystemClock()
        self.limits = limits or Limits()
        self.code = code or joincode.new_code()
        self.kiosk_code = joincode.new_code()
        """Makes a joining device a kiosk: for the facilitator's eyes, never the QR code."""
        self.url = self.address.shown()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self.gate: ConnectionCaps | None = None
        self._room: Reception | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._keeping: asyncio.Task[None] | None = None

    runs_here = True
    """The room closes when this server stops (`ParticipantServer.runs_here`)."""

    @property
    def reachable_from_room(self) -> bool:
        """False on loopback: phones cannot open this address."""
        return not self.address.loopback

    async def _open(self) -> None:
        hub = Hub(lambda: self._open_session(self.clock), self.clock)
        try:
            hub.writer.check_writable()
        except StorageError as error:
            await hub.stop()
            raise StorageError(
                f"{error}: nothing people send could be stored, so the room is not opened"
            ) from None
        # Several servers of one database session deal the first one's codes, and count
        # wrong codes together; a file's server keeps its own.
        proposed = RoomKeys(self.code, self.kiosk_code, secrets.token_hex(32), self.url)
        try:
            kept = hub.writer.room_keys(proposed)
        except StorageError:
            await hub.stop()
            raise
        keys = kept or proposed
        self.code, self.kiosk_code = keys.code, keys.kiosk_code
        room = Reception(
            hub,
            self.address,
            keys.code,
            self.clock,
            self.limits,
            kiosk_code=keys.kiosk_code,
            attempt_key=bytes.fromhex(keys.attempt_key),
            shared=kept is not None,
        )
        runner = web.AppRunner(
            build_app(room),
            access_log=None,
            handle_signals=False,
            keepalive_timeout=KEEPALIVE_SECONDS,
            shutdown_timeout=1.0,
            max_line_size=8190,
            max_field_size=8190,
        )
        await runner.setup()
        assert runner.server is not None
        gate = ConnectionCaps(
            runner.server,
            per_address=self.limits.connections_per_address,
            total=self.limits.connections_total,
            # Behind a proxy every connection comes from the proxy: only the total applies.
            per_address_applies=not self.address.behind_proxy,
        )
        loop = asyncio.get_running_loop()
        try:
            self._listener = await loop.create_server(
                gate, self.address.host or None, self.address.port, reuse_address=True
            )
        except OSError as error:
            await runner.cleanup()
            await hub.stop()
            raise Refused(
                f"cannot listen on {self.address.host}:{self.address.port}: {error.strerror}"
            ) from None
        self._runner = runner
        self.gate = gate
        self._room = room
        if kept is not None:  # other servers and consoles see this room open while it runs
            self._keeping = asyncio.get_running_loop().create_task(self._keep_open(hub, proposed))

    def room_counts(self) -> RoomCounts:
        """How many devices joined, from how many addresses (for the facilitator)."""
        return self._room.roll.counts() if self._room is not None else RoomCounts(0, 0, 0)

    def clear_idle(self) -> int:
        """Forget the devices holding no name (but for the newest); returns how many. From
        another thread than the server's; `Refused` (`Busy`) when the file is held."""
        room, loop = self._room, self._loop
        if room is None or loop is None:
            return 0
        return asyncio.run_coroutine_threadsafe(room.roll.clear(), loop).result(30)

    async def _keep_open(self, hub: Hub, keys: RoomKeys) -> None:
        """Mark the shared room open now and then, as long as this server runs."""
        while True:
            await asyncio.sleep(ROOM_ALIVE_SECONDS / 3)
            with contextlib.suppress(StorageError):  # marked again next time
                await hub.aside(lambda store: store.room_keys(keys))

    async def _close(self) -> None:
        if self._keeping is not None:
            self._keeping.cancel()
            self._keeping = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def serve_until_stopped(self, on_ready: Callable[[], None] | None = None) -> None:
        """Run in the calling event loop until `stop()` or cancellation; `on_ready` is called
        once the server listens."""
        self._loop = asyncio.get_running_loop()
        await self._open()
        memory.started()  # listening: what start-up made stays
        if on_ready is not None:
            on_ready()
        try:
            while not self._stopped.is_set():
                await asyncio.sleep(0.2)
        finally:
            await self._close()

    def start(self) -> None:
        """Serve on a background thread; returns once listening, or raises `Refused`."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._open())
            except BaseException as error:
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            with contextlib.suppress(Exception):
                loop.run_until_complete(self._wait_for_stop())
                loop.run_until_complete(self._close())
            loop.close()

        self._thread = threading.Thread(target=run, name="rmworkshop-server", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]

    async def _wait_for_stop(self) -> None:
        while not self._stopped.is_set():
            await asyncio.sleep(0.2)

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
