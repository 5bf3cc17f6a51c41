"""The terminal kiosk against the real participant server: only the facilitator's kiosk code
makes it a kiosk, and it lists nobody whose name a device holds, nor anyone marked away."""

from __future__ import annotations

import socket

import pytest
from textual.widgets import OptionList

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.remote.client import ServerClient
from rmworkshop.remote.remote_participant import RemoteParticipant
from rmworkshop.server import RoomServer
from rmworkshop.store import Store, token_digest
from rmworkshop.system import SystemClock
from rmworkshop.ui.participant.app.kiosk import KioskApp
from tests.stores import reopen
from tests.ui.pilot_helpers import Drawn, wait_until

SIZE = (100, 30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def voters(app: KioskApp) -> list[str]:
    options = app.screen.query_one("#voters", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_the_terminal_kiosk_needs_the_kiosk_code_and_lists_only_free_names(
    facilitator: Store,
) -> None:
    phone = token_digest(facilitator.join_device(kiosk=False))
    facilitator.claim(phone, "Ana", None)
    facilitator.set_present("Bo", False)
    facilitator.start()
    facilitator.next_phase()
    for text in ("one", "two", "three"):
        facilitator.submit(text)
    while facilitator.snapshot().kind != "vote":
        facilitator.next_phase()
    facilitator.reveal()
    server_clock = FakeClock()  # for the wait a wrong code earns
    server = RoomServer(reopen(facilitator.path), "127.0.0.1", free_port(), clock=server_clock)
    server.start()
    clock = SystemClock()
    try:
        plain = ServerClient(server.url, clock)
        with pytest.raises(Refused, match="not the kiosk code"):
            plain.join(server.code, kiosk=True)  # the join code alone makes no kiosk
        assert plain.token is None
        server_clock.advance(60)  # the wait the wrong code earned
        kiosk = KioskApp(
            RemoteParticipant(ServerClient(server.url, clock), clock, kiosk=True), clock
        )
        async with kiosk.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "kiosk code" in Drawn(kiosk).text()
            await pilot.press(*server.kiosk_code, "enter")
            await wait_until(pilot, lambda: bool(kiosk.screen.query("#voters")), within=10)
            await wait_until(pilot, lambda: bool(voters(kiosk)), within=10)
            shown = voters(kiosk)
            assert "Ana" not in shown, "her phone holds her name"
            assert "Bo" not in shown, "Bo is marked away"
            assert shown == ["Carl", "Dee", "Eli"]
    finally:
        server.stop()
