"""One factory builds the facilitator console, for the command line and for tests alike."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.agendas import DEFAULT_AGENDA, load_agenda
from rmworkshop.core.clock import Clock
from rmworkshop.core.loading import load
from rmworkshop.core.roster import Roster
from rmworkshop.store import SessionStore
from rmworkshop.ui.facilitator.app import FacilitatorApp


def open_or_create(
    clock: Clock,
    agenda: str | None = None,
    roster: Path | None = None,
    session: Path | None = None,
    default_path: Path | None = None,
) -> SessionStore:
    """Resume an existing session file, or create one for the agenda."""
    if session is not None and session.exists():
        return SessionStore.open(session, clock)
    name, model = load_agenda(agenda or DEFAULT_AGENDA)
    people = load(Roster, roster) if roster else None
    path = session or default_path or Path(f"{name}.workshop")
    return SessionStore.create(path, model, name, clock, roster=people)


def make_facilitator(store: SessionStore, clock: Clock) -> FacilitatorApp:
    return FacilitatorApp(store, clock)
