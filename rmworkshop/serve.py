"""`rmworkshop serve`: the participant console in the browser, through textual-serve.

Each browser tab gets its own participant console process. The processes are given a digest
of the join code in their environment, never the code itself, and ask for the code before
they show anything of the session.
"""

from __future__ import annotations

import logging
import os
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from textual_serve.server import Server

from rmworkshop.core import joincode
from rmworkshop.core.errors import Refused

DIGEST_VARIABLE = "RMWORKSHOP_JOIN_DIGEST"
TEMPLATES = Path(__file__).resolve().parent / "web"


def console_command(session: Path) -> str:
    """The shell command textual-serve runs for each browser that connects."""
    return shlex.join(
        [sys.executable, "-m", "rmworkshop", "join", str(session.resolve()), "--browser"]
    )


def public_address(host: str, port: int, public_url: str | None) -> str:
    if public_url:
        return public_url.rstrip("/")
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class ParticipantServer(Server):
    """textual-serve with our own page and quiet logs; the banner is the join details."""

    def __init__(self, session: Path, code: str, host: str, port: int, url: str) -> None:
        super().__init__(
            console_command(session),
            host=host,
            port=port,
            title="rmworkshop",
            public_url=url,
            templates_path=str(TEMPLATES),
        )
        self._code = code
        self._session = session

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="rmworkshop serve: %(message)s")

    async def on_startup(self, app: Any) -> None:
        print(f"Serving the participant console for {self._session}", flush=True)
        print(f"  Open:      {self.public_url}", flush=True)
        print(f"  Join code: {self._code}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)


def check_address(host: str, port: int) -> None:
    """Refuse a busy port or an unknown address in one line, before printing a join code."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        reason = error.strerror or str(error)
        raise Refused(f"cannot listen on {host}:{port}: {reason}") from None


def serve(session: Path, host: str, port: int, public_url: str | None) -> None:
    check_address(host, port)
    code = joincode.new_code()
    os.environ[DIGEST_VARIABLE] = joincode.digest(code)
    url = public_address(host, port, public_url)
    ParticipantServer(session, code, host, port, url).serve()
