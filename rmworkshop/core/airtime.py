"""Airtime equity: who got to speak, per level, and how evenly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from rmworkshop.core.people import Levels, Member
from rmworkshop.core.speaking import Turn


class Round(NamedTuple):
    id: int
    most_junior_level: str | None
    """The most junior level among the people present when the round began."""
    phase: int | None = None
    """The agenda phase the round belongs to."""


class LevelAirtime(NamedTuple):
    level: str
    people: int
    turns: int
    seconds: float
    share_of_time: float
    share_of_people: float


class Airtime(NamedTuple):
    levels: list[LevelAirtime]
    gini: float
    silent: int
    junior_first_share: float | None
    """None when no share round has had a turn yet."""


def gini(values: Sequence[float]) -> float:
    """0 when everyone had the same airtime, approaching 1 when one person had it all."""
    n = len(values)
    total = sum(values)
    if n == 0 or total <= 0:
        return 0.0
    ordered = sorted(values)
    weighted = sum((index + 1) * value for index, value in enumerate(ordered))
    return (2 * weighted) / (n * total) - (n + 1) / n


def airtime(
    members: Sequence[Member],
    turns: Sequence[Turn],
    rounds: Iterable[Round],
    levels: Levels,
    now: float,
) -> Airtime:
    seconds: dict[int, float] = {m.id: 0.0 for m in members}
    spoken: dict[int, int] = {m.id: 0 for m in members}
    for turn in turns:
        if turn.passed or turn.person_id not in seconds:
            continue
        seconds[turn.person_id] += turn.seconds(now)
        spoken[turn.person_id] += 1
    total_time = sum(seconds.values())
    total_people = len(members)
    per_level: list[LevelAirtime] = []
    level_of = {m.id: m.level for m in members}
    for level in sorted({m.level for m in members}, key=levels.rank):
        ids = [pid for pid, lvl in level_of.items() if lvl == level]
        level_seconds = sum(seconds[pid] for pid in ids)
        per_level.append(
            LevelAirtime(
                level=level,
                people=len(ids),
                turns=sum(spoken[pid] for pid in ids),
                seconds=level_seconds,
                share_of_time=level_seconds / total_time if total_time else 0.0,
                share_of_people=len(ids) / total_people if total_people else 0.0,
            )
        )
    return Airtime(
        levels=per_level,
        gini=gini(list(seconds.values())),
        silent=sum(1 for count in spoken.values() if count == 0),
        junior_first_share=_junior_first_share(rounds, turns, level_of),
    )


def _junior_first_share(
    rounds: Iterable[Round], turns: Sequence[Turn], level_of: dict[int, str]
) -> float | None:
    first_speaker: dict[int, int] = {}
    for turn in sorted(turns, key=lambda t: t.started):
        if turn.round_id is not None and not turn.passed:
            first_speaker.setdefault(turn.round_id, turn.person_id)
    counted = junior = 0
    for round_ in rounds:
        if round_.id in first_speaker:
            counted += 1
            if level_of.get(first_speaker[round_.id]) == round_.most_junior_level:
                junior += 1
    return junior / counted if counted else None


BALANCE_MARGIN = 0.10
"""How far a level's share of time may stray from its share of people and still be fair:
ten percentage points either way."""


class LevelShares(Protocol):
    """What judging a level reads: a live `LevelAirtime` or an outcomes file's level."""

    @property
    def level(self) -> str: ...
    @property
    def share_of_time(self) -> float: ...
    @property
    def share_of_people(self) -> float: ...


def judge_level(level: LevelShares) -> str:
    """A level's share of time against its share of people: "over", "under" or "fair"."""
    gap = level.share_of_time - level.share_of_people
    if gap > BALANCE_MARGIN:
        return "over"
    if gap < -BALANCE_MARGIN:
        return "under"
    return "fair"


def balance_lines(levels: Sequence[LevelShares]) -> list[str]:
    """The verdict on each level, in words: one line when every level is fair, else one line
    per level that is over or under its share (most junior first, as given)."""
    if not levels or not any(level.share_of_time for level in levels):
        return ["Nobody spoke in a timed turn: no level can be judged."]
    lines = []
    for level in levels:
        verdict = judge_level(level)
        if verdict != "fair":
            more = "more" if verdict == "over" else "less"
            lines.append(
                f"{level.level} had {more} than its share: {_percent(level.share_of_time)} of"
                f" the time for {_percent(level.share_of_people)} of the people."
            )
    if not lines:
        margin = _percent(BALANCE_MARGIN).removesuffix("%")
        return [
            f"Fair: every level's share of time is within {margin} points of its share of people."
        ]
    return lines


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"
