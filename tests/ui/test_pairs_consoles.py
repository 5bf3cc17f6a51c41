"""The pairs phase on every console: the facilitator sees and swaps the pairs, a participant
sees their partner and what to talk about, and the kiosk shows every pair."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from tests.helpers import go_to
from tests.pairs_data import kickoff_agenda, kickoff_roster
from tests.ui.pilot_helpers import other_process, table_rows, text_of, wait_until

SIZE = (120, 36)


@pytest.fixture
def kickoff(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.chdir(tmp_path)
    with SessionStore.create(
        Path("kickoff.workshop"),
        kickoff_agenda(),
        "kickoff",
        clock,
        roster=kickoff_roster(),
        seed=5,
    ) as store:
        yield store


async def test_the_facilitator_sees_every_pair_and_swaps_two_people(
    kickoff: Store, clock: FakeClock
) -> None:
    app = make_facilitator(kickoff, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "greater_than_sign")
        await wait_until(pilot, lambda: app.session.kind == "pairs")
        shown = "#pairs-table"
        await wait_until(pilot, lambda: bool(app.screen.query(shown) and table_rows(app, shown)))
        rows = table_rows(app, "#pairs-table")
        assert len(rows) == 13
        assert sum(row[1] == "mentor" for row in rows) == 6
        assert text_of(app, "#pairs-status").startswith("5 pairs, 1 trio")
        assert "Trio: " in text_of(app, "#pairs-notes")
        assert "AI tools" in {row[3] for row in rows}
        pairing = app.session.pairing
        assert pairing is not None
        first, second = pairing.groups[0].mentees[0], pairing.groups[1].mentees[0]
        names = [row[2].split(" (")[0] for row in rows]
        table = app.screen.query_one("#pairs-table")
        table.move_cursor(row=names.index(first))  # type: ignore[attr-defined]
        await pilot.press("w")
        assert f"{first} marked" in text_of(app, "#pairs-status")
        table.move_cursor(row=names.index(second))  # type: ignore[attr-defined]
        await pilot.press("w")
        await pilot.pause()
        after = other_process(kickoff.path, clock).snapshot().pairing
        assert after is not None
        moved = after.group_of(first)
        assert moved is not None and moved.pinned
        assert moved.mentors == pairing.groups[1].mentors
        assert " swapped" in "".join(row[0] for row in table_rows(app, "#pairs-table"))


async def test_a_participant_sees_their_partner_and_the_countdown(
    kickoff: Store, clock: FakeClock
) -> None:
    from rmworkshop.ui.participant.app import ParticipantApp
    from rmworkshop.ui.participant.local_participant import LocalParticipant

    go_to(kickoff, "pairs")
    pairing = kickoff.snapshot().pairing
    assert pairing is not None
    group = next(g for g in pairing.groups if g.topics and len(g.people) == 2)
    mentor, mentee = group.mentors[0], group.mentees[0]
    level = kickoff.snapshot().person(mentee)
    assert level is not None
    app = ParticipantApp(
        LocalParticipant(other_process(kickoff.path, clock), clock), clock, name=mentor
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        topics = ", ".join(group.topics)
        assert text_of(app, "#pair-line") == (
            f"You are paired with {mentee} ({level.level}), your mentee · talk about: {topics}"
        )
        assert text_of(app, "#pair-role").startswith("You are the mentor")
        assert app.screen.query_one("#countdown").display


async def test_the_kiosk_shows_every_pair(kickoff: Store, clock: FakeClock) -> None:
    from rmworkshop.ui.participant.app.kiosk import KioskApp
    from rmworkshop.ui.participant.local_participant import LocalParticipant

    go_to(kickoff, "pairs")
    app = KioskApp(LocalParticipant(other_process(kickoff.path, clock), clock, kiosk=True), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = text_of(app, "#all-pairs").splitlines()
        assert len(lines) == 6
        assert all(" mentors " in line for line in lines)
        assert sum(line.count(" and ") for line in lines) == 1  # the trio


def test_pairs_phase_snapshot(
    snap_compare: Callable[..., bool], kickoff: Store, clock: FakeClock
) -> None:
    """The facilitator's pairs phase: thirteen people, five pairs and a trio, with the notes."""
    go_to(kickoff, "pairs")
    assert snap_compare(make_facilitator(kickoff, clock), terminal_size=SIZE)


async def test_someone_joining_on_the_day_states_their_profile(
    kickoff: Store, clock: FakeClock
) -> None:
    from rmworkshop.ui.participant.app import ParticipantApp
    from rmworkshop.ui.participant.local_participant import LocalParticipant

    app = ParticipantApp(LocalParticipant(other_process(kickoff.path, clock), clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", *"Zed", "tab", *"Ops", "tab", *"Excel, AI tools", "tab")
        await pilot.press(*"hiring", "tab", "space", "tab")  # not willing to mentor
        await pilot.press("enter", "down", "down", "enter")  # level: junior
        await pilot.pause()
    zed = kickoff.snapshot().person("Zed")
    assert zed is not None
    assert (zed.level, zed.team, zed.teaches, zed.learns, zed.mentor) == (
        "junior",
        "Ops",
        ("Excel", "AI tools"),
        ("hiring",),
        False,
    )


async def test_someone_who_comes_later_is_listed_and_swapped_in(
    kickoff: Store, clock: FakeClock
) -> None:
    go_to(kickoff, "pairs")
    kickoff.add_person("Zoe", "executive")
    app = make_facilitator(kickoff, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        rows = table_rows(app, "#pairs-table")
        assert rows[-1][1:3] == ["came later", "Zoe (executive)"]
        pairing = app.session.pairing
        assert pairing is not None
        out = pairing.groups[0].mentees[0]
        names = [row[2].split(" (")[0] for row in rows]
        table = app.screen.query_one("#pairs-table")
        table.move_cursor(row=names.index("Zoe"))  # type: ignore[attr-defined]
        await pilot.press("w")
        table.move_cursor(row=names.index(out))  # type: ignore[attr-defined]
        await pilot.press("w")
        await pilot.pause()
        after = app.session.pairing
        assert after is not None and after.set_aside == (out,)
        zoe = after.group_of("Zoe")
        assert zoe is not None and zoe.mentors == pairing.groups[0].mentors
