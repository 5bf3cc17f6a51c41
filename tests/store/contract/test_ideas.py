"""Ideas: collected anonymously, hidden until revealed, merged until the first ballot."""

from __future__ import annotations

import random

import pytest

from rmworkshop.core.errors import Refused
from rmworkshop.core.voting import Budget
from rmworkshop.store import Store
from tests.helpers import go_to, make_agenda, make_roster
from tests.store.contract.backends import Backend
from tests.store.contract.helpers import (
    assert_refused_unchanged,
    idea,
    submit_many,
)

# -- ideas -------------------------------------------------------------------------------------


def test_ideas_are_refused_before_the_first_capture_phase(store: Store) -> None:
    assert_refused_unchanged(store, lambda: store.submit("too early"), "before the start")
    store.start()
    assert_refused_unchanged(store, lambda: store.submit("still too early"), "capture")
    assert store.snapshot().idea_count == 0


def test_ideas_are_accepted_from_capture_until_voting(store: Store) -> None:
    go_to(store, "capture")
    store.submit("during capture")
    store.next_phase()
    assert store.snapshot().kind == "share"
    store.submit("during the share round")
    assert store.snapshot().idea_count == 2
    assert store.unrevealed() == 2


def test_ideas_are_refused_once_voting_has_started_even_going_back(store: Store) -> None:
    go_to(store, "capture")
    store.submit("one")
    go_to(store, "vote")
    assert_refused_unchanged(store, lambda: store.submit("late"), "Voting has started")
    store.back_phase()
    assert store.snapshot().kind == "share"
    assert_refused_unchanged(store, lambda: store.submit("late"), "Voting has started")
    store.back_phase()
    assert store.snapshot().kind == "capture"
    assert_refused_unchanged(store, lambda: store.submit("late"), "Voting has started")
    assert store.snapshot().idea_count == 1


def test_ideas_are_refused_after_the_end(backend: Backend) -> None:
    agenda = make_agenda(phases=(("Ideas", "capture", 1), ("Wrap up", "info", 1)))
    with backend.create(agenda, roster=make_roster(())) as other:
        other.start()
        other.submit("fine")
        other.next_phase()
        other.submit("still fine: no vote phase")
        other.next_phase()
        assert other.snapshot().is_finished
        assert_refused_unchanged(other, lambda: other.submit("after"), "finished")


def test_an_agenda_without_capture_refuses_ideas(backend: Backend) -> None:
    agenda = make_agenda(phases=(("Talk", "discuss", 5),))
    with backend.create(agenda, roster=make_roster(())) as store:
        store.start()
        assert_refused_unchanged(store, lambda: store.submit("idea"), "no phase for collecting")


def test_submit_cleans_text_and_refuses_blank_or_long_ideas(store: Store) -> None:
    go_to(store, "capture")
    store.submit("  \x1b[31mred\x1b[0m\tand\nplain \u200b ")
    store.submit("x" * 500)
    assert_refused_unchanged(store, lambda: store.submit(" \t\n "), "blank")
    assert_refused_unchanged(store, lambda: store.submit("\x1b]0;title\x07"), "blank")
    assert_refused_unchanged(store, lambda: store.submit("y" * 501), "500")
    store.reveal()
    texts = sorted(idea.text for idea in store.snapshot().ideas)
    assert texts == sorted(["red and plain", "x" * 500])


