"""`run --serve` with the real participant server: the join screen's QR code decodes to the
address the server gives, a device that joins shows as claimed in the People dialog, the
facilitator releases it there, and closing the console stops the server."""

from __future__ import annotations

import socket

import pytest
from textual.widgets import SelectionList

from rmworkshop.cli.facilitate import room_factory
from rmworkshop.cli.parser_types import listen_address
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.remote.client import ServerClient
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.join_screen import JoinScreen
from tests.helpers import go_to
from tests.remote.qr_reader import decode
from tests.stores import file_of, reopen
from tests.ui.pilot_helpers import Drawn, wait_until

SIZE = (120, 36)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("", ("127.0.0.1", 8000)),
        ("9000", ("127.0.0.1", 9000)),
        ("0.0.0.0:8000", ("0.0.0.0", 8000)),
        ("[::]:8080", ("::", 8080)),
    ],
)
def test_serve_takes_host_and_port_or_a_port(text: str, wanted: tuple[str, int]) -> None:
    assert listen_address(text) == wanted


@pytest.mark.parametrize("text", ["abc", ":8000", "host:", "host:70000"])
def test_serve_refuses_what_is_not_host_and_port(text: str) -> None:
    with pytest.raises(Exception, match="not"):
        listen_address(text)


async def test_run_serve_shows_the_servers_address_as_a_qr_code_and_stops_it_on_close(
    facilitator: Store, clock: FakeClock
) -> None:
    port = free_port()
    factory = room_factory(reopen(facilitator.path), ("127.0.0.1", port), None)
    app = make_facilitator(facilitator, clock, room=factory, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen), within=10)
        await pilot.pause()
        server = app.room.server
        assert server is not None and server.url == f"http://127.0.0.1:{port}"
        drawn = Drawn(app)
        assert decode(drawn.text("#join-qr")) == [f"{server.url}#code={server.code}"]
        assert server.code in drawn.text("#join-code")
        assert server.kiosk_code not in drawn.text(), "the kiosk code is for the facilitator"
        assert "phones cannot reach it" in " ".join(drawn.text("#join-advice").split())
        assert listening(port)
    assert not listening(port)


async def test_the_people_dialog_shows_claimed_names_and_releases_one(
    facilitator: Store, clock: FakeClock
) -> None:
    port = free_port()
    factory = room_factory(reopen(facilitator.path), ("127.0.0.1", port), None)
    app = make_facilitator(facilitator, clock, room=factory, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen), within=10)
        server = app.room.server
        assert server is not None
        phone = ServerClient(server.url, SystemClock())
        phone.join(server.code, kiosk=False)
        phone.claim("Carl", None)
        await pilot.press("j")  # hide the join screen
        await wait_until(pilot, lambda: not isinstance(app.screen, JoinScreen))
        await pilot.press("a")  # who is here
        await wait_until(pilot, lambda: "claimed on a device" in Drawn(app).text())
        lines = [line for line in Drawn(app).text().splitlines() if "claimed on a device" in line]
        assert len(lines) == 1 and "Carl" in lines[0]
        people = app.screen.query_one("#people-list", SelectionList)
        while people.get_option_at_index(people.highlighted or 0).value != "Carl":
            await pilot.press("down")
        await pilot.press("r")
        await wait_until(pilot, lambda: "claimed on a device" not in Drawn(app).text())
    assert SessionStore.open(file_of(facilitator), clock).claimed() == {}


