"""Merge suggestions and undo: dismissed suggestions kept in the session, merges undone until
the first ballot with the cards back under their own numbers."""

from __future__ import annotations

from rmworkshop.core.voting import Budget
from rmworkshop.store import Store
from tests.helpers import go_to
from tests.store.contract.helpers import assert_refused_unchanged, idea, submit_many


def test_unmerging_a_kept_idea_brings_back_every_card_under_its_own_number(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 5)
    store.reveal()
    texts = {i.number: i.text for i in store.snapshot().ideas}
    store.merge(1, [2, 3])
    assert store.unmerge(1) == [2, 3]
    session = store.snapshot()
    assert [i.number for i in session.votable] == [1, 2, 3, 4, 5]
    assert {i.number: i.text for i in session.ideas} == texts
    assert store.merged_texts() == {}


def test_unmerging_one_merged_card_leaves_the_rest_merged(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    store.reveal()
    store.merge(1, [2, 3])
    assert store.unmerge(3) == [3]
    session = store.snapshot()
    assert idea(session, 2).merged_into == 1
    assert idea(session, 3).merged_into is None


def test_unmerge_refusals(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 10)
    store.reveal()
    assert_refused_unchanged(store, lambda: store.unmerge(1), "Nothing was merged into idea #1")
    assert_refused_unchanged(store, lambda: store.unmerge(9), "#9")
    store.merge(1, [2])
    go_to(store, "vote")
    assert store.snapshot().voting.budget == Budget(dots=3, max_per_idea=3)
    store.merge(3, [4, 5])
    assert store.snapshot().voting.budget == Budget(dots=2, max_per_idea=3)
    store.unmerge(3)
    assert store.snapshot().voting.budget == Budget(dots=3, max_per_idea=3), "counted again"
    store.cast_ballot("Ana", {1: 1})
    assert_refused_unchanged(store, lambda: store.unmerge(1), "ballots have been cast")


def test_a_dismissed_suggestion_is_kept_in_the_session(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    assert_refused_unchanged(store, lambda: store.dismiss([1, 2]), "after the reveal")
    store.reveal()
    assert store.dismissed() == []
    store.dismiss([3, 1])
    store.dismiss([1, 3])
    assert store.dismissed() == [frozenset({1, 3})]
    assert_refused_unchanged(store, lambda: store.dismiss([1]), "two ideas or more")
    assert_refused_unchanged(store, lambda: store.dismiss([1, 9]), "#9")


def test_dismissing_is_refused_after_the_first_ballot(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    go_to(store, "vote")
    store.cast_ballot("Ana", {1: 1})
    assert_refused_unchanged(store, lambda: store.dismiss([1, 2]), "ballots have been cast")
