"""The facilitator opens the room: the join screen's QR code decodes to the address, j hides
and shows it, loopback is explained, and closing the console stops the server it started."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.devices import RoomCounts
from rmworkshop.core.errors import Refused
from rmworkshop.store import Store
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.facilitator.join_screen import JoinScreen
from tests.remote.qr_reader import decode
from tests.ui.pilot_helpers import Drawn, wait_until

SIZE = (120, 36)


@dataclass
class StubServer:
    """Stands in for the participant server: records what the console asks of it."""

    url: str = "http://192.168.1.20:8000"
    code: str = "K7P-Q3M"
    kiosk_code: str = "KSK-7QM"
    reachable_from_room: bool = True
    runs_here: bool = True
    calls: list[str] = field(default_factory=list)
    refuse: bool = False
    counts: tuple[int, int, int] = (0, 0, 0)

    def start(self) -> None:
        self.calls.append("start")
        if self.refuse:
            raise Refused("cannot listen on 0.0.0.0:8000: Address already in use")

    def stop(self) -> None:
        self.calls.append("stop")

    def room_counts(self) -> RoomCounts:
        return RoomCounts(*self.counts)

    def clear_idle(self) -> int:
        self.calls.append("clear")
        cleared = self.counts[0] - self.counts[1]
        self.counts = (self.counts[1], self.counts[1], self.counts[2])
        return cleared


@pytest.mark.parametrize(
    ("url", "size"),
    [
        ("http://192.168.1.20:8000", SIZE),
        ("https://workshop.example.org/room", (80, 24)),
        ("http://[fd00::1234]:8000", (200, 60)),
    ],
)
async def test_the_qr_code_on_screen_decodes_to_the_address_with_the_code_in_its_fragment(
    facilitator: Store, clock: FakeClock, url: str, size: tuple[int, int]
) -> None:
    server = StubServer(url=url)
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=True)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.pause()
        drawn = Drawn(app)
        assert decode(drawn.text("#join-qr")) == [f"{url}#code=K7P-Q3M"]
        assert url in drawn.text("#join-url")
        assert "K7P-Q3M" in drawn.text("#join-code")
        assert not app.screen.query("#join-advice")


async def test_the_code_fills_a_projected_screen(facilitator: Store, clock: FakeClock) -> None:
    """At 120x36 each module is at least two cells wide: a quarter of the screen's height or
    more, not a stamp in a corner."""
    app = make_facilitator(facilitator, clock, room=StubServer, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.pause()
        lines = [line for line in Drawn(app).text("#join-qr").splitlines() if line.strip()]
        assert len(lines) >= 25
        assert max(len(line.strip()) for line in lines) >= 50


async def test_j_opens_the_room_once_hides_and_shows_it_and_quitting_stops_it(
    facilitator: Store, clock: FakeClock
) -> None:
    server = StubServer()
    app = make_facilitator(facilitator, clock, room=lambda: server)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert server.calls == []  # nothing listens until asked
        await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.press("j")
        await wait_until(pilot, lambda: not isinstance(app.screen, JoinScreen))
        await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        assert server.calls == ["start"]
    assert server.calls == ["start", "stop"]


async def test_loopback_says_phones_cannot_reach_it_and_how_to_open_the_room(
    facilitator: Store, clock: FakeClock
) -> None:
    server = StubServer(url="http://127.0.0.1:8000", reachable_from_room=False)
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.pause()
        advice = " ".join(Drawn(app).text("#join-advice").split())
        assert "phones cannot reach it" in advice
        assert "--serve 0.0.0.0:8000" in advice


async def test_a_server_that_cannot_start_is_one_notice(
    facilitator: Store, clock: FakeClock
) -> None:
    server = StubServer(refuse=True)
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: bool(app._notifications))
        notice = next(iter(app._notifications))
        assert "Address already in use" in str(notice.message)
        assert not isinstance(app.screen, JoinScreen)
    assert server.calls == ["start"]  # nothing to stop


async def test_quitting_with_the_room_open_asks_first_and_says_what_closes(
    facilitator: Store, clock: FakeClock
) -> None:
    from rmworkshop.ui.facilitator.modals import ConfirmDialog

    server = StubServer()
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.press("j")  # the room stays open behind the console
        await wait_until(pilot, lambda: not isinstance(app.screen, JoinScreen))
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = " ".join(Drawn(app).text("#confirm-question").split())
        assert "close the room" in question and "timer keeps running" in question
        await pilot.press("q")  # again: one question, not two
        await pilot.press("n")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert app.is_running and server.calls == ["start"], "the room is still open"
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.is_running)
    assert server.calls == ["start", "stop"]


async def test_quitting_a_console_that_shows_a_room_served_elsewhere_asks_nothing(
    facilitator: Store, clock: FakeClock
) -> None:
    server = StubServer(runs_here=False)  # the hosts of a database session keep the room
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.press("j")
        await wait_until(pilot, lambda: not isinstance(app.screen, JoinScreen))
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert server.calls == ["start", "stop"], "what it started here is stopped"


async def test_quitting_with_no_room_open_asks_nothing(
    facilitator: Store, clock: FakeClock
) -> None:
    server = StubServer()
    app = make_facilitator(facilitator, clock, room=lambda: server)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert server.calls == []


@pytest.mark.parametrize("open_room", [True, False], ids=["--serve", "j later"])
async def test_the_start_screen_gives_the_rooms_address_and_code_once_it_is_open(
    facilitator: Store, clock: FakeClock, open_room: bool
) -> None:
    from rmworkshop.ui.facilitator.start import StartScreen

    server = StubServer()
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=open_room)
    async with app.run_test(size=SIZE) as pilot:
        if not open_room:
            await pilot.pause()
            before = " ".join(Drawn(app).text("#start-join").split())
            assert "press j to open the room" in before
            await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.pause()
        join = " ".join(Drawn(app).text("#start-join").split())
        assert "open http://192.168.1.20:8000 and type the code K7P-Q3M" in join
        assert "rmworkshop join http://192.168.1.20:8000" in join
        assert "serve" not in join and "kiosk" not in join, "no command for a room already open"


async def test_the_join_screen_counts_devices_and_clears_the_idle_ones(
    facilitator: Store, clock: FakeClock
) -> None:
    server = StubServer(counts=(412, 400, 3))
    app = make_facilitator(facilitator, clock, room=lambda: server, open_room=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, JoinScreen))
        await pilot.pause()
        shown = Drawn(app).text("#join-devices")
        assert "412 devices joined from 3 addresses; 12 hold no name yet" in shown
        await pilot.press("c")
        await wait_until(pilot, lambda: "clear" in server.calls)
        await wait_until(pilot, lambda: "0 hold no name" in Drawn(app).text("#join-devices"))
