"""People who join on the day state what they bring to mentoring pairs: through the
participant server's claim, and on the participant console of the session file."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.people import Profile, profile_from_json, profile_json
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.participant.app import ParticipantApp
from tests.helpers import assert_refused, call_cli, make_agenda, make_roster
from tests.server.conftest import Served


async def test_a_claim_may_carry_a_profile(served: Served) -> None:
    device = served.device()
    assert await device.join() == 200
    profile = Profile("Ops", ("AI tools", "TikTok"), ("hiring",), False)
    body = {"name": "Zoe", "level": "junior", "profile": profile_json(profile)}
    status, answer = await device.json("POST", "/api/claim", body)
    assert status == 200, answer
    zoe = served.store.snapshot().person("Zoe")
    assert zoe is not None
    assert (zoe.team, zoe.teaches, zoe.learns, zoe.mentor) == (
        "Ops",
        ("AI tools", "TikTok"),
        ("hiring",),
        False,
    )


async def test_a_bad_profile_is_one_refusal_and_adds_nobody(served: Served) -> None:
    device = served.device()
    assert await device.join() == 200
    bad = {"name": "Yan", "level": "junior", "profile": {"teaches": "AI tools"}}
    status, answer = await device.json("POST", "/api/claim", bad)
    assert status == 400
    assert "lists of text" in str(answer)
    assert served.store.snapshot().person("Yan") is None


def test_profiles_survive_the_wire() -> None:
    profile = Profile(None, ("a",), (), True)
    assert profile_from_json(profile_json(profile)) == profile


async def test_joining_on_the_console_states_a_profile(tmp_path: Path) -> None:
    clock = FakeClock()
    store = SessionStore.create(
        tmp_path / "j.workshop", make_agenda(), "t", clock, roster=make_roster(), seed=1
    )
    profile = Profile("Design", ("Figma",), (), True)
    app = ParticipantApp(store, clock, name="Quinn", level="intern", profile=profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    with SessionStore.open(store.path, clock) as again:  # the console closed its own
        quinn = again.snapshot().person("Quinn")
    assert quinn is not None and (quinn.team, quinn.teaches) == ("Design", ("Figma",))


def test_join_profile_options_need_a_new_name(tmp_path: Path) -> None:
    refused = call_cli("join", tmp_path / "x.workshop", "--teaches", "AI tools")
    assert_refused(refused, "go with --as NAME --level L")