async def test_the_people_dialog_shows_the_kiosk_code_lets_a_device_in_and_closes_the_roster(
    facilitator: Store, clock: FakeClock
) -> None:
    go_to(facilitator, "vote")
    facilitator.set_present("Carl", False)
    port = free_port()
    factory = room_factory(reopen(facilitator.path), ("127.0.0.1", port), None)
    app = make_facilitator(facilitator, clock, room=factory, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen), within=10)
        server = app.room.server
        assert server is not None
        phone = ServerClient(server.url, SystemClock())
        phone.join(server.code, kiosk=False)
        with pytest.raises(Refused, match="let you in"):
            phone.claim("Carl", None)  # away, claimed mid-vote
        await pilot.press("j")
        await wait_until(pilot, lambda: not isinstance(app.screen, JoinScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: "y lets it in" in Drawn(app).text())
        assert server.kiosk_code in Drawn(app).text("#kiosk-code")
        people = app.screen.query_one("#people-list", SelectionList)
        while people.get_option_at_index(people.highlighted or 0).value != "Carl":
            await pilot.press("down")
        await pilot.press("y")
        await wait_until(pilot, lambda: "claimed on a device" in Drawn(app).text())
        me = phone.state().me
        assert me is not None and me.name == "Carl"
        assert "roster is open" in Drawn(app).text("#roster-state")
        await pilot.press("c")
        await wait_until(pilot, lambda: "roster is closed" in Drawn(app).text("#roster-state"))
    assert SessionStore.open(file_of(facilitator), clock).snapshot().roster_closed


async def test_join_address_sent_back_to_the_code_when_its_name_is_released(
    facilitator: Store,
) -> None:
    """Against the real participant server: the console holds Ana until the facilitator frees
    the name; then it says so at the join code, and can claim a name again."""
    from rmworkshop.remote.remote_participant import RemoteParticipant
    from rmworkshop.server import RoomServer
    from rmworkshop.ui.participant.app import ParticipantApp

    server = RoomServer(reopen(facilitator.path), "127.0.0.1", free_port())
    server.start()
    clock = SystemClock()
    try:
        app = ParticipantApp(RemoteParticipant(ServerClient(server.url, clock), clock), clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*server.code, "enter")
            await wait_until(pilot, lambda: bool(app.screen.query("#names")), within=10)
            await pilot.pause()
            await pilot.press("enter")  # Ana, first by name
            await wait_until(pilot, lambda: app.me == "Ana", within=10)
            facilitator.release("Ana")
            await wait_until(pilot, lambda: bool(app.screen.query("#code")), within=10)
            await pilot.pause()
            assert "released your name" in Drawn(app).text("#code-error")
            await pilot.press(*server.code, "enter")
            await wait_until(pilot, lambda: bool(app.screen.query("#names")), within=10)
            await pilot.pause()
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.me == "Ana", within=10)
    finally:
        server.stop()
    assert list(facilitator.claimed()) == [facilitator.snapshot().person("Ana").id]  # type: ignore[union-attr]


async def test_kiosk_address_says_everyone_has_voted_once_the_last_ballot_is_cast(
    facilitator: Store,
) -> None:
    """Against the real participant server, which offers a kiosk no ballot once nobody is left
    to vote: that is "everyone has voted", not "voting has closed"."""
    from rmworkshop.remote.remote_participant import RemoteParticipant
    from rmworkshop.server import RoomServer
    from rmworkshop.ui.participant.app.kiosk import KioskApp
    from tests.ui.pilot_helpers import text_of

    facilitator.start()
    facilitator.next_phase()
    for text in ("one", "two", "three"):
        facilitator.submit(text)
    while facilitator.snapshot().kind != "vote":
        facilitator.next_phase()
    facilitator.reveal()
    number = facilitator.snapshot().votable[0].number
    for name in ("Ana", "Bo", "Carl", "Dee"):
        facilitator.cast_ballot(name, {number: 1})
    server = RoomServer(reopen(facilitator.path), "127.0.0.1", free_port())
    server.start()
    clock = SystemClock()
    try:
        kiosk = KioskApp(
            RemoteParticipant(ServerClient(server.url, clock), clock, kiosk=True), clock
        )
        async with kiosk.run_test(size=SIZE) as pilot:
            await pilot.press(*server.kiosk_code, "enter")
            await wait_until(pilot, lambda: "1 still to vote" in text_of(kiosk, "#voters-note"), 10)
            await pilot.press("enter")  # Eli, the last
            await wait_until(pilot, lambda: kiosk.me == "Eli", within=10)
            await pilot.press("plus", "v", "v")
            await wait_until(
                pilot,
                lambda: (
                    "Everyone who votes at this terminal has voted"
                    in text_of(kiosk, "#voters-note")
                ),
                10,
            )
    finally:
        server.stop()
    assert facilitator.snapshot().voting.ballots == 5


async def test_join_address_through_the_real_server_takes_part_in_every_phase(
    facilitator: Store,
) -> None:
    """The same walk as against the stand-in, against the participant server itself, and
    without this console opening the session file."""
    from rmworkshop.remote.remote_participant import RemoteParticipant
    from rmworkshop.server import RoomServer
    from rmworkshop.ui.participant.app import ParticipantApp
    from tests.remote.test_remote_console import every_phase, no_file_access

    server = RoomServer(reopen(facilitator.path), "127.0.0.1", free_port())
    server.start()
    clock = SystemClock()
    try:
        app = ParticipantApp(RemoteParticipant(ServerClient(server.url, clock), clock), clock)
        with no_file_access(file_of(facilitator)) as opened:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press(*server.code, "enter")
                await wait_until(pilot, lambda: bool(app.screen.query("#names")), within=10)
                await pilot.pause()
                await pilot.press("enter")  # Ana, first by name
                await wait_until(pilot, lambda: app.me == "Ana", within=10)
                numbers = await every_phase(pilot, app, facilitator)
    finally:
        server.stop()
    assert opened == []
    session = facilitator.snapshot()
    assert sorted(idea.text for idea in session.ideas) == ["[b]beta[/b]", "alpha"]
    first = session.idea(numbers[0])
    assert first is not None and first.votes == 1 and first.owners == ("Ana",)
