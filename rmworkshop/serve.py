"""`rmworkshop serve`: the participant server in the foreground, with its join details printed.

One asynchronous process serves every phone, laptop and remote terminal (see
`rmworkshop.server`); nothing is started per person.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from rmworkshop.server import RoomServer, check_address
from rmworkshop.server.qr import half_blocks


def banner(server: RoomServer) -> list[str]:
    """The three things people need: the address, the join code and a QR code of the address."""
    lines = [
        f"Serving the participant page for {server.session}",
        f"  Open:      {server.url}",
        f"  Join code: {server.code}",
    ]
    if not server.reachable_from_room:
        lines += [
            "  This address is this computer only: phones cannot reach it.",
            "  To open the room: rmworkshop serve SESSION --host 0.0.0.0"
            " (or --host with this computer's address on the room's network).",
        ]
    lines += ["", *half_blocks(server.url), "", "Press Ctrl+C to stop."]
    return lines


def serve(session: Path, host: str, port: int, public_url: str | None) -> None:
    check_address(host, port)
    server = RoomServer(session, host, port, public_url)

    def ready() -> None:
        for line in banner(server):
            print(line, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(server.serve_until_stopped(ready))
