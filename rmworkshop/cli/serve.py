"""`rmworkshop serve`: the participant server in the foreground, with its join details printed.

One asynchronous process serves every phone, laptop and remote terminal (see
`rmworkshop.server`); nothing is started per person.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

from rmworkshop.core.text import shown
from rmworkshop.qr import join_link, light_on_dark
from rmworkshop.server import RoomServer, check_address
from rmworkshop.sessions import Place, server_session

LIGHT_ON_DARK = "\x1b[97;40m"
"""Bright white modules on black: the code reads the same on a light or a dark terminal."""
PLAIN = "\x1b[0m"


def qr_lines(url: str, colour: bool) -> list[str]:
    lines = light_on_dark(url)
    return [f"{LIGHT_ON_DARK}{line}{PLAIN}" for line in lines] if colour else lines


def banner(
    server: RoomServer, session: str, colour: bool = False, kiosk: bool = False
) -> list[str]:
    """The three things people need: the address, the join code and a QR code that carries
    both (`join_link`), so that a scan joins with one tap.

    With `colour` (a terminal), the QR code brings its own colours, since a light terminal
    would otherwise show it inverted. With `kiosk`, the kiosk code too (`serve --kiosk`)."""
    lines = [
        f"Serving the participant page for {session}",
        f"  Open:      {server.url}",
        f"  Join code: {server.code}",
    ]
    if kiosk:
        lines.append(f"  Kiosk code (for the facilitator only): {server.kiosk_code}")
    if not server.reachable_from_room:
        lines += [
            "  This address is this computer only: phones cannot reach it.",
            "  To open the room: rmworkshop serve SESSION --host 0.0.0.0"
            " (or --host with this computer's address on the room's network).",
        ]
    lines += [
        "",
        *qr_lines(join_link(server.url, server.code), colour),
        "",
        "Press Ctrl+C to stop.",
    ]
    return lines


def serve_participants(
    session: Place, host: str, port: int, public_url: str | None, kiosk: bool = False
) -> None:
    check_address(host, port)
    server = RoomServer(lambda clock: server_session(session, clock), host, port, public_url)

    def ready() -> None:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        for line in banner(server, shown(session), colour, kiosk):
            print(line, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(server.serve_until_stopped(ready))
