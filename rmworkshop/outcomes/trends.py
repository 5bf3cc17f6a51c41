"""A programme's trends: the same figures for each session, in date order, and the flags a
leader acts on.

A figure a file cannot give is `None`, "not known", never zero: an older file has no pairs,
a session without a timed turn has no airtime to judge, a file may not count people by level.
An action is an idea with an owner. "Today" is passed in: nothing here reads the clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from rmworkshop.core.text import clean
from rmworkshop.outcomes.followup import is_action, is_overdue
from rmworkshop.outcomes.progress import in_date_order, pair_progress
from rmworkshop.outcomes.schema import PAIR_STATUSES, Outcomes, PairStatus

ActionState = Literal["done", "open", "overdue", "dropped"]
ACTION_STATES: tuple[ActionState, ...] = ("done", "open", "overdue", "dropped")
"""Each action counts in exactly one: `open` is open or in progress and not yet overdue."""
FALLING_RUN = 3
"""A level's share of speaking time "keeps falling" when it fell in each of this many
sessions running (where it is known), that is, twice in a row."""


@dataclass(frozen=True, slots=True)
class Shares:
    """A level's share of speaking time against its share of the people present."""

    time: float
    people: float


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """One session's figures; `None` is "not known" for that session."""

    file: int
    """The file's position as given, so a front end can name it."""
    started: datetime
    title: str
    version: int
    people: int
    people_by_level: dict[str, int] | None
    ideas_per_person: float | None
    shares: dict[str, Shares] | None
    gini: float | None
    junior_first: float | None
    never_spoke: int | None
    actions: dict[ActionState, int]
    pairs: dict[PairStatus, int] | None

    @property
    def day(self) -> str:
        return f"{self.started:%Y-%m-%d}"


FlagKind = Literal["pair-not-met", "pair-stuck", "overdue", "falling-share", "never-spoke"]


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a leader acts on, in plain words (each front end escapes it its own way)."""

    kind: FlagKind
    text: str
    private: bool = False
    """For the facilitator's screen only: never in a Markdown summary or a shared report."""


@dataclass(frozen=True, slots=True)
class Trends:
    sessions: list[SessionFigures]
    """In date order."""
    levels: list[str]
    """Every level seen in the programme, most junior first."""
    flags: list[Flag]

    def shared_flags(self) -> list[Flag]:
        return [flag for flag in self.flags if not flag.private]


def _text(value: str) -> str:
    return " ".join(clean(value).split())


def _levels(programme: Sequence[Outcomes]) -> list[str]:
    """Levels in the order the files list them (most junior first), merged across files."""
    order: list[str] = []
    for outcomes in programme:
        listed = [*outcomes.session.headcount, *(level.level for level in outcomes.airtime.levels)]
        for position, level in enumerate(listed):
            if level in order:
                continue
            # After the nearest level listed before it in this file, so that a level the
            # earlier files did not have still lands in its place.
            before = [known for known in listed[:position] if known in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, level)
    return order


def _spoke(outcomes: Outcomes) -> bool:
    """Whether the file has any speaking to judge: a timed turn at some level."""
    return any(level.turns and level.seconds for level in outcomes.airtime.levels)


def _actions(outcomes: Outcomes, today: date) -> dict[ActionState, int]:
    tally: dict[ActionState, int] = dict.fromkeys(ACTION_STATES, 0)
    for idea in outcomes.ideas:
        if not is_action(idea):
            continue
        if idea.status in ("done", "dropped"):
            tally["done" if idea.status == "done" else "dropped"] += 1
        elif is_overdue(idea, today):
            tally["overdue"] += 1
        else:
            tally["open"] += 1
    return tally