def test_ideas_stay_hidden_until_reveal(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    session = store.snapshot()
    assert session.ideas == ()
    assert session.idea_count == 4


def test_reveal_numbers_every_unrevealed_idea_from_one(store: Store) -> None:
    go_to(store, "capture")
    first = submit_many(store, 6, "first")
    assert store.reveal() == 6
    session = store.snapshot()
    assert [idea.number for idea in session.ideas] == [1, 2, 3, 4, 5, 6]
    assert sorted(idea.text for idea in session.ideas) == first
    assert all(idea.votes is None for idea in session.ideas)
    later = submit_many(store, 3, "later")
    assert store.reveal() == 3
    session = store.snapshot()
    assert [idea.number for idea in session.ideas] == list(range(1, 10))
    assert sorted(idea.text for idea in session.ideas[6:]) == later
    assert {idea.text for idea in session.ideas[:6]} == set(first), "earlier numbers are kept"
    assert store.reveal() == 0
    assert store.unrevealed() == 0


@pytest.mark.parametrize("late", [1, 2])
def test_a_later_reveal_holds_back_fewer_than_three_new_ideas(store: Store, late: int) -> None:
    """After a reveal, one or two ideas sent later would be told apart by their numbers:
    they stay hidden until there are three, unless the facilitator forces the reveal."""
    go_to(store, "capture")
    submit_many(store, 6, "first")
    assert store.reveal() == 6
    submit_many(store, late, "late")
    assert_refused_unchanged(store, store.reveal, "since the last reveal", "force")
    assert store.unrevealed() == late
    submit_many(store, 3 - late, "later")
    assert store.reveal() == 3, "three new ideas together are revealed"
    submit_many(store, late, "last")
    assert store.reveal(force=True) == late


def test_voting_deals_every_number_again_when_few_ideas_came_late(backend: Backend) -> None:
    """Opening the vote reveals what is still hidden: one late idea would be the last number,
    so every number is dealt again, shuffled, and nothing says which idea came late. The
    shuffles are seeded here, so the same numbers come out on every run."""
    late_numbers = []
    for seed in range(4):
        store = backend.create(rng=random.Random(seed))
        try:
            go_to(store, "capture")
            submit_many(store, 6, "first")
            store.reveal()
            before = {idea.text: idea.number for idea in store.snapshot().ideas}
            submit_many(store, 1, "late")
            go_to(store, "vote")
            session = store.snapshot()
        finally:
            store.close()
        assert [idea.number for idea in session.ideas] == list(range(1, 8))
        after = {idea.text: idea.number for idea in session.ideas}
        late_numbers.append(after["late 00"])
        assert any(after[text] != number for text, number in before.items()), "dealt again"
    assert len(set(late_numbers)) > 1, f"the late idea always gets {late_numbers[0]}"
    assert set(late_numbers) != {7}, "the late idea is not always the last"


def test_reveal_is_refused_before_capture(store: Store) -> None:
    assert_refused_unchanged(store, store.reveal, "nothing to reveal")
    store.start()
    assert_refused_unchanged(store, store.reveal, "nothing to reveal")


def test_entering_the_vote_reveals_the_rest(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 2, "early")
    store.reveal()
    submit_many(store, 3, "late")
    go_to(store, "vote")
    session = store.snapshot()
    assert [idea.number for idea in session.ideas] == [1, 2, 3, 4, 5]
    assert store.unrevealed() == 0


# -- merging -----------------------------------------------------------------------------------


def test_merge_keeps_the_texts_and_removes_duplicates_from_the_vote(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 6)
    store.reveal()
    texts = {idea.number: idea.text for idea in store.snapshot().ideas}
    store.merge(1, [2, 3])
    session = store.snapshot()
    assert [idea.number for idea in session.votable] == [1, 4, 5, 6]
    assert idea(session, 2).merged_into == 1
    assert idea(session, 3).merged_into == 1
    assert session.idea_count == 4
    assert store.merged_texts() == {1: [texts[2], texts[3]]}
    assert {idea.text for idea in session.ideas} == set(texts.values()), "no text is lost"


def test_merging_a_merged_idea_moves_its_duplicates_along(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    store.reveal()
    texts = {idea.number: idea.text for idea in store.snapshot().ideas}
    store.merge(2, [3])
    store.merge(1, [2])
    session = store.snapshot()
    assert [idea.number for idea in session.votable] == [1, 4]
    assert {idea.number: idea.merged_into for idea in session.ideas} == {
        1: None,
        2: 1,
        3: 1,
        4: None,
    }
    assert sorted(store.merged_texts()[1]) == sorted([texts[2], texts[3]])


def test_merge_refusals(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    store.reveal()
    assert_refused_unchanged(store, lambda: store.merge(1, [1]), "at least one other")
    assert_refused_unchanged(store, lambda: store.merge(1, [9]), "#9")
    assert_refused_unchanged(store, lambda: store.merge(9, [1]), "#9")
    store.merge(1, [2])
    assert_refused_unchanged(store, lambda: store.merge(2, [3]), "merged into #1")
    assert_refused_unchanged(store, lambda: store.merge(3, [2]), "merged into #1")


def test_merging_stays_open_in_the_vote_until_the_first_ballot(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 10)
    session = go_to(store, "vote")
    assert session.voting.budget == Budget(dots=3, max_per_idea=3)
    store.merge(1, [2])
    store.merge(1, [3, 4])
    session = store.snapshot()
    assert len(session.votable) == 7
    assert session.voting.budget == Budget(dots=2, max_per_idea=3), "counted from votable ideas"
    store.cast_ballot("Ana", {1: 2})
    assert_refused_unchanged(store, lambda: store.merge(5, [6]), "ballots have been cast")
    store.back_phase()
    assert_refused_unchanged(store, lambda: store.merge(5, [6]), "ballots have been cast")


def test_merging_is_refused_once_voting_has_closed(store: Store) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    go_to(store, "vote")
    store.close_voting(force=True)
    assert_refused_unchanged(store, lambda: store.merge(1, [2]), "Ideas cannot be merged")


def test_submit_many_stores_all_or_none(store: Store) -> None:
    while store.snapshot().kind != "capture" or not store.snapshot().is_started:
        store.next_phase()
    assert store.submit_many(["one", "two", "[b]three[/b]"]) == 3
    with pytest.raises(Refused, match="blank"):
        store.submit_many(["four", "   "])
    assert store.snapshot().idea_count == 3
    assert store.reveal() == 3
    assert sorted(idea.text for idea in store.snapshot().ideas) == ["[b]three[/b]", "one", "two"]
