"""Dot voting: the budget, ballot checks and competition ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.plan import VotingPlan

MIN_DOTS = 1
MAX_DEFAULT_DOTS = 20
DEFAULT_MAX_PER_IDEA = 3


def default_dots(idea_count: int) -> int:
    """floor(ideas / 3), clamped to 1..20."""
    return max(MIN_DOTS, min(MAX_DEFAULT_DOTS, idea_count // 3))


class Budget(NamedTuple):
    dots: int
    max_per_idea: int


def budget_for(settings: VotingPlan, idea_count: int) -> Budget:
    """The agenda's dots per person, or the default for this many ideas, and its cap."""
    dots = settings.dots if settings.dots is not None else default_dots(idea_count)
    return Budget(dots=dots, max_per_idea=settings.max_per_idea)


def check_ballot(choices: Mapping[int, int], budget: Budget, ideas: Iterable[int]) -> None:
    """Refuse a ballot that is empty, over budget, over the cap, or names unknown ideas."""
    known = set(ideas)
    for number, dots in sorted(choices.items()):
        if number not in known:
            raise Refused(f"There is no idea #{number} to vote for.")
        if dots < 0:
            raise Refused(f"Idea #{number}: dots cannot be negative.")
        if dots > budget.max_per_idea:
            raise Refused(
                f"Idea #{number}: at most {budget.max_per_idea} dots per idea, not {dots}."
            )
    total = sum(choices.values())
    if total == 0:
        raise Refused("A ballot needs at least one dot.")
    if total > budget.dots:
        raise Refused(f"This ballot uses {total} dots; each person has {budget.dots}.")


class Ranked(NamedTuple):
    number: int
    votes: int
    rank: int
    tied: bool


def rank(tallies: Mapping[int, int]) -> list[Ranked]:
    """Most votes first; ties share a rank (1, 2, 2, 4) and list by display number."""
    ordered = sorted(tallies.items(), key=lambda item: (-item[1], item[0]))
    counts: dict[int, int] = {}
    for _, votes in ordered:
        counts[votes] = counts.get(votes, 0) + 1
    out: list[Ranked] = []
    current = 0
    for position, (number, votes) in enumerate(ordered):
        if not out or out[-1].votes != votes:
            current = position + 1
        out.append(Ranked(number, votes, current, counts[votes] > 1))
    return out
