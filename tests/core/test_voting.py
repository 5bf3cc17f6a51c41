"""Dot voting: the default budget, ballot checks and competition ranking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.errors import Refused
from rmworkshop.core.voting import Budget, Ranked, check_ballot, default_dots, rank

BUDGET = Budget(dots=5, max_per_idea=3)
IDEAS = range(1, 8)


@pytest.mark.parametrize(
    ("ideas", "dots"),
    [
        (0, 1),
        (1, 1),
        (2, 1),
        (3, 1),
        (5, 1),
        (6, 2),
        (17, 5),
        (59, 19),
        (60, 20),
        (61, 20),
        (100, 20),
    ],
)
def test_default_dots(ideas: int, dots: int) -> None:
    assert default_dots(ideas) == dots


def test_a_good_ballot_is_accepted() -> None:
    check_ballot({1: 3, 4: 2}, BUDGET, IDEAS)
    check_ballot({2: 1}, BUDGET, IDEAS)
    check_ballot({1: 3, 2: 0, 3: 2}, BUDGET, IDEAS)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({99: 1}, "There is no idea #99 to vote for."),
        ({1: 4}, "Idea #1: at most 3 dots per idea, not 4."),
        ({1: 3, 2: 3}, "This ballot uses 6 dots; each person has 5."),
        ({}, "A ballot needs at least one dot."),
        ({1: 0, 2: 0}, "A ballot needs at least one dot."),
        ({1: 2, 2: -1}, "Idea #2: dots cannot be negative."),
    ],
)
def test_bad_ballots_are_refused_clearly(choices: dict[int, int], message: str) -> None:
    with pytest.raises(Refused) as refused:
        check_ballot(choices, BUDGET, IDEAS)
    assert str(refused.value) == message


def test_negative_dots_cannot_pay_for_an_over_budget_ballot() -> None:
    # 3 + 3 - 1 = 5 would fit the budget if negatives were allowed to offset.
    with pytest.raises(Refused, match="negative"):
        check_ballot({1: 3, 2: 3, 3: -1}, BUDGET, IDEAS)


def test_ranking_is_competition_ranking_with_ties_by_number() -> None:
    ranked = rank({5: 7, 2: 4, 9: 4, 1: 2, 3: 7, 4: 0})
    assert ranked == [
        Ranked(number=3, votes=7, rank=1, tied=True),
        Ranked(number=5, votes=7, rank=1, tied=True),
        Ranked(number=2, votes=4, rank=3, tied=True),
        Ranked(number=9, votes=4, rank=3, tied=True),
        Ranked(number=1, votes=2, rank=5, tied=False),
        Ranked(number=4, votes=0, rank=6, tied=False),
    ]


def test_ranking_1_2_2_4() -> None:
    ranked = rank({1: 10, 2: 5, 3: 5, 4: 1})
    assert [(r.rank, r.tied) for r in ranked] == [(1, False), (2, True), (2, True), (4, False)]


def test_ranking_of_nothing_is_empty() -> None:
    assert rank({}) == []


# -- properties --------------------------------------------------------------------------------


@given(
    choices=st.dictionaries(st.integers(0, 12), st.integers(-2, 8), max_size=10),
    dots=st.integers(1, 20),
    cap=st.integers(1, 5),
    idea_count=st.integers(0, 10),
)
def test_check_ballot_accepts_exactly_the_valid_ballots(
    choices: dict[int, int], dots: int, cap: int, idea_count: int
) -> None:
    budget = Budget(dots=dots, max_per_idea=cap)
    ideas = range(1, idea_count + 1)
    valid = (
        all(number in ideas for number in choices)
        and all(0 <= value <= cap for value in choices.values())
        and 1 <= sum(choices.values()) <= dots
    )
    try:
        check_ballot(choices, budget, ideas)
    except Refused:
        assert not valid
    else:
        assert valid
        assert sum(choices.values()) <= budget.dots
        assert all(value <= budget.max_per_idea for value in choices.values())


@given(st.dictionaries(st.integers(1, 60), st.integers(0, 30), max_size=25))
def test_rank_is_a_valid_competition_ranking(tallies: dict[int, int]) -> None:
    ranked = rank(tallies)
    assert sorted(r.number for r in ranked) == sorted(tallies)
    assert [(r.number, r.votes) for r in ranked] == sorted(
        tallies.items(), key=lambda item: (-item[1], item[0])
    )
    for r in ranked:
        assert r.votes == tallies[r.number]
        assert r.rank == 1 + sum(1 for v in tallies.values() if v > r.votes)
        assert r.tied == (sum(1 for v in tallies.values() if v == r.votes) > 1)
