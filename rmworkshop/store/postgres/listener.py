"""Hearing another host's commits: LISTEN on the notification channel, on a thread of its own.

Every write of a session sends, inside its transaction, a notification carrying only the
session's schema and the new value of the part of its version the write raised (`schema`):
``SCHEMA 12`` for the registry's, ``SCHEMA 7:40`` for counter 7's. A `Listener` holds one
connection that listens for them and keeps the newest value it heard of each part (`Heard`),
so that `data_version`, which the consoles and the participant server poll many times a
second, is answered from memory instead of with a query to the server. A change is then
seen as soon as the next poll looks, well inside the quarter of a second the design allows.

While the listener is down (the server restarted, the connection dropped), `version` says so
and the store reads the version from the database, as it would without a listener; the thread
connects again by itself. It also reads the version itself every few seconds, so that a
connection that died without a word cannot keep an old version for long.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple

import psycopg

from rmworkshop.store.postgres.connection import CONNECT_TIMEOUT_SECONDS, Connection

CHANNEL = "rmworkshop"
"""The notification channel: each payload is a session's schema and the new value of the part
of its version a write raised."""
APPLICATION = "rmworkshop-listener"
WAIT_SECONDS = 0.5
"""How long one wait for notifications lasts before the thread looks whether to stop."""
CHECK_SECONDS = 5.0
"""How often a listening thread reads the version itself, which also proves its connection."""
RETRY_SECONDS = 1.0
"""How long the thread waits before connecting again after losing its connection."""


class Version(NamedTuple):
    """A session's version as the database holds it, in its parts (`schema`)."""

    base: int
    """The registry's: raised by every write but a submission or a ballot."""
    counts: Mapping[int, int]
    """Each counter's: raised by the submissions and ballots that chose it."""

    @property
    def total(self) -> int:
        return self.base + sum(self.counts.values())


ReadVersion = Callable[[Connection], Version | None]
"""Reads a session's version from the database (None when it has been removed)."""


class Heard:
    """The newest value heard of each part of a session's version. Each part only rises, in the
    order its writes commit, so the newest of each, whatever order they arrived in, add up to
    the version exactly: never behind a commit heard, never ahead of the database."""

    def __init__(self) -> None:
        self.base = -1
        self.counts: dict[int, int] = {}

    @property
    def total(self) -> int:
        return Version(self.base, self.counts).total

    def raised(self, base: int) -> None:
        self.base = max(self.base, base)

    def counted(self, slot: int, count: int) -> None:
        self.counts[slot] = max(self.counts.get(slot, 0), count)

    def read(self, version: Version) -> None:
        """What the database holds, read while listening."""
        self.raised(version.base)
        for slot, count in version.counts.items():
            self.counted(slot, count)

    def news(self, said: str) -> bool:
        """A notice's part and value (``12`` or ``7:40``): False when it is neither."""
        slot, colon, value = said.rpartition(":")
        if not value.isdecimal() or (colon and not slot.isdecimal()):
            return False
        if colon:
            self.counted(int(slot), int(value))
        else:
            self.raised(int(value))
        return True


class Listener:
    """The newest version of one session heard on the channel, kept by a daemon thread."""

    def __init__(self, conninfo: str, schema: str, read_version: ReadVersion) -> None:
        self._conninfo = conninfo
        self._schema = schema
        self._read_version = read_version
        self._lock = threading.Lock()
        self._heard = Heard()
        self._live = False
        self.pid: int | None = None
        """The server process of the listening connection, while there is one."""
        self._stop = threading.Event()
        self._told: list[Callable[[], None]] = []
        self._thread = threading.Thread(target=self._run, name="rmworkshop-listen", daemon=True)
        self._thread.start()

    @property
    def version(self) -> int | None:
        """The newest version heard, or None while not listening (read the database then)."""
        with self._lock:
            return self._heard.total if self._live else None

    def saw(self, base: int) -> None:
        """The registry's part of the version as a write of this process left it: known
        before its notification comes."""
        with self._lock:
            self._heard.raised(base)

    def saw_count(self, slot: int, count: int) -> None:
        """A counter as a submission or a ballot of this process left it."""
        with self._lock:
            self._heard.counted(slot, count)

    def tell(self, changed: Callable[[], None]) -> None:
        """Call ``changed`` from this listener's thread whenever it hears a commit of its
        session (`contract.Store.watch`)."""
        with self._lock:
            self._told.append(changed)

    def stop(self) -> None:
        """Stop listening: the thread closes its connection within `WAIT_SECONDS`, without
        keeping the program waiting for it."""
        self._stop.set()

    # -- the thread --------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self._conninfo,
                    autocommit=True,
                    connect_timeout=CONNECT_TIMEOUT_SECONDS,
                    application_name=APPLICATION,
                ) as connection:
                    self._listen(connection)
            except (psycopg.Error, OSError, ValueError, _Removed):
                pass  # down: the store reads the database (and says what it finds) meanwhile
            finally:
                with self._lock:
                    self._live = False
            self._stop.wait(RETRY_SECONDS)

    def _listen(self, connection: Connection) -> None:
        self.pid = connection.info.backend_pid
        connection.execute(f"LISTEN {CHANNEL}")
        # Listening first, then reading: no commit falls between the two.
        self._read(connection)
        checked = time.monotonic()
        while not self._stop.is_set():
            for notice in connection.notifies(timeout=WAIT_SECONDS):
                schema, _, said = notice.payload.partition(" ")
                if schema == self._schema:
                    with self._lock:
                        heard = self._heard.news(said)
                    if heard:
                        self._tell()
            if time.monotonic() - checked >= CHECK_SECONDS:
                checked = time.monotonic()
                self._read(connection)

    def _read(self, connection: Connection) -> None:
        """The version as the database holds it: commits made while not listening are told
        of here."""
        version = self._read_version(connection)
        if version is None:
            raise _Removed
        with self._lock:
            before = self._heard.total if self._live else None
            self._heard.read(version)
            self._live = True
            moved = self._heard.total != before
        if moved:
            self._tell()

    def _tell(self) -> None:
        with self._lock:
            told = list(self._told)
        for changed in told:
            with contextlib.suppress(Exception):  # the watcher's own to mind
                changed()


class _Removed(Exception):
    """The session is no longer in the registry: the store finds that out and says so."""
