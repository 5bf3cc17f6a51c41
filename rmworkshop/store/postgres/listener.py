"""Hearing another host's commits: LISTEN on the notification channel, on a thread of its own.

Every write of a session sends, inside its transaction, a notification carrying only the
session's schema and its new version (`session`). A `Listener` holds one connection that
listens for them and keeps the newest version it heard, so that `data_version`, which the
consoles and the participant server poll many times a second, is answered from memory instead
of with a query to the server. A change is then seen as soon as the next poll looks, well
inside the quarter of a second the design allows.

While the listener is down (the server restarted, the connection dropped), `version` says so
and the store reads the version from the database, as it would without a listener; the thread
connects again by itself. It also reads the version itself every few seconds, so that a
connection that died without a word cannot keep an old version for long.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg

from rmworkshop.store.postgres.connection import CONNECT_TIMEOUT_SECONDS, Connection

CHANNEL = "rmworkshop"
"""The notification channel: each payload is a session's schema and its new version."""
APPLICATION = "rmworkshop-listener"
WAIT_SECONDS = 0.5
"""How long one wait for notifications lasts before the thread looks whether to stop."""
CHECK_SECONDS = 5.0
"""How often a listening thread reads the version itself, which also proves its connection."""
RETRY_SECONDS = 1.0
"""How long the thread waits before connecting again after losing its connection."""

ReadVersion = Callable[[Connection], int]


class Listener:
    """The newest version of one session heard on the channel, kept by a daemon thread."""

    def __init__(self, conninfo: str, schema: str, read_version: ReadVersion) -> None:
        self._conninfo = conninfo
        self._schema = schema
        self._read_version = read_version
        self._lock = threading.Lock()
        self._version = -1
        self._live = False
        self.pid: int | None = None
        """The server process of the listening connection, while there is one."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rmworkshop-listen", daemon=True)
        self._thread.start()

    @property
    def version(self) -> int | None:
        """The newest version heard, or None while not listening (read the database then)."""
        with self._lock:
            return self._version if self._live else None

    def saw(self, version: int) -> None:
        """A version this process committed itself: known before its notification comes."""
        with self._lock:
            self._version = max(self._version, version)

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
        self._heard(self._read(connection))
        checked = time.monotonic()
        while not self._stop.is_set():
            for notice in connection.notifies(timeout=WAIT_SECONDS):
                schema, _, version = notice.payload.partition(" ")
                if schema == self._schema and version.isdecimal():
                    self._heard(int(version))
            if time.monotonic() - checked >= CHECK_SECONDS:
                checked = time.monotonic()
                self._heard(self._read(connection))

    def _read(self, connection: Connection) -> int:
        version = self._read_version(connection)
        if version < 0:
            raise _Removed
        return version

    def _heard(self, version: int) -> None:
        with self._lock:
            self._version = max(self._version, version)
            self._live = True


class _Removed(Exception):
    """The session is no longer in the registry: the store finds that out and says so."""
