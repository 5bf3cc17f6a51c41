"""The room of a database session as other servers opened it (`rmworkshop serve` on other
hosts): the facilitator's console shows their address, join code and QR code, and counts the
session's devices, without starting a server of its own."""

from __future__ import annotations

import threading

from rmworkshop.core.devices import RoomCounts
from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.server.runner import SessionOpener
from rmworkshop.store import RoomKeys, Store
from rmworkshop.system import SystemClock

COUNT_EVERY_SECONDS = 2.0


class ServedElsewhere:
    """A `ParticipantServer` the console shows but does not run. Its device counts are read
    on a thread of its own, so a slow or lost database never holds up the console."""

    reachable_from_room = True
    """The servers chose their own address; this console cannot tell more."""
    runs_here = False
    """Quitting the console leaves the room to its servers."""

    def __init__(self, keys: RoomKeys, session: SessionOpener) -> None:
        self.url, self.code, self.kiosk_code = keys.url, keys.code, keys.kiosk_code
        self._open = session
        self._counts = RoomCounts(0, 0, None)
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._count, name="rmw-room-counts", daemon=True)
        self._thread.start()

    def _count(self) -> None:
        store: Store | None = None
        while not self._stopped.is_set():
            try:
                store = store or self._open(SystemClock())
                devices = store.devices()
                named = sum(1 for device in devices.values() if device.person is not None)
                self._counts = RoomCounts(len(devices), named, None)
            except StorageError:
                pass  # the console says what is wrong with the session; counts wait
            self._stopped.wait(COUNT_EVERY_SECONDS)
        if store is not None:
            store.close()

    def room_counts(self) -> RoomCounts:
        return self._counts

    def clear_idle(self) -> int:
        raise Refused(
            "The servers of this room keep its devices: rmworkshop devices SESSION --clear"
            " forgets those holding no name."
        )

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None


def open_room(session: SessionOpener) -> ServedElsewhere | None:
    """The room other servers opened for this session, if any."""
    store = session(SystemClock())
    try:
        kept = store.open_room()
    finally:
        store.close()
    return None if kept is None else ServedElsewhere(kept, session)
