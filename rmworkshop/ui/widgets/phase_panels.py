"""A switcher of phase panels that builds each panel the first time its phase comes.

A console shows one panel per kind of phase, but only one at a time. Building every panel up
front cost a console a sixth of its start-up, and a browser session starts one console per
person, so only the first panel is built with the screen and the others when they are needed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher
from typing_extensions import TypeVar

from rmworkshop.core.session import Session

SnapshotT = TypeVar("SnapshotT", default=Session)

PanelFactory = Callable[..., Widget]
"""A panel class, or anything that builds a panel when called with ``id=``."""


class PhasePanel(Vertical, Generic[SnapshotT]):
    """What one kind of phase shows, drawn from a snapshot; panels never write."""

    FOCUS: str | None = None
    """The widget that takes the keys when this panel is shown; None leaves focus alone."""

    def show(self, session: SnapshotT, now: float) -> None:
        raise NotImplementedError

    def tick(self, session: SnapshotT, now: float) -> None:
        """Called several times a second for anything that counts down."""

    def take_focus(self) -> None:
        if self.FOCUS is None:
            self.screen.set_focus(None)
        else:
            self.query_one(self.FOCUS).focus()


class PhasePanels(ContentSwitcher):
    class Built(Message):
        """A panel asked for earlier exists now, so the screen can draw it."""

    def __init__(
        self, factories: Mapping[str, PanelFactory], first: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id, initial=first)
        self._factories = factories
        self._first = first
        self._building: str | None = None

    def compose(self) -> ComposeResult:
        yield self._factories[self._first](id=self._first)

    def panel(self, name: str) -> Widget | None:
        """The panel called `name`, or None while it is being built (`Built` follows)."""
        if self._building == name:
            return None  # in the DOM already, perhaps, but its own widgets may not be yet
        found = self.query_children(f"#{name}")
        if found:
            return found.first()
        if self._building is None:
            self._building = name
            self.call_later(self._build, name)
        return None

    async def _build(self, name: str) -> None:
        await self.add_content(self._factories[name](id=name))
        self._building = None
        self.post_message(self.Built())
