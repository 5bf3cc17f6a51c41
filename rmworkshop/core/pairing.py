"""Mentoring pairs: who mentors whom, scored and solved as one optimal assignment.

Roles come first, because reverse mentoring is juniors teaching seniors. The people present
are sorted most junior first (within a level, people who teach something go first, then a
shuffle seeded by the session), and the most junior half of them who are willing to mentor
become the mentors; everyone else is a mentee. Someone with ``mentor = false`` is never a
mentor. That makes the choice bipartite, so it is solved exactly with scipy's
``linear_sum_assignment`` (compiled, 500 people in milliseconds) rather than a general
matching such as networkx's blossom algorithm, which is pure Python, takes seconds at that
size, and would happily make a senior the mentor of a junior whenever topics outweighed it.

Between mentors and mentees the assignment maximises, in this strict order:

1. no pair that met before (the history) meets again;
2. as many mentors as possible are more junior than their mentees;
3. the total of `score` over every mentor-mentee link.

With an odd number present one mentor takes a second mentee: a trio. When fewer people are
willing to mentor than half of those present, the mentees left over are unmatched. The
facilitator can `swap` two people; the groups they touch are then pinned and everyone else
is paired again, optimally, around them. `pairing_notes` explains the result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Levels, Member

TOPIC_POINTS = 3
"""For each topic the mentor teaches and the mentee wants to learn."""
LEVEL_POINTS = 2
"""For each level the mentor sits below the mentee (nothing when the mentor is not below)."""
TEAM_POINTS = 4
"""When the two are not known to share a team: a pair inside one team is a conflict."""


def key(name: str) -> str:
    """How names are compared: case-insensitively, as the roster does."""
    return name.casefold()


def shared_topics(mentor: Member, mentee: Member) -> tuple[str, ...]:
    """What the mentee wants to learn that the mentor teaches, in the mentee's order."""
    taught = {key(topic) for topic in mentor.teaches}
    found: dict[str, str] = {}
    for topic in mentee.learns:
        if key(topic) in taught:
            found.setdefault(key(topic), topic)
    return tuple(found.values())


def score(mentor: Member, mentee: Member, levels: Levels) -> int:
    """The documented score of one mentor-mentee link (higher is better).

    ``TOPIC_POINTS`` per shared topic, plus ``LEVEL_POINTS`` per level between them when the
    mentor is more junior, plus ``TEAM_POINTS`` unless both name the same team.
    """
    distance = max(0, levels.rank(mentee.level) - levels.rank(mentor.level))
    return (
        TOPIC_POINTS * len(shared_topics(mentor, mentee))
        + LEVEL_POINTS * distance
        + TEAM_POINTS * (not same_team(mentor, mentee))
    )


def same_team(first: Member, second: Member) -> bool:
    return (
        first.team is not None and second.team is not None and key(first.team) == key(second.team)
    )


class History:
    """Who has been in one group with whom before, in either role, by name."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._partners: dict[str, set[str]] = {}
        for group in groups:
            names = {key(name) for name in group}
            for name in names:
                self._partners.setdefault(name, set()).update(names - {name})

    def met(self, first: str, second: str) -> bool:
        return key(second) in self._partners.get(key(first), ())

    def partners(self, name: str) -> frozenset[str]:
        return frozenset(self._partners.get(key(name), ()))

    def pairs_among(self, names: Iterable[str]) -> set[frozenset[str]]:
        """Every earlier pair of which both people are among ``names``."""
        here = {key(name) for name in names}
        return {
            frozenset((name, other))
            for name in here
            for other in self._partners.get(name, ())
            if other in here
        }

    def plus(self, groups: Iterable[Iterable[str]]) -> History:
        combined = History(groups)
        for name, partners in self._partners.items():
            combined._partners.setdefault(name, set()).update(partners)
        return combined


class Group(NamedTuple):
    """One pair, or a trio: names, and the topics its mentees want that its mentors teach."""

    mentors: tuple[str, ...]
    mentees: tuple[str, ...]
    topics: tuple[str, ...] = ()
    pinned: bool = False
    """Set by a facilitator's swap: kept as it is when the others are paired again."""

    @property
    def people(self) -> tuple[str, ...]:
        return self.mentors + self.mentees


