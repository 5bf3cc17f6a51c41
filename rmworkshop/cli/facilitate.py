"""`rmworkshop run`: the facilitator console, on a new session or one being resumed.

Kept apart from the scripted commands so that the console loads only what it draws with:
resuming a session never loads the file schemas, export or review.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rmworkshop.cli.parser_types import DEFAULT_LISTEN
from rmworkshop.core.errors import Refused
from rmworkshop.core.text import shell_word, shown
from rmworkshop.sessions import (
    console_session,
    names_a_session,
    open_or_create,
    place_of,
    reopener,
)
from rmworkshop.system import SystemClock

if TYPE_CHECKING:
    from rmworkshop.server.runner import SessionOpener
    from rmworkshop.ui.facilitator.join_screen import ParticipantServer, ServerFactory


def run(options: argparse.Namespace) -> int:
    from rmworkshop.ui.facilitator.app.factory import make_facilitator

    clock = SystemClock()
    if options.public_url is not None:
        # Checked now, not when the room opens: a console would show the refusal only then.
        from rmworkshop.server.address import Address

        host, port = options.serve or DEFAULT_LISTEN
        Address(host, port, options.public_url)
    history = None
    if options.history:
        from rmworkshop.cli.history import read_history

        history = read_history(options.history)
    agenda, session = options.agenda, options.session
    if agenda is not None and names_a_session(agenda):
        # `run SESSION`: what a person resuming types first; the session, resumed.
        if session is not None:
            raise Refused(f"{shown(agenda)} is a session, not an agenda: give one session")
        # Resumed, never made: a mistyped database session is not a new, empty one.
        store = console_session(place_of(agenda), clock)
    else:
        store = open_or_create(
            clock,
            agenda,
            Path(options.roster) if options.roster else None,
            place_of(session) if session is not None else None,
        )
    if history is not None:
        from rmworkshop.cli.history import add_history

        add_history(store, history)
    console = make_facilitator(
        store,
        clock,
        room=room_factory(reopener(store), options.serve, options.public_url),
        open_room=options.serve is not None,
    )
    console.run()
    if console.return_code:  # a bug: the console said where its report is; exit 1
        return console.return_code
    what = "Session file" if store.path is not None else "Session"
    print(f"{what}: {shell_word(store.place)}  (run it again with --session to resume)")
    return 0


def room_factory(
    session: SessionOpener, listen: tuple[str, int] | None, public_url: str | None
) -> ServerFactory:
    """Starts the participant server for this session when the room is opened (`--serve`
    or the j key), in this process: closing the console stops it. Without `--serve`, a room
    that other servers opened (`serve` on a database session, on other hosts) is shown as
    they opened it, and no server starts here."""
    host, port = listen or DEFAULT_LISTEN

    def start() -> ParticipantServer:
        from rmworkshop.cli.elsewhere import open_room
        from rmworkshop.server.runner import RoomServer

        elsewhere = open_room(session) if listen is None else None
        return elsewhere or RoomServer(session, host, port, public_url)

    return start
