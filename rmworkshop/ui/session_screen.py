"""A screen drawn from the app's session snapshot, once its widgets exist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic

from textual.screen import Screen
from typing_extensions import TypeVar

from rmworkshop.core.session import Session

if TYPE_CHECKING:
    from rmworkshop.ui.session_app import SessionApp

SnapshotT = TypeVar("SnapshotT", default=Session)


class SessionScreen(Screen[None], Generic[SnapshotT]):
    """Polling and ticks may reach a screen before it has composed; they wait until it has."""

    app: SessionApp[SnapshotT, Any]
    _ready = False

    def on_mount(self) -> None:
        self._ready = True
        self.show(self.app.session)

    def show(self, session: SnapshotT) -> None:
        if self._ready:
            self.draw(session)

    def tick(self) -> None:
        if self._ready:
            self.draw_clock()

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
