"""One facilitator console and two participant consoles, all on the same session file."""

from __future__ import annotations

from collections.abc import Callable

from rmworkshop.core.clock import FakeClock
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.participant.app import ParticipantApp
from tests.stores import file_of
from tests.ui.conftest import MakeStore
from tests.ui.pilot_helpers import digits_of, other_process, text_of, wait_until


def showing(app: ParticipantApp, phase: str) -> Callable[[], bool]:
    return lambda: text_of(app, "#phase-name") == phase


async def test_facilitator_and_two_participants_share_one_session(
    make_store: MakeStore, clock: FakeClock
) -> None:
    store = make_store()
    path = file_of(store)
    # Each console has its own connection, as separate processes would.
    facilitator = make_facilitator(other_process(path, clock), clock)
    ana = ParticipantApp(other_process(path, clock), clock, name="Ana")
    bo = ParticipantApp(other_process(path, clock), clock, name="Bo")
    async with (
        facilitator.run_test(size=(120, 36)) as host,
        ana.run_test(size=(100, 30)) as ana_keys,
        bo.run_test(size=(100, 30)) as bo_keys,
    ):
        await host.press("enter")  # start the session from the start screen
        await host.press("greater_than_sign")  # ground rules -> silent brainstorm
        for pilot, app in ((ana_keys, ana), (bo_keys, bo)):
            await wait_until(pilot, showing(app, "Silent brainstorm"))

        await ana_keys.press(*"Pair juniors with execs on tooling", "enter")
        await wait_until(host, lambda: digits_of(facilitator, "#idea-count") == "1")
        await bo_keys.press(*"[b]Fewer status meetings[/b]", "enter")
        await wait_until(host, lambda: digits_of(facilitator, "#idea-count") == "2")
        assert "Pair juniors" not in text_of(bo, "#mine"), "each screen lists only its own ideas"
        assert text_of(bo, "#mine").strip() == "• [b]Fewer status meetings[/b]"

        await host.press("greater_than_sign")  # -> share round
        share = store.snapshot().phase.name
        assert store.snapshot().kind == "share"
        for pilot, app in ((ana_keys, ana), (bo_keys, bo)):
            await wait_until(pilot, showing(app, share))
        # Bo is the only intern, so Bo opens the round.
        assert text_of(bo, "#you") == "You are next"
        assert text_of(ana, "#you") == ""
        await host.press("n")  # the facilitator gives Bo the floor
        await wait_until(bo_keys, lambda: text_of(bo, "#you").startswith("You are speaking now"))
    assert store.snapshot().idea_count == 2
