"""One factory builds the facilitator console, for the command line and for tests alike."""

from __future__ import annotations

from rmworkshop.core.clock import Clock
from rmworkshop.store import Store
from rmworkshop.ui.facilitator.app import FacilitatorApp
from rmworkshop.ui.facilitator.join_screen import ServerFactory


def make_facilitator(
    store: Store, clock: Clock, room: ServerFactory | None = None, open_room: bool = False
) -> FacilitatorApp:
    return FacilitatorApp(store, clock, room=room, open_room=open_room)
