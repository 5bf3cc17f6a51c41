"""Pair check-ins through the store: one answer per person, only in a check-in phase, only
from a present member of a pair; the pairs fixed from the first answer; answers kept from every
snapshot while the check-in phase runs, and shown once it has ended."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rmworkshop.core.checkin import MAX_NOTE_CHARS, Answer, CheckinPair, key
from rmworkshop.store import Store
from tests.helpers import go_to, make_agenda
from tests.store.contract.backends import Backend
from tests.store.contract.helpers import assert_refused_unchanged

FOLLOW_UP = (
    ("Welcome", "info", 2),
    ("How are the pairs doing?", "checkin", 10),
    ("What changed", "share", 10),
)
PAIRS = (
    CheckinPair(("Ana",), ("Bo",), ("AI tools",)),
    CheckinPair(("Cy",), ("Dee", "Gus")),  # a trio
    CheckinPair(("Eli",), ("Zoe",)),  # Zoe is not in this session
)


@pytest.fixture
def follow_up(backend: Backend) -> Iterator[Store]:
    with backend.create(make_agenda(phases=FOLLOW_UP)) as store:
        store.set_checkin_pairs(PAIRS)
        yield store


def test_pairs_are_kept_and_each_member_finds_theirs(follow_up: Store) -> None:
    checkin = follow_up.snapshot().checkin
    assert checkin.pairs == PAIRS
    assert checkin.pair_of("gus") == PAIRS[1]
    assert checkin.pair_of("Fay") is None
    assert checkin.answered == frozenset()


def test_one_answer_per_person_during_the_phase(follow_up: Store) -> None:
    go_to(follow_up, "checkin")
    stored = follow_up.check_in("Ana", "2-3", "well", "  Learned\nto   ship\x1b[31m  ")
    assert stored == Answer("2-3", "well", "Learned to   ship")
    assert_refused_unchanged(
        follow_up, lambda: follow_up.check_in("ana", "4+", "stuck"), "already checked in"
    )
    session = follow_up.snapshot()
    assert session.checkin.answered == {key("Ana")}
    assert session.checkin.pairs_answered() == 1


def test_two_partners_answering_differently_are_both_kept(follow_up: Store) -> None:
    go_to(follow_up, "checkin")
    follow_up.check_in("Ana", "2-3", "well", "Pairing on prompts")
    follow_up.check_in("Bo", "1", "stuck", "")
    follow_up.next_phase()
    answers = follow_up.snapshot().checkin.answers
    assert answers == {
        "ana": Answer("2-3", "well", "Pairing on prompts"),
        "bo": Answer("1", "stuck", ""),
    }


def test_answers_are_never_in_a_snapshot_while_the_phase_runs(follow_up: Store) -> None:
    go_to(follow_up, "checkin")
    follow_up.check_in("Cy", "0", "ended", "secret words")
    for step in (follow_up.pause, follow_up.resume):
        session = follow_up.snapshot()
        assert session.checkin.answers is None
        assert "secret words" not in repr(session)
        step()
    follow_up.back_phase()
    assert follow_up.snapshot().checkin.answers == {"cy": Answer("0", "ended", "secret words")}
    follow_up.next_phase()  # back in the check-in: hidden again
    assert follow_up.snapshot().checkin.answers is None


@pytest.mark.parametrize(
    ("name", "met", "going", "note", "fragment"),
    [
        ("Fay", "1", "well", "", "in no pair"),
        ("Nobody", "1", "well", "", "Nobody called"),
        ("Ana", "3", "well", "", "2-3"),
        ("Ana", "1", "fine", "", "stuck"),
        ("Ana", "1", "well", "x" * (MAX_NOTE_CHARS + 1), f"at most {MAX_NOTE_CHARS}"),
    ],
)
def test_refusals_change_nothing(
    follow_up: Store, name: str, met: str, going: str, note: str, fragment: str
) -> None:
    go_to(follow_up, "checkin")
    assert_refused_unchanged(
        follow_up, lambda: follow_up.check_in(name, met, going, note), fragment
    )


def test_only_during_a_check_in_phase(follow_up: Store) -> None:
    assert_refused_unchanged(follow_up, lambda: follow_up.check_in("Ana", "1", "well"), "before")
    go_to(follow_up, "share")
    assert_refused_unchanged(follow_up, lambda: follow_up.check_in("Ana", "1", "well"), "share")


def test_a_member_marked_away_cannot_answer(follow_up: Store) -> None:
    go_to(follow_up, "checkin")
    follow_up.set_present("Bo", False)
    assert_refused_unchanged(follow_up, lambda: follow_up.check_in("Bo", "1", "well"), "away")


def test_no_pairs_no_check_in(backend: Backend) -> None:
    with backend.create(make_agenda(phases=FOLLOW_UP)) as store:
        go_to(store, "checkin")
        assert_refused_unchanged(store, lambda: store.check_in("Ana", "1", "well"), "--history")


def test_pairs_are_fixed_from_the_first_answer(follow_up: Store) -> None:
    follow_up.set_checkin_pairs(PAIRS[::-1])
    follow_up.set_checkin_pairs(PAIRS)
    go_to(follow_up, "checkin")
    follow_up.check_in("Eli", "4+", "well")
    follow_up.set_checkin_pairs(PAIRS)  # the same again (a console resumed): nothing changes
    assert_refused_unchanged(
        follow_up, lambda: follow_up.set_checkin_pairs(PAIRS[:1]), "cannot change"
    )


def test_answers_survive_another_handle(backend: Backend, follow_up: Store) -> None:
    go_to(follow_up, "checkin")
    with backend.another(follow_up) as other:
        other.check_in("Dee", "1", "well", "Named things")
        assert_refused_unchanged(other, lambda: other.check_in("Dee", "1", "well"), "once")
    assert follow_up.snapshot().checkin.answered == {"dee"}