def figures(file: int, outcomes: Outcomes, today: date) -> SessionFigures:
    session, airtime = outcomes.session, outcomes.airtime
    spoke = _spoke(outcomes)
    submitted = sum(1 + len(idea.merged) for idea in outcomes.ideas)
    pairs: dict[PairStatus, int] | None = None
    if outcomes.pairs:
        pairs = {status: 0 for status in PAIR_STATUSES}
        for pair in outcomes.pairs:
            pairs[pair.status] += 1
    return SessionFigures(
        file=file,
        started=session.started,
        title=_text(session.title),
        version=outcomes.version,
        people=session.participants,
        people_by_level=dict(session.headcount) or None,
        ideas_per_person=submitted / session.participants if session.participants else None,
        shares=(
            {lv.level: Shares(lv.share_of_time, lv.share_of_people) for lv in airtime.levels}
            if spoke
            else None
        ),
        gini=airtime.gini if spoke else None,
        junior_first=airtime.junior_first_share,
        never_spoke=airtime.silent if spoke else None,
        actions=_actions(outcomes, today),
        pairs=pairs,
    )


def trends(programme: Sequence[Outcomes], today: date) -> Trends:
    """Every session's figures in date order (files of one moment keep the order given)."""
    order = sorted(range(len(programme)), key=lambda n: (programme[n].session.started, n))
    sessions = [figures(n, programme[n], today) for n in order]
    ordered = in_date_order(programme)
    levels = _levels(ordered)
    flags = [
        *_pair_flags(ordered),
        *_overdue_flags(ordered, today),
        *_falling_flags(sessions, levels),
        *_silent_flags(sessions),
    ]
    return Trends(sessions, levels, flags)


# -- flags ---------------------------------------------------------------------------------


def _pair_flags(ordered: Sequence[Outcomes]) -> list[Flag]:
    """Each pair as its latest file left it: not met since an earlier session, or stuck.

    A pair formed at the latest session has had no time to meet and is not flagged.
    """
    if not ordered:
        return []
    last = ordered[-1].session.started
    flags = []
    for pair in pair_progress(ordered):
        since = f"{pair.formed:%Y-%m-%d}"
        if pair.status == "open" and pair.formed < last:
            flags.append(Flag("pair-not-met", f"{pair.name}: not met since {since}"))
        elif pair.status == "stuck":
            flags.append(Flag("pair-stuck", f"{pair.name}: stuck (paired {since})"))
    return flags


def _overdue_flags(ordered: Sequence[Outcomes], today: date) -> list[Flag]:
    late = [
        idea
        for outcomes in ordered
        for idea in outcomes.ideas
        if is_action(idea) and is_overdue(idea, today)
    ]
    late.sort(key=lambda idea: idea.due or today)
    return [
        Flag(
            "overdue",
            f"{_text(idea.text)} ({', '.join(map(_text, idea.owners))}): due {idea.due},"
            f" {(today - idea.due).days} days overdue",
        )
        for idea in late
        if idea.due is not None
    ]


def _falling_flags(sessions: Sequence[SessionFigures], levels: Sequence[str]) -> list[Flag]:
    flags = []
    for level in levels:
        known = [
            (figures.day, figures.shares[level].time)
            for figures in sessions
            if figures.shares is not None and level in figures.shares
        ]
        run = known[-FALLING_RUN:]
        if len(run) == FALLING_RUN and all(a[1] > b[1] for a, b in itertools.pairwise(run)):
            path = " → ".join(f"{round(share * 100)}%" for _, share in run)
            flags.append(
                Flag(
                    "falling-share",
                    f"{_text(level)}: share of speaking time keeps falling ({path},"
                    f" {run[0][0]} to {run[-1][0]})",
                )
            )
    return flags


def _silent_flags(sessions: Sequence[SessionFigures]) -> list[Flag]:
    """Sessions running where somebody never spoke. The files count these people but do not
    name them, so the flag says how many, and is for the facilitator only."""
    flags = []
    for before, after in itertools.pairwise(sessions):
        if before.never_spoke and after.never_spoke:
            flags.append(
                Flag(
                    "never-spoke",
                    f"People never spoke in two sessions running: {before.never_spoke} on"
                    f" {before.day}, {after.never_spoke} on {after.day}",
                    private=True,
                )
            )
    return flags
