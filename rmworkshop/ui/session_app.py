"""The part every console shares: a store, a clock, polling for other processes' commits,
and turning refusals into notices."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any, Generic, Protocol

from textual.app import App
from textual.css.query import NoMatches
from typing_extensions import TypeVar

from rmworkshop.core.clock import Clock
from rmworkshop.core.errors import Refused
from rmworkshop.core.session import Session
from rmworkshop.store import SessionStore

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


class SessionApp(App[None], Generic[SnapshotT, SourceT]):
    def __init__(self, store: SourceT, clock: Clock, *, poll: float = POLL_SECONDS) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.session: SnapshotT = store.snapshot()
        self._version = store.data_version()
        self._poll_seconds = poll

    def start_polling(self) -> None:
        self.set_interval(self._poll_seconds, self.poll)
        self.set_interval(TICK_SECONDS, self.tick)

    def on_unmount(self) -> None:
        self.store.close()

    def poll(self) -> None:
        """Pick up commits from other processes.

        A session file held locked by another program for longer than the busy timeout is
        not a crash: the screen keeps what it shows, and the next poll tries again.
        """
        try:
            version = self.store.data_version()
            if version != self._version:
                self.reload()
                self._version = version
        except Refused as error:
            self.notify(str(error), severity="warning", markup=False, timeout=3)

    def reload(self) -> None:
        self.session = self.store.snapshot()
        for screen in self.screen_stack:
            # While the app shuts down, a screen may already have lost its widgets.
            with suppress(NoMatches):
                for name in ("show", "refresh_people"):
                    method = getattr(screen, name, None)
                    if callable(method):
                        method(self.session)
        self.after_reload()

    def after_reload(self) -> None:
        """Hook for app-wide reactions to a new snapshot."""

    def tick(self) -> None:
        tick = getattr(self.screen, "tick", None)
        if callable(tick):
            with suppress(NoMatches):
                tick()

    def attempt(self, action: Callable[..., T], *args: Any) -> tuple[bool, T | None]:
        """Run a store action; a refusal becomes a notice, never a crash."""
        try:
            result = action(*args)
        except Refused as error:
            self.notify(str(error), severity="warning", markup=False)
            return False, None
        finally:
            self.reload()
        return True, result

    def act(self, action: Callable[..., object], *args: Any) -> None:
        self.attempt(action, *args)
