"""Mentoring pairs in the session file: formed at the start of a pairs phase from the
people present, kept when the phase is visited again, swapped, and paired around history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import Profile
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import go_to
from tests.pairs_data import kickoff_agenda, kickoff_roster
from tests.stores import file_of


@pytest.fixture
def kickoff(tmp_path: Path, clock: FakeClock) -> Store:
    return SessionStore.create(
        tmp_path / "kickoff.workshop",
        kickoff_agenda(),
        "kickoff",
        clock=clock,
        roster=kickoff_roster(),
        seed=5,
    )


def sizes(pairing: Pairing) -> list[int]:
    return sorted(len(group.people) for group in pairing.groups)


def test_thirteen_people_make_five_pairs_and_a_trio(kickoff: Store) -> None:
    session = go_to(kickoff, "pairs")
    pairing = session.pairing
    assert pairing is not None
    assert sizes(pairing) == [2, 2, 2, 2, 2, 3]
    everyone = sorted(name for group in pairing.groups for name in group.people)
    assert everyone == sorted(person.name for person in session.people)
    assert all("Ema" not in group.mentors for group in pairing.groups)  # mentor = false
    levels = session.levels
    by_name = {person.name: person for person in session.people}
    for group in pairing.groups:
        for mentor in group.mentors:
            for mentee in group.mentees:
                assert levels.rank(by_name[mentor].level) < levels.rank(by_name[mentee].level)


def test_pairs_are_kept_when_the_phase_is_visited_again(
    kickoff: Store, session_path: Path, clock: FakeClock
) -> None:
    first = go_to(kickoff, "pairs").pairing
    kickoff.set_present("Ana", False)
    kickoff.next_phase()
    kickoff.back_phase()
    assert kickoff.snapshot().pairing == first
    path = file_of(kickoff)
    kickoff.close()
    with SessionStore.open(path, clock) as again:
        assert again.snapshot().pairing == first


def test_nobody_away_is_paired(kickoff: Store) -> None:
    kickoff.set_present("Max", False)
    kickoff.set_present("Ana", False)
    pairing = go_to(kickoff, "pairs").pairing
    assert pairing is not None
    assert sizes(pairing) == [2, 2, 2, 2, 3]
    assert not {"Max", "Ana"} & {name for group in pairing.groups for name in group.people}


def test_a_swap_is_stored_pinned_and_the_rest_stay_paired(kickoff: Store) -> None:
    before = go_to(kickoff, "pairs").pairing
    assert before is not None
    first, second = before.groups[0].mentees[0], before.groups[1].mentees[0]
    after = kickoff.swap_pairs(first, second)
    assert kickoff.snapshot().pairing == after
    moved = after.group_of(first)
    assert moved is not None and moved.pinned and before.groups[1].mentors == moved.mentors
    assert sizes(after) == sizes(before)


def test_swapping_outside_a_pairs_phase_is_refused(kickoff: Store) -> None:
    kickoff.start()
    with pytest.raises(Refused, match="only during a pairs phase"):
        kickoff.swap_pairs("Ana", "Ben")


def test_the_second_pairs_phase_repeats_no_pair_of_the_first(kickoff: Store) -> None:
    first = go_to(kickoff, "pairs").pairing
    kickoff.next_phase()
    second = go_to(kickoff, "pairs").pairing
    assert first is not None and second is not None
    met = {frozenset(g.people) for g in first.groups}
    for group in second.groups:
        for mentor in group.mentors:
            for mentee in group.mentees:
                assert not any({mentor, mentee} <= pair for pair in met)


def test_history_given_later_pairs_the_running_phase_again(kickoff: Store) -> None:
    first = go_to(kickoff, "pairs").pairing
    assert first is not None
    kickoff.add_pair_history([group.people for group in first.groups])
    again = kickoff.snapshot().pairing
    assert again is not None and again != first
    met = {frozenset(g.people) for g in first.groups}
    assert not any(frozenset(g.people) in met for g in again.groups if len(g.people) == 2)


def test_history_given_at_creation_is_used(tmp_path: Path, clock: FakeClock) -> None:
    history = [("Ana", "Kai"), ("Cleo", "Kai"), ("Ben", "Lea")]
    with SessionStore.create(
        tmp_path / "h.workshop",
        kickoff_agenda(),
        "kickoff",
        clock,
        roster=kickoff_roster(),
        seed=5,
        history=history,
    ) as store:
        pairing = go_to(store, "pairs").pairing
        assert pairing is not None
        for group in pairing.groups:
            assert not any(set(pair) <= set(group.people) for pair in history)


def test_people_who_join_state_their_profile(kickoff: Store) -> None:
    profile = Profile("Ops", ("Excel",), ("AI tools",), False)
    kickoff.add_person("Zoe", "junior", profile)
    zoe = kickoff.snapshot().person("Zoe")
    assert zoe is not None
    assert (zoe.team, zoe.teaches, zoe.learns, zoe.mentor) == (
        "Ops",
        ("Excel",),
        ("AI tools",),
        False,
    )


def test_a_version_1_session_file_is_brought_up_to_date(kickoff: Store, clock: FakeClock) -> None:
    path = file_of(kickoff)
    kickoff.close()
    db = sqlite3.connect(path)
    with db:
        db.execute("DROP TABLE pairs")
        db.execute("DROP TABLE idea_requests")  # a version 1 file had no device tables
        db.execute("DROP TABLE devices")
        for column in ("team", "teaches", "learns", "mentor"):
            db.execute(f"ALTER TABLE people DROP COLUMN {column}")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.close()
    with SessionStore.open(path, clock) as store:
        session = go_to(store, "pairs")
        assert session.pairing is not None and len(session.pairing.groups) == 6
        assert session.person("Ana") is not None
