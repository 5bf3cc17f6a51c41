"""Opening the room from the facilitator console: the participant server it starts, and the
join screen that shows people how to come in (address, join code and a QR code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

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

    def start(self) -> None:
        """Listen, on a thread of its own; `Refused` when it cannot."""
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
    ]
    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    JoinScreen > #join { width: 100%; height: 100%; padding: 0 1; background: $surface; }
    JoinScreen #join-qr { height: 1fr; }
    JoinScreen #join-details { height: auto; }
    JoinScreen .join-line { width: 1fr; content-align: center middle; text-style: bold; }
    JoinScreen #join-advice { color: $warning; text-align: center; height: auto; }
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
            yield Label("j hides this screen and shows it again", classes="hint")

    def action_hide(self) -> None:
        self.dismiss()
