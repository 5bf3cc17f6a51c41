"""Who speaks when: junior-first share rounds and the progressive hand queue.

Share rounds go level by level, most junior first. Within a level the order is a seeded
shuffle that rotates by one place each round, so nobody always opens. A person who passes is
offered one more turn after everyone else; whoever ends a round (often with that make-up turn)
does not open the next one while someone else at their level can. In discussion, raised hands
are taken in order of fewest turns so far, then most junior level, then earliest hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from rmworkshop.core.people import Levels, Member


class Turn(NamedTuple):
    person_id: int
    started: float
    ended: float | None = None
    passed: bool = False
    round_id: int | None = None
    """The share round this turn belongs to; None for a discussion turn."""

    def seconds(self, now: float) -> float:
        if self.passed:
            return 0.0
        return max(0.0, (self.ended if self.ended is not None else now) - self.started)

    @property
    def ongoing(self) -> bool:
        return self.ended is None


class Hand(NamedTuple):
    person_id: int
    sequence: int
    """Raised-hand order: lower was raised earlier."""


def _shuffle_key(seed: int, person_id: int) -> str:
    return hashlib.sha256(f"{seed}:{person_id}".encode()).hexdigest()


def round_order(
    members: Iterable[Member], levels: Levels, seed: int, round_number: int
) -> list[Member]:
    """Everyone present, most junior level first, each level shuffled and rotated."""
    by_level: dict[int, list[Member]] = {}
    for member in members:
        if member.present:
            by_level.setdefault(levels.rank(member.level), []).append(member)
    order: list[Member] = []
    for rank in sorted(by_level):
        group = sorted(by_level[rank], key=lambda m: _shuffle_key(seed, m.id))
        shift = round_number % len(group)
        order.extend(group[shift:] + group[:shift])
    return order


def share_queue(
    order: Sequence[Member], turns: Sequence[Turn], ended_last: int | None = None
) -> list[Member]:
    """Who is still waiting in this round, next speaker first.

    ``order`` is the round order of the people present now; ``turns`` are this round's turns
    in the order they started. The person holding the floor is not waiting. ``ended_last`` is
    who took the last turn of the round before, in the same phase: before this round's first
    turn they move behind the next person at their level, so nobody has two turns in a row
    while someone at their level waits. Junior first still comes before that.
    """
    queue = _waiting(order, turns)
    if (
        not turns
        and ended_last is not None
        and len(queue) > 1
        and queue[0].id == ended_last
        and queue[1].level == queue[0].level
    ):
        queue[0], queue[1] = queue[1], queue[0]
    return queue


def _waiting(order: Sequence[Member], turns: Iterable[Turn]) -> list[Member]:
    spoke: set[int] = set()
    passed_once: list[int] = []
    done: set[int] = set()
    for turn in turns:
        if turn.ongoing:
            done.add(turn.person_id)
        elif not turn.passed:
            spoke.add(turn.person_id)
        elif turn.person_id in passed_once:
            done.add(turn.person_id)
        else:
            passed_once.append(turn.person_id)
    waiting = {m.id: m for m in order}
    first = [m for m in order if m.id not in spoke | done and m.id not in passed_once]
    again = [
        waiting[pid]
        for pid in passed_once
        if pid in waiting and pid not in spoke and pid not in done
    ]
    return first + again


def passed_people(turns: Iterable[Turn]) -> list[int]:
    """People who passed in this round, in the order they first passed."""
    out: list[int] = []
    for turn in turns:
        if turn.passed and turn.person_id not in out:
            out.append(turn.person_id)
    return out


def hand_queue(
    hands: Iterable[Hand], members: Iterable[Member], turns: Iterable[Turn], levels: Levels
) -> list[Member]:
    """Raised hands of people present: fewest turns taken, then most junior, then earliest."""
    taken: dict[int, int] = {}
    for turn in turns:
        if not turn.passed:
            taken[turn.person_id] = taken.get(turn.person_id, 0) + 1
    people = {m.id: m for m in members if m.present}
    raised = [hand for hand in hands if hand.person_id in people]
    raised.sort(
        key=lambda h: (
            taken.get(h.person_id, 0),
            levels.rank(people[h.person_id].level),
            h.sequence,
        )
    )
    return [people[hand.person_id] for hand in raised]


def turn_remaining(turn: Turn, turn_seconds: int, now: float) -> float:
    """Seconds left in a turn; negative once it runs over."""
    return turn_seconds - turn.seconds(now)
