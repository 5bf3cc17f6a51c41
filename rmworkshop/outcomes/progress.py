"""How the programme's pairs and actions have moved: each pair's status session by session,
and the top actions with their owners and status, as a shared report lists them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rmworkshop.core.text import clean
from rmworkshop.outcomes.followup import is_action, is_overdue
from rmworkshop.outcomes.schema import Idea, Outcomes, Pair, PairStatus


def _text(value: str) -> str:
    return " ".join(clean(value).split())


def in_date_order(programme: Sequence[Outcomes]) -> list[Outcomes]:
    """Sessions by start; files of one moment keep the order given."""
    order = sorted(range(len(programme)), key=lambda n: (programme[n].session.started, n))
    return [programme[n] for n in order]


@dataclass(frozen=True, slots=True)
class PairProgress:
    mentors: list[str]
    mentees: list[str]
    topics: list[str]
    steps: list[tuple[datetime, PairStatus]]
    """The pair's status in each session that lists it, in date order."""
    impact: str
    """The latest impact note written for the pair."""

    @property
    def formed(self) -> datetime:
        return self.steps[0][0]

    @property
    def status(self) -> PairStatus:
        return self.steps[-1][1]

    @property
    def name(self) -> str:
        return f"{', '.join(self.mentors)} with {', '.join(self.mentees)}"


def pair_progress(programme: Sequence[Outcomes]) -> list[PairProgress]:
    """Every pair of the programme once (the same people, mentors and mentees, are one pair),
    in the order first formed. Names, topics and notes are cleaned for any screen."""
    found: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[datetime, Pair]]] = {}
    for outcomes in in_date_order(programme):
        for pair in outcomes.pairs:
            key = (tuple(sorted(pair.mentors)), tuple(sorted(pair.mentees)))
            found.setdefault(key, []).append((outcomes.session.started, pair))
    progress = []
    for seen in found.values():
        latest = seen[-1][1]
        notes = [pair.impact for _, pair in seen if pair.impact]
        progress.append(
            PairProgress(
                mentors=[_text(name) for name in latest.mentors],
                mentees=[_text(name) for name in latest.mentees],
                topics=[_text(topic) for topic in latest.topics],
                steps=[(when, pair.status) for when, pair in seen],
                impact=_text(notes[-1]) if notes else "",
            )
        )
    return progress


@dataclass(frozen=True, slots=True)
class TopAction:
    idea: Idea
    session: datetime
    overdue: bool

    @property
    def text(self) -> str:
        return _text(self.idea.text)

    @property
    def owners(self) -> list[str]:
        return [_text(owner) for owner in self.idea.owners]

    @property
    def state(self) -> str:
        """The status, with "overdue" first when it is."""
        return f"overdue, {self.idea.status}" if self.overdue else self.idea.status


def top_actions(programme: Sequence[Outcomes], today: date, limit: int = 15) -> list[TopAction]:
    """The best-ranked actions (ideas with an owner) of the programme, latest session first
    among equal ranks, at most `limit`."""
    found = [
        TopAction(idea, outcomes.session.started, is_overdue(idea, today))
        for outcomes in in_date_order(programme)
        for idea in outcomes.ideas
        if is_action(idea)
    ]
    found.sort(key=lambda action: (action.idea.rank, -action.session.timestamp()))
    return found[:limit]
