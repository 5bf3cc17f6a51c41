"""A read-only snapshot of a whole session, and the questions front ends ask of it.

The store builds a `Session` from the session file; consoles, commands and export only read
it. Idea texts appear here only once revealed, and tallies only once voting has closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from rmworkshop.core.airtime import Airtime, Round, airtime
from rmworkshop.core.checkin import Checkin
from rmworkshop.core.pairing import History, Pairing
from rmworkshop.core.people import Levels, Member
from rmworkshop.core.plan import PhaseKind, PhasePlan, Plan
from rmworkshop.core.speaking import Hand, Turn, hand_queue, round_order, share_queue
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.core.voting import Budget, Ranked, budget_for, rank


class Idea(NamedTuple):
    key: str
    number: int
    text: str
    votes: int | None = None
    """None until voting has closed."""
    merged_into: int | None = None
    """The display number of the idea this one was merged into."""
    owners: tuple[str, ...] = ()
    due: date | None = None
    first_step: str | None = None


class Voting(NamedTuple):
    opened: bool
    closed: bool
    budget: Budget | None
    """Fixed when voting opens."""
    ballots: int
    voted: frozenset[int]


def phase_label(started: bool, state: str, name: str, kind: str) -> str:
    """Where a session is, in a few words, as a list of sessions shows it."""
    if not started:
        return "not started"
    if state == "finished":
        return "finished"
    return f"{name} ({kind}, {state})"


@dataclass(frozen=True)
class Session:
    agenda: Plan
    agenda_name: str
    levels: Levels
    seed: int
    index: int
    timer: PhaseTimer
    created: float
    started: float | None
    finished: float | None
    people: tuple[Member, ...]
    idea_count: int
    """Every idea stored, revealed or not, merged ones excluded."""
    ideas: tuple[Idea, ...]
    """Revealed ideas only, by display number."""
    voting: Voting
    rounds: tuple[Round, ...]
    turns: tuple[Turn, ...]
    hands: tuple[Hand, ...]
    actual_seconds: tuple[float, ...]
    """Time spent in each phase so far, the current visit excluded."""
    entered: float | None
    """When the current phase was entered; None before the session starts."""
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    pairings: Mapping[int, Pairing] = field(default_factory=dict)
    """The pairs of each pairs phase that has started, by phase index."""
    pair_history_files: tuple[tuple[str, ...], ...] = ()
    """Earlier groups from outcomes files given with --history."""
    left_seconds: tuple[float | None, ...] = ()
    """For each phase left before, the seconds it had left then (None for one never left)."""
    roster_closed: bool = False
    """The facilitator keeps the roster closed: devices claim only names already in it."""
    checkin: Checkin = field(default_factory=Checkin)
    """Earlier pairs to check in, who has answered, and the answers once no check-in runs."""

    # -- mentoring pairs --------------------------------------------------------------------
    @property
    def pairing(self) -> Pairing | None:
        """The pairs of the current phase, when it is a pairs phase that has started."""
        if not self.is_started or self.is_finished or self.kind != "pairs":
            return None
        return self.pairings.get(self.index)

    def latest_pairing(self) -> tuple[int, Pairing] | None:
        """The current phase's pairs, or else those of the latest pairs phase before it."""
        formed = [index for index in self.pairings if index <= self.index]
        return (max(formed), self.pairings[max(formed)]) if formed else None

    def pair_history(self, index: int) -> History:
        """Who met before phase `index`: the files' history and this session's other pairs."""
        return History(self.pair_history_files).plus(
            group.people
            for phase, pairing in self.pairings.items()
            if phase != index
            for group in pairing.groups
        )

    # -- phase and time -------------------------------------------------------------------
    @property
    def phase(self) -> PhasePlan:
        return self.agenda.phases[self.index]

    @property
    def kind(self) -> PhaseKind:
        return self.phase.kind

    @property
    def state(self) -> str:
        return self.timer.state

    @property
    def is_started(self) -> bool:
        return self.started is not None

    @property
    def is_finished(self) -> bool:
        return self.timer.state == "finished"

    @property
    def phase_number(self) -> int:
        """Where the session is, as one number: 0 before the start, 1 for the first phase, and
        one past the last phase once finished. A phase move names the number it moves from."""
        if not self.is_started:
            return 0
        if self.is_finished:
            return len(self.agenda.phases) + 1
        return self.index + 1

    def remaining(self, now: float) -> float:
        return self.timer.remaining(now)

    def phase_actual(self, index: int, now: float) -> float:
        spent = self.actual_seconds[index]
        if index == self.index and self.entered is not None and not self.is_finished:
            spent += max(0.0, now - self.entered)
        return spent

    # -- people ---------------------------------------------------------------------------
    @cached_property
    def by_id(self) -> dict[int, Member]:
        return {m.id: m for m in self.people}

    @cached_property
    def present(self) -> tuple[Member, ...]:
        return tuple(m for m in self.people if m.present)

    @property
    def yet_to_vote(self) -> tuple[Member, ...]:
        """People present who have not cast a ballot, most junior level first: names only,
        never what anyone chose."""
        voted = self.voting.voted
        waiting = [m for m in self.people if m.present and m.id not in voted]
        return tuple(sorted(waiting, key=lambda m: (self.levels.rank(m.level), m.name)))

    @cached_property
    def by_name(self) -> dict[str, Member]:
        """People by their name ignoring case; the first one where a name is held twice."""
        index: dict[str, Member] = {}
        for member in self.people:
            index.setdefault(member.name.casefold(), member)
        return index

    def person(self, name: str) -> Member | None:
        # Indexed: every device's state asks who a name is, for rooms of hundreds of people.
        return self.by_name.get(name.casefold())

    # -- speaking -------------------------------------------------------------------------
    @property
    def current_round(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def round_turns(self) -> tuple[Turn, ...]:
        current = self.current_round
        if current is None:
            return ()
        return tuple(t for t in self.turns if t.round_id == current.id)

    @property
    def current_turn(self) -> Turn | None:
        return next((t for t in reversed(self.turns) if t.ongoing), None)

    @property
    def current_speaker(self) -> Member | None:
        turn = self.current_turn
        return self.by_id.get(turn.person_id) if turn else None

    def round_order(self) -> list[Member]:
        number = len(self.rounds) - 1 if self.rounds else 0
        return round_order(self.people, self.levels, self.seed, number)

    def share_queue(self) -> list[Member]:
        ended = None
        if len(self.rounds) > 1 and self.rounds[-2].phase == self.rounds[-1].phase:
            ended = self.last_speaker(self.rounds[-2].id)
        return share_queue(self.round_order(), self.round_turns, ended)

    def last_speaker(self, round_id: int) -> int | None:
        """Who took the last turn of a round (a pass included), by person id."""
        return next((t.person_id for t in reversed(self.turns) if t.round_id == round_id), None)

    def hand_queue(self) -> list[Member]:
        return hand_queue(self.hands, self.people, self.turns, self.levels)

    def speaking_order(self) -> list[Member]:
        """Who speaks next, next first: the share queue or the hand queue, by phase kind."""
        if self.kind == "share":
            return self.share_queue()
        if self.kind == "discuss":
            return self.hand_queue()
        return []

    def airtime(self, now: float) -> Airtime:
        return airtime(self.people, self.turns, self.rounds, self.levels, now)

    # -- ideas and voting -----------------------------------------------------------------
    @property
    def votable(self) -> tuple[Idea, ...]:
        return tuple(idea for idea in self.ideas if idea.merged_into is None)

    def budget(self) -> Budget:
        if self.voting.budget is not None:
            return self.voting.budget
        return budget_for(self.agenda.voting, self.idea_count)  # a preview until voting opens

    def ranking(self) -> list[Ranked]:
        """Ranked ideas once voting has closed (all tied at zero before any vote)."""
        return rank({idea.number: idea.votes or 0 for idea in self.votable})

    def idea(self, number: int) -> Idea | None:
        return next((idea for idea in self.ideas if idea.number == number), None)
