"""A phase move names the phase it moves from, so two consoles pressing once move once, and
voting, once open, ends only when someone closes it on purpose."""

from __future__ import annotations

import pytest

from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.ballots import needs_force
from rmworkshop.store import Store
from tests.helpers import PHASES, go_to
from tests.store.contract.backends import Backend


def test_the_phase_number_counts_the_start_each_phase_and_the_end(store: Store) -> None:
    assert store.snapshot().phase_number == 0
    store.start()
    assert store.snapshot().phase_number == 1
    for number in range(2, len(PHASES) + 1):
        store.next_phase()
        assert store.snapshot().phase_number == number
    store.next_phase()
    assert store.snapshot().is_finished
    assert store.snapshot().phase_number == len(PHASES) + 1


@pytest.mark.parametrize("started", [False, True], ids=["on the start screen", "running"])
def test_two_consoles_pressing_next_once_move_one_phase(
    backend: Backend, store: Store, started: bool
) -> None:
    if started:
        store.start()
    with backend.another(store) as other:
        seen_here, seen_there = store.snapshot(), other.snapshot()
        store.next_phase(from_phase=seen_here.phase_number)
        with pytest.raises(Refused, match="already moved") as refused:
            other.next_phase(from_phase=seen_there.phase_number)
        now = other.snapshot()
        assert now.phase_number == seen_there.phase_number + 1, "moved once, not twice"
        assert repr(now.phase.name) in str(refused.value), "the refusal says where it is now"


def test_two_consoles_pressing_back_once_move_one_phase(backend: Backend, store: Store) -> None:
    go_to(store, "share")
    with backend.another(store) as other:
        seen = other.snapshot().phase_number
        store.back_phase(from_phase=seen)
        with pytest.raises(Refused, match="already moved"):
            other.back_phase(from_phase=seen)
    assert store.snapshot().kind == "capture"


def test_a_move_without_a_phase_number_moves_from_wherever_it_is(store: Store) -> None:
    """Scripts that do not care where the session is keep working."""
    store.next_phase()
    store.next_phase()
    assert store.snapshot().phase_number == 2


def test_two_consoles_in_the_share_phase_never_skip_the_vote(
    backend: Backend, store: Store
) -> None:
    """Both consoles showed the share phase; only one of their presses moves the session,
    and even a second, deliberate press past the vote leaves voting open, not closed."""
    go_to(store, "capture")
    store.submit("an idea")
    go_to(store, "share")
    with backend.another(store) as other:
        seen = other.snapshot().phase_number
        store.next_phase(from_phase=seen)
        with pytest.raises(Refused, match="already moved"):
            other.next_phase(from_phase=seen)
        assert other.snapshot().kind == "vote"
        other.next_phase(from_phase=other.snapshot().phase_number)
    session = store.snapshot()
    assert session.kind == "discuss"
    assert session.voting.opened and not session.voting.closed
    store.back_phase()
    store.cast_ballot("Ana", {1: 1})
    assert store.snapshot().voting.ballots == 1


def test_coming_back_to_the_vote_finds_it_as_it_was(store: Store) -> None:
    go_to(store, "capture")
    for text in ("one", "two", "three", "four", "five", "six"):
        store.submit(text)
    session = go_to(store, "vote")
    store.cast_ballot("Ana", {1: 1, 2: 1})
    budget = session.budget()
    store.next_phase()
    store.next_phase()
    store.back_phase()
    store.back_phase()
    back = store.snapshot()
    assert back.kind == "vote"
    assert (back.voting.opened, back.voting.closed, back.voting.ballots) == (True, False, 1)
    assert back.budget() == budget
    assert all(idea.votes is None for idea in back.ideas), "tallies still hidden"
    with pytest.raises(Refused, match="already voted"):
        store.cast_ballot("Ana", {3: 1})
    store.cast_ballot("Bo", {3: 1})


@pytest.mark.parametrize("ballots", [0, 1, 2])
def test_closing_with_fewer_than_three_ballots_needs_force(
    backend: Backend, store: Store, ballots: int
) -> None:
    go_to(store, "capture")
    store.submit("one")
    store.submit("two")
    go_to(store, "vote")
    for name in ("Ana", "Bo")[:ballots]:
        store.cast_ballot(name, {1: 1})
    assert needs_force(store.snapshot())
    before = backend.dump(store)
    with pytest.raises(Refused, match="force") as refused:
        store.close_voting()
    assert ("how that person voted" in str(refused.value)) == (ballots == 1)
    assert ("subtract their own" in str(refused.value)) == (ballots == 2)
    assert backend.dump(store) == before
    store.close_voting(force=True)
    session = store.snapshot()
    assert session.voting.closed
    assert sum(idea.votes or 0 for idea in session.ideas) == ballots


def test_three_ballots_close_without_force(store: Store) -> None:
    go_to(store, "capture")
    store.submit("one")
    go_to(store, "vote")
    for name in ("Ana", "Bo", "Cy"):
        store.cast_ballot(name, {1: 1})
    assert not needs_force(store.snapshot())
    store.close_voting()
    assert store.snapshot().ideas[0].votes == 3


def test_the_store_provides_every_operation_of_the_contract(store: Store) -> None:
    from rmworkshop.store import Store
    from tests.store.contract.backends import conforms

    members = [name for name in dir(Store) if not name.startswith("_")]
    properties = {name for name in members if isinstance(getattr(Store, name), property)}
    assert "cast_ballot" in members and "claim" in members and "counted" in members
    assert properties == {"path", "place", "name"}
    provided = conforms(store)
    for name in members:
        if name in properties:
            getattr(provided, name)  # readable
        else:
            assert callable(getattr(provided, name)), name
    assert isinstance(provided.place, str) and provided.place  # where a person finds it again
