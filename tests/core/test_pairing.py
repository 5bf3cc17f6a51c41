"""Mentoring pairs: properties of the optimal assignment, checked against brute force."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmworkshop.core.errors import Refused
from rmworkshop.core.pairing import (
    Group,
    History,
    Pairing,
    form_pairs,
    roles,
    score,
    shared_topics,
    swap,
)
from rmworkshop.core.pairing_notes import explain, fairness, partner_line, relation
from rmworkshop.core.people import DEFAULT_LEVELS, Levels, Member

LEVELS = Levels(DEFAULT_LEVELS)
NAMES = ("Ana", "Bo", "Cy", "Di", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo")
TOPICS = ("AI tools", "TikTok", "hiring", "budgets")

Link = tuple[Member, Member]


@st.composite
def rooms(draw: st.DrawFn, most: int = 8) -> list[Member]:
    count = draw(st.integers(0, most))
    topic_lists = st.lists(st.sampled_from(TOPICS), max_size=3, unique=True).map(tuple)
    return [
        Member(
            index,
            NAMES[index],
            draw(st.sampled_from(DEFAULT_LEVELS)),
            present=draw(st.sampled_from((True, True, True, False))),
            team=draw(st.sampled_from((None, "Design", "Sales"))),
            teaches=draw(topic_lists),
            learns=draw(topic_lists),
            mentor=draw(st.sampled_from((True, True, True, False))),
        )
        for index in range(count)
    ]


@st.composite
def histories(draw: st.DrawFn, people: Sequence[Member]) -> History:
    names = [person.name for person in people]
    if len(names) < 2:
        return History()
    pairs = st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True)
    return History(draw(st.lists(pairs, max_size=10)))


def links(pairing: Pairing, people: Sequence[Member]) -> list[Link]:
    by_name = {person.name: person for person in people}
    return [
        (by_name[mentor], by_name[mentee])
        for group in pairing.groups
        for mentor in group.mentors
        for mentee in group.mentees
    ]


def junior(link: Link) -> bool:
    return LEVELS.rank(link[0].level) < LEVELS.rank(link[1].level)


def objective(chosen: Sequence[Link], history: History) -> tuple[int, int, int]:
    """What the solver maximises, in order: no repeats, junior mentors, then the score."""
    return (
        -sum(history.met(a.name, b.name) for a, b in chosen),
        sum(junior(link) for link in chosen),
        sum(score(a, b, LEVELS) for a, b in chosen),
    )


def trio_allowed(present: Sequence[Member]) -> bool:
    willing = sum(person.mentor for person in present)
    return len(present) % 2 == 1 and willing >= len(present) // 2


def role_groupings(mentors: list[Member], mentees: list[Member]) -> Iterator[list[Link]]:
    """Every way to give the mentors their mentees, by brute force."""
    if not mentors:
        yield []
        return
    if len(mentees) == len(mentors) + 1:
        for order in itertools.permutations(mentees):
            pairs = list(zip(mentors, order, strict=False))
            for mentor in mentors:
                yield [*pairs, (mentor, order[-1])]
        return
    for order in itertools.permutations(mentees, len(mentors)):
        yield list(zip(mentors, order, strict=True))


def left_out(present: Sequence[Member]) -> int:
    """How many people the rules leave unmatched: too few willing to mentor, or alone."""
    groups = min(len(present) // 2, sum(person.mentor for person in present))
    return len(present) - 2 * groups - (trio_allowed(present) and len(present) > 1)


def any_groupings(people: list[Member], trio: bool, spare: int) -> Iterator[list[Link]]:
    """Every grouping into one-mentor pairs (and one trio when allowed), any roles, with
    ``spare`` people left out."""
    if not people:
        if spare == 0 and not trio:
            yield []
        return
    first, rest = people[0], people[1:]
    if spare:
        yield from any_groupings(rest, trio, spare - 1)
    for index, other in enumerate(rest):
        remaining = rest[:index] + rest[index + 1 :]
        for mentor, mentee in ((first, other), (other, first)):
            if not mentor.mentor:
                continue
            for tail in any_groupings(remaining, trio, spare):
                yield [(mentor, mentee), *tail]
            if trio:
                for third_index, third in enumerate(remaining):
                    others = remaining[:third_index] + remaining[third_index + 1 :]
                    for tail in any_groupings(others, False, spare):
                        yield [(mentor, mentee), (mentor, third), *tail]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_everyone_present_is_in_exactly_one_group_and_nobody_away(data: st.DataObject) -> None:
    people = data.draw(rooms())
    pairing = form_pairs(people, LEVELS, seed=data.draw(st.integers(0, 99)))
    placed = [name for group in pairing.groups for name in group.people]
    placed += list(pairing.unmatched)
    assert sorted(placed) == sorted(person.name for person in people if person.present)
    present = [person for person in people if person.present]
    trio = trio_allowed(present) and len(present) > 1
    # Unmatched only when too few are willing to mentor, or someone is alone.
    assert len(pairing.unmatched) == left_out(present)
    trios = [group for group in pairing.groups if len(group.people) == 3]
    assert len(trios) == trio
    assert all(len(group.people) in (2, 3) for group in pairing.groups)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_nobody_unwilling_ever_mentors(data: st.DataObject) -> None:
    people = data.draw(rooms())
    history = data.draw(histories(people))
    pairing = form_pairs(people, LEVELS, seed=3, history=history)
    for mentor, _ in links(pairing, people):
        assert mentor.mentor


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_mentors_are_more_junior_whenever_the_people_allow_it(data: st.DataObject) -> None:
    people = [person for person in data.draw(rooms(most=7)) if person.present]
    pairing = form_pairs(people, LEVELS, seed=5)
    best = max(
        sum(junior(link) for link in grouping)
        for grouping in any_groupings(
            people, trio_allowed(people) and len(people) > 1, left_out(people)
        )
    )
    assert sum(junior(link) for link in links(pairing, people)) == best


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_total_score_equals_the_brute_force_optimum(data: st.DataObject) -> None:
    people = data.draw(rooms())
    history = data.draw(histories(people))
    seed = data.draw(st.integers(0, 99))
    pairing = form_pairs(people, LEVELS, seed=seed, history=history)
    mentors, mentees = roles([p for p in people if p.present], LEVELS, seed)
    best = max(objective(g, history) for g in role_groupings(mentors, mentees))
    assert objective(links(pairing, people), history) == best


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_no_pair_repeats_from_the_history_when_another_choice_exists(
    data: st.DataObject,
) -> None:
    people = data.draw(rooms())
    history = data.draw(histories(people))
    pairing = form_pairs(people, LEVELS, seed=1, history=history)
    mentors, mentees = roles([p for p in people if p.present], LEVELS, 1)
    fewest = min(
        sum(history.met(a.name, b.name) for a, b in g) for g in role_groupings(mentors, mentees)
    )
    repeats = sum(history.met(a.name, b.name) for a, b in links(pairing, people))
    assert repeats == fewest
    assert fairness(pairing, people, LEVELS, history).repeats == repeats


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_same_session_gives_the_same_pairs(data: st.DataObject) -> None:
    people = data.draw(rooms())
    history = data.draw(histories(people))
    first = form_pairs(people, LEVELS, seed=11, history=history)
    again = form_pairs(list(reversed(people)), LEVELS, seed=11, history=history)
    assert first == again


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_a_swap_keeps_the_two_places_and_the_rest_optimal(data: st.DataObject) -> None:
    people = [person for person in data.draw(rooms()) if person.present]
    pairing = form_pairs(people, LEVELS, seed=2)
    grouped = [name for group in pairing.groups for name in group.people]
    if len(grouped) < 3:
        return
    first, second = data.draw(st.lists(st.sampled_from(grouped), min_size=2, max_size=2))
    if first == second:
        with pytest.raises(Refused):
            swap(pairing, first, second, people, LEVELS, seed=2)
        return
    before_first, before_second = pairing.group_of(first), pairing.group_of(second)
    assert before_first is not None and before_second is not None
    try:
        after = swap(pairing, first, second, people, LEVELS, seed=2)
    except Refused:
        by_name = {person.name: person for person in people}
        # Refused only because an unwilling person would have become a mentor.
        assert (second in before_second.mentors and not by_name[first].mentor) or (
            first in before_first.mentors and not by_name[second].mentor
        )
        return
    moved_first, moved_second = after.group_of(first), after.group_of(second)
    assert moved_first is not None and moved_second is not None
    assert moved_first.pinned and moved_second.pinned
    role = "mentors" if second in before_second.mentors else "mentees"
    assert first in getattr(moved_first, role)
    rest = [g for g in after.groups if not g.pinned]
    rest_people = [p for p in people if any(p.name in g.people for g in rest)]
    mentors, mentees = roles(rest_people, LEVELS, 2)
    best = max(objective(g, History()) for g in role_groupings(mentors, mentees))
    rest_links = links(Pairing(tuple(rest)), people)
    assert objective(rest_links, History()) == best


def test_only_juniors_are_still_all_paired_and_told_so() -> None:
    people = [Member(i, name, "junior") for i, name in enumerate(NAMES[:5])]
    pairing = form_pairs(people, LEVELS, seed=0)
    assert sorted(n for g in pairing.groups for n in g.people) == sorted(NAMES[:5])
    notes = explain(pairing, people, LEVELS)
    assert notes[0].startswith("Everyone present is junior: nobody can mentor someone")
    assert any(note.startswith("Trio: ") and "5 people are present" in note for note in notes)


def test_notes_say_why_someone_is_unmatched() -> None:
    people = [
        Member(0, "Ana", "junior"),
        Member(1, "Bo", "senior", mentor=False),
        Member(2, "Cy", "senior", mentor=False),
        Member(3, "Di", "executive", mentor=False),
    ]
    pairing = form_pairs(people, LEVELS, seed=0)
    assert len(pairing.groups) == 1 and len(pairing.unmatched) == 2
    notes = explain(pairing, people, LEVELS)
    for name in pairing.unmatched:
        wanted = f"{name} is not paired: only 1 of the 4 people present are willing to mentor."
        assert wanted in notes


def test_the_score_counts_topics_levels_and_teams() -> None:
    mentor = Member(0, "Ana", "junior", team="Design", teaches=("AI tools", "TikTok"))
    mentee = Member(1, "Eve", "executive", team="Board", learns=("tiktok", "hiring"))
    assert shared_topics(mentor, mentee) == ("tiktok",)
    assert score(mentor, mentee, LEVELS) == 3 + 2 * 3 + 4
    same_team = Member(2, "Max", "junior", team="design")
    assert score(mentor, same_team, LEVELS) == 0


def test_topics_decide_between_equally_senior_mentees() -> None:
    people = [
        Member(0, "Ana", "junior", teaches=("AI tools",)),
        Member(1, "Bo", "junior", teaches=("budgets",)),
        Member(2, "Eve", "executive", learns=("budgets",)),
        Member(3, "Max", "executive", learns=("AI tools",)),
    ]
    pairing = form_pairs(people, LEVELS, seed=0)
    assert {(g.mentors, g.mentees, g.topics) for g in pairing.groups} == {
        (("Ana",), ("Max",), ("AI tools",)),
        (("Bo",), ("Eve",), ("budgets",)),
    }


def test_fairness_figures() -> None:
    people = [
        Member(0, "Ana", "intern", teaches=("AI tools",)),
        Member(1, "Bo", "mid"),
        Member(2, "Eve", "executive", learns=("AI tools",)),
        Member(3, "Max", "senior", learns=("hiring",)),
    ]
    history = History([("Ana", "Max"), ("Bo", "Eve"), ("Ana", "Zed")])
    pairing = Pairing((Group(("Ana",), ("Eve",)), Group(("Bo",), ("Max",))))
    figures = fairness(pairing, people, LEVELS, history)
    assert figures.crossing_two_levels == 0.5
    assert (figures.learners, figures.learns_met) == (2, 0.5)
    assert (figures.repeats, figures.repeats_avoided) == (0, 2)


def test_swapping_an_unwilling_person_into_a_mentor_place_is_refused() -> None:
    people = [
        Member(0, "Ana", "junior"),
        Member(1, "Bo", "senior", mentor=False),
    ]
    pairing = form_pairs(people, LEVELS, seed=0)
    with pytest.raises(Refused, match="does not want to mentor"):
        swap(pairing, "Ana", "Bo", people, LEVELS, seed=0)


def test_pairing_imports_no_solver_until_it_solves() -> None:
    probe = (
        "import sys, rmworkshop.core.pairing, rmworkshop.core.pairing_notes\n"
        "print(sorted(m for m in ('scipy', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_someone_who_arrives_late_can_be_swapped_in() -> None:
    people = [Member(0, "Ana", "junior"), Member(1, "Eve", "executive")]
    pairing = form_pairs(people, LEVELS, seed=0)
    late = [*people, Member(2, "Max", "senior")]
    after = swap(pairing, "Eve", "Max", late, LEVELS, seed=0)
    assert after.groups[0].people == ("Ana", "Max") and after.groups[0].pinned
    assert after.set_aside == ("Eve",)
    notes = explain(after, late, LEVELS)
    assert "Eve is out of the pairs: the facilitator swapped them out." in notes
    with pytest.raises(Refused, match="Only people present"):
        swap(pairing, "Eve", "Nobody", late, LEVELS, seed=0)


def test_a_trio_made_by_a_swap_reads_as_a_sentence() -> None:
    people = [Member(1, "Ana", "intern"), Member(2, "Bo", "junior"), Member(3, "Eve", "executive")]
    pairing = Pairing((Group(("Ana",), ("Bo", "Eve"), pinned=True),))
    notes = explain(pairing, people, LEVELS)
    assert "Trio: Ana, Bo and Eve, because the facilitator's swap made this group." in notes
    assert not any("because kept" in note for note in notes)


def test_a_partner_is_named_by_how_they_stand_to_the_reader() -> None:
    # Bo and Eve are both mentees of Ana: to Bo, Eve is another mentee, not Bo's mentee.
    assert relation("mentee", "mentee") == "also a mentee"
    assert relation("mentor", "mentee") == "your mentee"
    assert relation("mentee", "mentor") == "your mentor"
    line = partner_line(
        [("Ana", "intern"), ("Eve", "executive")], ["AI"], ("mentee", ["mentor", "mentee"])
    )
    assert line == (
        "You are paired with Ana (intern), your mentor and Eve (executive), also a mentee"
        " · talk about: AI"
    )
