"""`join ADDRESS` in a check-in phase, against the real participant server: the terminal
shows who reads the answers and the pair, sends one answer, and the server's store keeps it,
kept apart from the partner's different one."""

from __future__ import annotations

import socket

from textual.widgets import RadioButton, RadioSet

from rmworkshop.core.checkin import READERS, CheckinPair
from rmworkshop.remote.client import ServerClient
from rmworkshop.store import Store
from rmworkshop.system import SystemClock
from tests.stores import reopen
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import text_of, wait_until

SIZE = (100, 30)
HOSTILE_NOTE = "[b]bold[/b] [@click=app.quit] <script>x</script>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_join_address_checks_in_once(make_store: MakeStore) -> None:
    from rmworkshop.remote.remote_participant import RemoteParticipant
    from rmworkshop.server import RoomServer
    from rmworkshop.ui.participant.app import ParticipantApp

    facilitator: Store = make_store("reverse-mentoring-follow-up")
    facilitator.set_checkin_pairs([CheckinPair(("Ana",), ("Dee",), ("AI tools",))])
    facilitator.start()
    facilitator.next_phase()  # the pair check-in
    server = RoomServer(reopen(facilitator.path), "127.0.0.1", free_port())
    server.start()
    clock = SystemClock()
    try:
        backend = RemoteParticipant(ServerClient(server.url, clock), clock)
        backend.join(server.code)
        app = ParticipantApp(backend, clock, name="Ana")
        async with app.run_test(size=SIZE) as pilot:
            shown = lambda: bool(app.screen.query("#checkin-pair"))  # noqa: E731
            await wait_until(pilot, shown, within=10)
            await wait_until(pilot, lambda: "Dee" in text_of(app, "#checkin-pair"), within=10)
            assert text_of(app, "#checkin-readers") == READERS
            assert text_of(app, "#checkin-pair") == "Your pair: you and Dee.  Topics: AI tools."
            met = app.screen.query_one("#checkin-met", RadioSet)
            going = app.screen.query_one("#checkin-going", RadioSet)
            met.query(RadioButton)[3].value = True  # 4 or more
            going.query(RadioButton)[0].value = True  # well
            # Each set learns its pick from a message: wait for both, as a person's keys would.
            await wait_until(
                pilot,
                lambda: met.pressed_button is not None and going.pressed_button is not None,
                within=10,
            )
            await pilot.click("#checkin-note")
            await pilot.press(*HOSTILE_NOTE, "enter")
            await wait_until(pilot, lambda: "sent" in text_of(app, "#checkin-status"), within=10)
            assert app.is_running  # the note's [@click=app.quit] did nothing
        facilitator.check_in("Dee", "1", "stuck", "slow start")
    finally:
        server.stop()
    facilitator.next_phase()
    answers = facilitator.snapshot().checkin.answers
    assert answers is not None
    assert answers["ana"] == ("4+", "well", HOSTILE_NOTE)
    assert answers["dee"] == ("1", "stuck", "slow start")
