"""`join ADDRESS` and `kiosk ADDRESS`: the participant consoles through the participant server,
driven as a person would, with the facilitator moving the session on its own connection."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import OptionList

from rmworkshop.core.clock import FakeClock
from rmworkshop.remote.client import ServerClient
from rmworkshop.remote.remote_participant import RemoteParticipant
from rmworkshop.store import Store
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import KioskApp
from tests.remote.fake_server import CODE, FakeServer, running
from tests.stores import file_of
from tests.ui.pilot_helpers import table_rows, text_of, wait_until

SIZE = (100, 30)
WITHIN = 5.0
"""Generous: the event stream crosses a thread and a socket on a shared machine."""


def remote(server: FakeServer, clock: FakeClock, *, kiosk: bool = False) -> RemoteParticipant:
    return RemoteParticipant(ServerClient(server.url, clock), clock, kiosk=kiosk)


async def type_line(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text, "enter")


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Wait for what the screen shows; a panel not built yet simply does not show it yet."""

    def shown() -> bool:
        try:
            return condition()
        except NoMatches:
            return False

    await wait_until(pilot, shown, within=WITHIN)


@contextmanager
def no_file_access(path: Path) -> Iterator[list[str]]:
    """Records every opening of the session file, or of any SQLite database, made on this
    thread or by the console's event-stream thread, while the block runs."""
    import threading

    seen: list[str] = []
    watching = True
    mine = {threading.main_thread().ident}
    target = str(path.resolve())

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if not watching:
            return
        thread = threading.current_thread()
        if thread.ident not in mine and thread.name != "rmworkshop-events":
            return  # the server's own thread holds the store: that is the facilitator's side
        if event == "sqlite3.connect" or (
            event == "open" and isinstance(args[0], str | Path) and target in str(args[0])
        ):
            seen.append(event)

    sys.addaudithook(hook)  # audit hooks cannot be removed; this one goes quiet after the block
    try:
        yield seen
    finally:
        watching = False


async def every_phase(pilot: Pilot[Any], app: ParticipantApp, facilitator: Store) -> list[int]:
    """Ana's console, joined, through capture, share, vote, discuss and actions, with the
    facilitator moving the session on; returns the ballot's idea numbers in order."""
    facilitator.start()
    facilitator.next_phase()  # capture
    await until(pilot, lambda: bool(app.screen.query("#idea")))
    await until(pilot, lambda: app.screen.query_one("#idea").has_focus)
    await type_line(pilot, "alpha")
    await type_line(pilot, "[b]beta[/b]")
    await until(pilot, lambda: app.my_ideas == ["alpha", "[b]beta[/b]"])
    assert "[b]beta[/b]" in text_of(app, "#mine")

    facilitator.next_phase()  # share: Bo (intern) first, then the juniors
    await until(pilot, lambda: bool(app.screen.query("#order")))
    await until(pilot, lambda: "Bo" in text_of(app, "#order"))
    facilitator.turn_next()  # Bo speaks; a junior is next
    await until(pilot, lambda: app.session.speaking is not None)

    facilitator.next_phase()  # vote
    facilitator.reveal()
    await until(pilot, lambda: len(table_rows(app, "#ballot")) == 2)
    numbers = [int(row[1]) for row in table_rows(app, "#ballot")]
    await pilot.press("plus")
    await until(pilot, lambda: "Dots left: 0" in text_of(app, "#ballot-status"))
    await pilot.press("v")
    await until(pilot, lambda: app.has_voted)
    assert facilitator.snapshot().voting.ballots == 1

    facilitator.close_voting(force=True)  # one ballot: closing it is deliberate
    facilitator.next_phase()  # discuss
    await until(pilot, lambda: "raises your hand" in text_of(app, "#you"))
    await pilot.press("h")
    await until(pilot, lambda: "place 1 of 1" in text_of(app, "#you"))
    assert [h.person_id for h in facilitator.snapshot().hands] == [
        facilitator.snapshot().person("Ana").id  # type: ignore[union-attr]
    ]

    facilitator.next_phase()  # actions
    # The results table is there since voting closed: wait for the actions phase itself.
    await until(pilot, lambda: app.session.phase.kind == "actions")
    await until(pilot, lambda: len(table_rows(app, "#results")) == 2)
    await pilot.press("o")
    await until(pilot, lambda: "Ana" in str(table_rows(app, "#results")))
    return numbers