class Pairing(NamedTuple):
    groups: tuple[Group, ...]
    unmatched: tuple[str, ...] = ()
    """Present but in no group: the reasons are in `pairing_notes.explain`."""
    set_aside: tuple[str, ...] = ()
    """Moved out of the groups by a swap; they stay out when the others are paired again."""

    def group_of(self, name: str) -> Group | None:
        wanted = key(name)
        return next((g for g in self.groups if wanted in map(key, g.people)), None)


def _shuffle_key(seed: int, person: Member) -> str:
    return hashlib.sha256(f"pairs:{seed}:{person.id}".encode()).hexdigest()


def roles(
    present: Sequence[Member], levels: Levels, seed: int
) -> tuple[list[Member], list[Member]]:
    """The mentors (the most junior willing half) and the mentees (everyone else)."""
    order = sorted(
        present,
        key=lambda p: (levels.rank(p.level), not p.teaches, _shuffle_key(seed, p)),
    )
    mentors = [person for person in order if person.mentor][: len(order) // 2]
    chosen = {key(person.name) for person in mentors}
    return mentors, [person for person in order if key(person.name) not in chosen]


def group_topics(mentors: Sequence[Member], mentees: Sequence[Member]) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for mentee in mentees:
        for mentor in mentors:
            for topic in shared_topics(mentor, mentee):
                found.setdefault(key(topic), topic)
    return tuple(found.values())


def assign(
    mentors: Sequence[Member], mentees: Sequence[Member], levels: Levels, history: History
) -> list[tuple[int, int]]:
    """Optimal (mentor index, mentee index) links; one mentor takes two when there is one
    mentee more than mentors, and each mentor takes one otherwise."""
    if not mentors or not mentees:
        return []
    # Imported here: scipy and numpy cost a noticeable part of a second, and only the start
    # of a pairs phase needs them, never a console's start-up.
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    topics: dict[str, int] = {}
    for person in (*mentors, *mentees):
        for topic in (*person.teaches, *person.learns):
            topics.setdefault(key(topic), len(topics))
    teach = np.zeros((len(mentors), len(topics) or 1), dtype=np.int64)
    learn = np.zeros((len(mentees), len(topics) or 1), dtype=np.int64)
    for row, person in enumerate(mentors):
        teach[row, [topics[key(topic)] for topic in person.teaches]] = 1
    for row, person in enumerate(mentees):
        learn[row, [topics[key(topic)] for topic in person.learns]] = 1
    mentor_rank = np.array([levels.rank(p.level) for p in mentors])
    mentee_rank = np.array([levels.rank(p.level) for p in mentees])
    gap = mentee_rank[:, None] - mentor_rank[None, :]
    # A person without a team shares it with nobody: each gets a team of their own.
    teams = {key(p.team) for p in (*mentors, *mentees) if p.team is not None}
    team_ids = {team: index for index, team in enumerate(sorted(teams))}

    def team_of(person: Member, index: int) -> int:
        if person.team is None:
            return len(team_ids) + index
        return team_ids[key(person.team)]

    mentor_team = np.array([team_of(p, i) for i, p in enumerate(mentors)])
    mentee_team = np.array([team_of(p, len(mentors) + i) for i, p in enumerate(mentees)])
    base = (
        TOPIC_POINTS * (learn @ teach.T)
        + LEVEL_POINTS * np.clip(gap, 0, None)
        + TEAM_POINTS * (mentee_team[:, None] != mentor_team[None, :])
    )
    repeat = np.zeros(base.shape, dtype=bool)
    mentor_column = {key(p.name): column for column, p in enumerate(mentors)}
    for row, mentee in enumerate(mentees):
        for partner in history.partners(mentee.name):
            if partner in mentor_column:
                repeat[row, mentor_column[partner]] = True
    trio = len(mentees) == len(mentors) + 1
    links = min(len(mentees), len(mentors) + trio)
    # Weights that make the three aims strictly ordered: each one outweighs everything the
    # aims below it could add up to over all the links.
    best = int(base.max())
    junior_weight = links * best + 1
    repeat_weight = links * (junior_weight + best) + 1
    value = base + junior_weight * (gap > 0) - repeat_weight * repeat
    if trio:
        # Each mentor's first slot outweighs everything, so every mentor gets a mentee and
        # exactly one takes a second in the spare slots.
        slot_weight = links * (repeat_weight + junior_weight + best) + 1
        value = np.hstack([value + slot_weight, value])
    rows, columns = linear_sum_assignment(value.astype(np.float64), maximize=True)
    return sorted((int(c) % len(mentors), int(r)) for r, c in zip(rows, columns, strict=True))


def form_pairs(
    members: Iterable[Member],
    levels: Levels,
    seed: int,
    history: History | None = None,
    pinned: Sequence[Group] = (),
    set_aside: Sequence[str] = (),
) -> Pairing:
    """Pair everyone present who is not in a pinned group or set aside."""
    present = [person for person in members if person.present]
    by_key = {key(person.name): person for person in present}
    taken = {key(name) for group in pinned for name in group.people}
    aside = tuple(name for name in set_aside if key(name) in by_key)
    taken.update(key(name) for name in aside)
    free = [person for person in present if key(person.name) not in taken]
    mentors, mentees = roles(free, levels, seed)
    chosen: dict[int, list[Member]] = {}
    for mentor, mentee in assign(mentors, mentees, levels, history or History()):
        chosen.setdefault(mentor, []).append(mentees[mentee])
    groups = [
        Group(
            (mentors[index].name,),
            tuple(p.name for p in group),
            group_topics([mentors[index]], group),
        )
        for index, group in chosen.items()
    ]
    groups.extend(
        group._replace(
            pinned=True,
            topics=group_topics(
                [by_key[key(n)] for n in group.mentors if key(n) in by_key],
                [by_key[key(n)] for n in group.mentees if key(n) in by_key],
            ),
        )
        for group in pinned
    )
    grouped = {key(name) for group in groups for name in group.people}
    unmatched = tuple(p.name for p in (*mentors, *mentees) if key(p.name) not in grouped)

    def order(group: Group) -> tuple[int, str]:
        first = by_key.get(key(group.mentors[0])) if group.mentors else None
        return (levels.rank(first.level) if first else 0, key(group.people[0]))

    return Pairing(tuple(sorted(groups, key=order)), unmatched, aside)


def swap(
    pairing: Pairing,
    first: str,
    second: str,
    members: Iterable[Member],
    levels: Levels,
    seed: int,
    history: History | None = None,
) -> Pairing:
    """Exchange two people's places; their groups are pinned and the rest paired again."""
    everyone = list(members)
    by_key = {key(person.name): person for person in everyone if person.present}
    if key(first) == key(second):
        raise Refused("Choose two different people to swap.")
    if key(first) not in by_key or key(second) not in by_key:
        raise Refused("Only people present can be swapped.")
    # Someone who arrived after the pairs were formed is out of them, like the unmatched.
    grouped = {key(name) for group in pairing.groups for name in group.people}
    places = {"group" if key(name) in grouped else "out" for name in (first, second)}
    if places == {"out"}:
        raise Refused("Neither of them is in a pair; swap someone in a pair with someone out.")
    name_of = {key(first): by_key[key(first)].name, key(second): by_key[key(second)].name}
    other = {key(first): key(second), key(second): key(first)}

    def exchanged(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name_of[other[key(n)]] if key(n) in other else n for n in names)

    touched = [g for g in pairing.groups if any(key(n) in other for n in g.people)]
    moved = [Group(exchanged(g.mentors), exchanged(g.mentees), pinned=True) for g in touched]
    unwilling = {k for k, person in by_key.items() if not person.mentor}
    if any(key(name) in unwilling for group in moved for name in group.mentors):
        raise Refused("That person does not want to mentor, so cannot take that place.")
    kept = [g for g in pairing.groups if g.pinned and g not in touched]
    out = set(by_key) - grouped
    aside = [n for n in pairing.set_aside if key(n) not in other]
    aside += [name_of[other[k]] for k in other if k in out and other[k] not in out]
    return form_pairs(everyone, levels, seed, history, [*kept, *moved], aside)
