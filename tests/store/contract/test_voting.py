"""Secret ballots: the budget, every refusal, hidden tallies, and closing the vote."""

from __future__ import annotations

import pytest

from rmworkshop.core.voting import Budget
from rmworkshop.store import Store
from tests.helpers import go_to, make_agenda
from tests.store.contract.backends import Backend
from tests.store.contract.helpers import (
    assert_refused_unchanged,
    idea,
    submit_many,
)

# -- voting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ideas", "merged", "dots"),
    [(2, 0, 1), (9, 0, 3), (10, 1, 3), (11, 0, 3), (12, 0, 4), (70, 0, 20), (90, 0, 20)],
)
def test_the_default_budget_is_fixed_when_voting_opens(
    store: Store, ideas: int, merged: int, dots: int
) -> None:
    go_to(store, "capture")
    submit_many(store, ideas)
    if merged:
        store.reveal()
        store.merge(1, list(range(2, 2 + merged)))
    assert store.snapshot().voting.budget is None
    go_to(store, "vote")
    session = store.snapshot()
    assert session.voting.opened
    assert session.voting.budget == Budget(dots=dots, max_per_idea=3)
    store.back_phase()
    store.next_phase()
    assert store.snapshot().voting.budget == Budget(dots=dots, max_per_idea=3)


def test_the_agenda_can_set_the_budget(backend: Backend) -> None:
    agenda = make_agenda(dots=4, max_per_idea=2)
    with backend.create(agenda) as store:
        go_to(store, "capture")
        submit_many(store, 30)
        go_to(store, "vote")
        assert store.snapshot().voting.budget == Budget(dots=4, max_per_idea=2)
        assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 3}), "at most 2")
        assert_refused_unchanged(
            store, lambda: store.cast_ballot("Ana", {1: 2, 2: 2, 3: 1}), "5 dots", "4"
        )
        store.cast_ballot("Ana", {1: 2, 2: 2})


BALLOT_REFUSALS: dict[str, tuple[str, dict[int, int], str]] = {
    "unknown person": ("Zoe", {1: 1}, "Nobody called 'Zoe'"),
    "second ballot": ("ana", {3: 1}, "already voted"),
    "over budget": ("Bo", {1: 2, 2: 2}, "4 dots"),
    "over the per-idea cap": ("Bo", {1: 4}, "at most 3"),
    "unknown idea": ("Bo", {1: 1, 11: 1}, "#11"),
    "merged idea": ("Bo", {9: 1}, "#9"),
    "empty ballot": ("Bo", {1: 0}, "at least one dot"),
}


@pytest.mark.parametrize("case", list(BALLOT_REFUSALS))
def test_a_bad_ballot_is_refused_and_changes_nothing(voting: Store, case: str) -> None:
    name, choices, fragment = BALLOT_REFUSALS[case]
    assert_refused_unchanged(voting, lambda: voting.cast_ballot(name, choices), fragment)
    session = voting.snapshot()
    assert session.voting.ballots == 1


def test_ballots_are_refused_outside_the_vote_phase(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 6)
    store.reveal()
    assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 1}), "vote phase")
    go_to(store, "vote")
    store.back_phase()
    assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 1}), "vote phase")


def test_ballots_are_refused_after_voting_closed(voting: Store) -> None:
    voting.close_voting(force=True)
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "closed")
    assert_refused_unchanged(voting, voting.close_voting, "already closed")
    voting.next_phase()
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "vote phase")
    voting.back_phase()
    assert voting.snapshot().kind == "vote"
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "closed")


def test_close_voting_is_refused_before_it_opens(store: Store) -> None:
    go_to(store, "capture")
    assert_refused_unchanged(store, store.close_voting, "not started")


def test_tallies_stay_hidden_until_voting_closes(voting: Store) -> None:
    voting.cast_ballot("Bo", {1: 1, 3: 2})
    voting.cast_ballot("Cy", {3: 3})
    voting.cast_ballot("Dee", {8: 1, 2: 1, 4: 1})
    session = voting.snapshot()
    assert session.voting.ballots == 4
    assert all(idea.votes is None for idea in session.ideas)
    assert {r.votes for r in session.ranking()} == {0}, "nothing leaks through the ranking"
    voting.close_voting()
    session = voting.snapshot()
    tallies = {idea.number: idea.votes for idea in session.votable}
    assert tallies == {1: 3, 2: 2, 3: 5, 4: 1, 5: 0, 6: 0, 7: 0, 8: 1, 10: 0}
    assert session.voting.voted == {
        m.id for m in session.people if m.name in {"Ana", "Bo", "Cy", "Dee"}
    }
    ranked = [(r.number, r.rank, r.tied) for r in session.ranking()]
    assert ranked[:5] == [(3, 1, False), (1, 2, False), (2, 3, False), (4, 4, True), (8, 4, True)]


def test_leaving_the_vote_phase_keeps_voting_open(voting: Store) -> None:
    """A mistaken "next" costs nothing: voting closes only when closed on purpose."""
    assert voting.snapshot().ideas[0].votes is None
    voting.next_phase()
    session = voting.snapshot()
    assert session.kind == "discuss"
    assert session.voting.opened and not session.voting.closed
    assert idea(session, 1).votes is None, "tallies stay hidden while voting is open"
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "vote phase")
    voting.back_phase()
    session = voting.snapshot()
    assert (session.kind, session.voting.closed, session.voting.ballots) == ("vote", False, 1)
    voting.cast_ballot("Bo", {1: 1})
    voting.cast_ballot("Cy", {1: 1})
    voting.close_voting()
    assert idea(voting.snapshot(), 1).votes == 4


def test_going_back_from_the_vote_keeps_it_open(voting: Store) -> None:
    voting.back_phase()
    voting.next_phase()
    session = voting.snapshot()
    assert session.voting.opened and not session.voting.closed
    voting.cast_ballot("Bo", {1: 1})
    assert voting.snapshot().voting.ballots == 2
