"""Opening the room from the facilitator console: the participant server it starts, and the
join screen that shows people how to come in (address, join code and a QR code)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from rmworkshop.core.devices import RoomCounts
from rmworkshop.core.errors import Refused
from rmworkshop.qr import join_link
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.qr_code import QrCode

LOOPBACK_ADVICE = (
    "Only this computer can open this address: phones cannot reach it. To open the room, run"
    " rmworkshop run --serve 0.0.0.0:8000 (all of this computer's networks), or --serve with"
    " its address on the room's network; behind a TLS proxy, add --public-url."
)


class ParticipantServer(Protocol):
    """What the console needs of the participant server it starts."""

    @property
    def url(self) -> str: ...

    @property
    def code(self) -> str: ...

    @property
    def kiosk_code(self) -> str:
        """Makes a terminal a kiosk: shown in the people dialog, never on the join screen."""
        ...

    @property
    def reachable_from_room(self) -> bool: ...

    @property
    def runs_here(self) -> bool:
        """Whether this console runs the room: quitting it then closes the room."""
        ...

    def start(self) -> None:
        """Listen, on a thread of its own; `Refused` when it cannot."""
        ...

    def room_counts(self) -> RoomCounts:
        """How many devices joined, from how many addresses."""
        ...

    def clear_idle(self) -> int:
        """Forget the devices holding no name (but for the newest); how many were forgotten."""
        ...

    def stop(self) -> None: ...


ServerFactory = Callable[[], ParticipantServer]


class RoomOpener:
    """The participant server this console started, if any; closing the console stops it."""

    def __init__(self, factory: ServerFactory | None) -> None:
        self._factory = factory
        self.server: ParticipantServer | None = None

    @property
    def can_open(self) -> bool:
        return self._factory is not None

    def open(self) -> ParticipantServer:
        """The running server, started now if it was not yet."""
        if self.server is None:
            if self._factory is None:
                raise Refused("This console cannot open the room.")
            server = self._factory()
            server.start()
            self.server = server
        return self.server

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


class JoinScreen(ModalScreen[None]):
    """Big enough to scan from the back of the room when projected; j or Esc hides it."""

    BINDINGS = [
        Binding("j,escape", "hide", "Hide join screen"),
        Binding("c", "clear_idle", "Clear devices holding no name"),
    ]
    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    JoinScreen > #join { width: 100%; height: 100%; padding: 0 1; background: $surface; }
    JoinScreen #join-qr { height: 1fr; }
    JoinScreen #join-details { height: auto; }
    JoinScreen .join-line { width: 1fr; content-align: center middle; text-style: bold; }
    JoinScreen #join-advice { color: $warning; text-align: center; height: auto; }
    JoinScreen #join-devices { width: 100%; text-align: center; height: auto; }
    """

    def __init__(self, server: ParticipantServer) -> None:
        super().__init__()
        self.server = server

    def compose(self) -> ComposeResult:
        server = self.server
        with Vertical(id="join"):
            yield QrCode(join_link(server.url, server.code), id="join-qr")
            with Horizontal(id="join-details"):
                yield Literal(f"Open  {server.url}", id="join-url", classes="join-line")
                yield Literal(f"Join code  {server.code}", id="join-code", classes="join-line")
            if not server.reachable_from_room:
                yield Literal(LOOPBACK_ADVICE, id="join-advice")
            yield Literal(server.room_counts().line(), id="join-devices")
            yield Label(
                "j hides this screen and shows it again · c clears devices holding no name",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.set_interval(1.0, self._count)

    def _count(self) -> None:
        self.query_one("#join-devices", Literal).set(self.server.room_counts().line())

    async def action_clear_idle(self) -> None:
        try:
            cleared = await asyncio.to_thread(self.server.clear_idle)
        except Refused as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self._count()
        self.notify(f"Cleared {cleared} device(s) holding no name; they join again with the code.")

    def action_hide(self) -> None:
        self.dismiss()
