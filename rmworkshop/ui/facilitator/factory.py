"""One factory builds the facilitator console, for the command line and for tests alike."""

from __future__ import annotations

from rmworkshop.core.clock import Clock
from rmworkshop.store import SessionStore
from rmworkshop.ui.facilitator.app import FacilitatorApp


def make_facilitator(store: SessionStore, clock: Clock) -> FacilitatorApp:
    return FacilitatorApp(store, clock)
