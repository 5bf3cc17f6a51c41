"""A screen drawn from the session snapshots its app sends, once its widgets exist."""

from __future__ import annotations

from contextlib import suppress
from typing import Any, Generic

from textual import on
from textual.css.query import NoMatches
from textual.screen import Screen
from typing_extensions import TypeVar

from rmworkshop.core.session import Session
from rmworkshop.ui.messages import ClockTicked, SessionChanged, StoreWaiting
from rmworkshop.ui.session_app import SessionApp
from rmworkshop.ui.widgets.literal import Literal

WAITING = "Waiting for the session file: another program is using it. Your last action is kept."

SnapshotT = TypeVar("SnapshotT", default=Session)


class SessionScreen(Screen[None], Generic[SnapshotT]):
    """Snapshots and ticks may reach a screen before it has composed; they wait until it has."""

    DEFAULT_CSS = """
    SessionScreen > #store-waiting {
        dock: bottom; height: 1; margin-bottom: 1; padding: 0 1;
        background: $warning 30%;
    }
    """

    app: SessionApp[SnapshotT, Any]
    _ready = False

    def __init__(self) -> None:
        super().__init__()
        self.session: SnapshotT = self.app.session

    def on_mount(self) -> None:
        self._ready = True
        # The app's newest snapshot: it may have moved on (a name claimed) since this screen
        # was made, and drawing the stale one first would draw the screen twice.
        self.show(self.app.session)

    def on_unmount(self) -> None:
        self._ready = False

    @on(SessionChanged)
    def _session_changed(self, message: SessionChanged) -> None:
        self.show(message.session)

    @on(ClockTicked)
    def _clock_ticked(self) -> None:
        if self._ready:
            with suppress(NoMatches):
                self.draw_clock()

    @on(StoreWaiting)
    def _store_waiting(self, message: StoreWaiting) -> None:
        if not self._ready:
            return
        found = self.query("#store-waiting")
        if found:
            found.first().display = message.waiting
        elif message.waiting:  # made the first time it is needed: most sessions never wait
            self.mount(Literal(WAITING, id="store-waiting"))

    def show(self, session: SnapshotT) -> None:
        self.session = session
        if self._ready:
            # A screen being replaced, or one mounting as the app shuts down, may already
            # have lost its widgets: there is nothing left to draw.
            with suppress(NoMatches):
                self.draw(session)

    def redraw(self) -> None:
        """Draw the last snapshot again, after something kept on this screen changed."""
        self.show(self.session)

    def draw(self, session: SnapshotT) -> None:
        raise NotImplementedError

    def draw_clock(self) -> None:
        """Redraw anything that counts down; called several times a second."""

    _keys_shown: tuple[bool | None, ...] | None = None

    def refresh_keys(self) -> None:
        """Redraw the footer only when the keys that apply have changed.

        Refreshing bindings rebuilds the footer and restyles every key in it; doing that on
        every poll cost more than reading a 5,000-idea session.
        """
        wanted = tuple(self.check_action(binding.action, ()) for _, binding in self._bindings)
        if wanted != self._keys_shown:
            self._keys_shown = wanted
            self.refresh_bindings()