async def test_join_address_takes_part_in_every_phase_without_the_file(
    facilitator: Store, server: FakeServer, clock: FakeClock
) -> None:
    app = ParticipantApp(remote(server, clock), clock)
    with no_file_access(file_of(facilitator)) as opened:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: bool(app.screen.query("#code")))
            await type_line(pilot, "AAA-AAA")
            await until(pilot, lambda: "not right" in text_of(app, "#code-error"))
            await type_line(pilot, CODE.lower())
            await until(pilot, lambda: bool(app.screen.query("#names")))
            await until(pilot, lambda: app.screen.query_one("#names", OptionList).option_count == 5)
            await pilot.press("enter")  # Ana, first by name
            await until(pilot, lambda: app.me == "Ana")

            numbers = await every_phase(pilot, app, facilitator)
    assert opened == []
    session = facilitator.snapshot()
    assert sorted(idea.text for idea in session.ideas) == ["[b]beta[/b]", "alpha"]
    first = session.idea(numbers[0])
    assert first is not None and first.votes == 1 and first.owners == ("Ana",)


async def test_kiosk_address_takes_ballots_for_several_people(
    facilitator: Store, server: FakeServer, clock: FakeClock
) -> None:
    facilitator.start()
    facilitator.next_phase()
    for text in ("one", "two", "three"):
        facilitator.submit(text)
    facilitator.next_phase()
    facilitator.next_phase()  # vote
    facilitator.reveal()
    kiosk = KioskApp(remote(server, clock, kiosk=True), clock)
    async with kiosk.run_test(size=SIZE) as pilot:
        await type_line(pilot, CODE)
        await until(pilot, lambda: bool(kiosk.screen.query("#voters")))
        await until(pilot, lambda: kiosk.screen.query_one("#voters", OptionList).option_count == 5)
        for voter in ("Ana", "Bo"):
            await pilot.press("enter")  # the first name still to vote
            await until(pilot, lambda: kiosk.me == voter)  # noqa: B023
            await pilot.press("plus", "v", "v")
            await until(pilot, lambda: kiosk.me is None)
            await until(
                pilot,
                lambda: voter not in kiosk.session.waiting,  # noqa: B023
            )
    session = facilitator.snapshot()
    assert session.voting.ballots == 2
    voted = {m.name for m in session.people if m.id in session.voting.voted}
    assert voted == {"Ana", "Bo"}


async def test_a_dropped_server_is_shown_and_the_console_comes_back_as_the_same_person(
    facilitator: Store, clock: FakeClock
) -> None:
    served = FakeServer(file_of(facilitator), clock)
    first = ExitStack()
    first.enter_context(running(served))
    port = int(served.url.rsplit(":", 1)[1])
    app = ParticipantApp(remote(served, clock), clock, name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, CODE)
        await until(pilot, lambda: app.me == "Ana")
        assert "connection lost" not in text_of(app, "#who")
        first.close()  # the server stops
        await until(pilot, lambda: "connection lost: reconnecting" in text_of(app, "#who"))
        with running(served, port):  # and starts again: same file, same devices
            facilitator.start()
            await until(pilot, lambda: app.session.is_started)
            await until(pilot, lambda: "connection lost" not in text_of(app, "#who"))
            assert text_of(app, "#who").endswith("you are Ana")


async def test_after_voting_starts_a_latecomer_can_only_pick_a_name(
    facilitator: Store, server: FakeServer, clock: FakeClock
) -> None:
    facilitator.start()
    for _ in range(3):
        facilitator.next_phase()  # vote
    app = ParticipantApp(remote(server, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await type_line(pilot, CODE)
        await until(pilot, lambda: "ask the facilitator" in text_of(app, "#identify-error"))
        assert not app.screen.query_one("#new-name").display
        assert not app.screen.query_one("#new-level").display
        assert app.screen.query_one("#names", OptionList).option_count == 5


async def test_join_address_asks_the_server_only_off_the_event_loop(
    facilitator: Store, server: FakeServer, clock: FakeClock
) -> None:
    """The roll of names is an HTTP request: it is made in a worker and comes with the state,
    and "who are you?" draws it without asking the backend anything."""
    import threading

    backend = remote(server, clock)
    client = backend._client
    on_loop: list[str] = []
    loop_thread: list[int] = []

    def watched(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def asked(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() in loop_thread:
                on_loop.append(name)
            return call(*args, **kwargs)

        return asked

    for name in ("join", "people", "state", "claim", "submit", "hand"):
        setattr(client, name, watched(name, getattr(client, name)))

    def no_roll() -> Any:
        raise AssertionError("the roll comes with the state: nobody asks for it")

    backend.roll = no_roll  # type: ignore[method-assign]
    app = ParticipantApp(backend, clock)
    async with app.run_test(size=SIZE) as pilot:
        loop_thread.append(threading.get_ident())
        await until(pilot, lambda: bool(app.screen.query("#code")))
        await type_line(pilot, CODE)
        await until(pilot, lambda: bool(app.screen.query("#names")))
        await until(pilot, lambda: app.screen.query_one("#names", OptionList).option_count == 5)
        await pilot.press("enter")  # Ana, first by name
        await until(pilot, lambda: app.me == "Ana")
    assert on_loop == [], "the event loop never waits on the network"
