"""The trends as every front end shows them: one table of figures (a row per figure, a column
per session, what good looks like beside it) and the charts, each with the data it draws.

The console, the Markdown summary and the HTML report all draw from these, so a figure reads
the same everywhere. Texts here are plain: each front end escapes them its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal

from rmworkshop.core.airtime import BALANCE_MARGIN
from rmworkshop.core.text import clean
from rmworkshop.outcomes.schema import PairStatus
from rmworkshop.outcomes.trends import ACTION_STATES, ActionState, SessionFigures, Trends

NOT_KNOWN = "—"
"""A figure the session's file cannot give (shown as such, never as zero)."""
NOT_KNOWN_NOTE = f"{NOT_KNOWN} means not known: the file has no such figure."
PAIR_LABELS: dict[PairStatus, str] = {
    "met": "met",
    "stuck": "stuck",
    "ended": "ended",
    "open": "not met yet",
}
GINI_GOOD = 0.3


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    good: str
    cells: list[str]
    level: int = 0
    """0 for a figure, 1 for a part of the figure above it (a level, a status)."""


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: list[float | None]


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    good: str
    unit: str
    """What the values count: "people", "%", "points"..."""
    kind: Literal["line", "stacked"]
    sessions: list[str]
    """The x axis: each session's date, in date order."""
    series: list[Series]
    target: float | None = None
    """A value to draw as a guide line: what good is near."""

    def known(self) -> bool:
        return any(value is not None for series in self.series for value in series.values)


def _shown(text: str) -> str:
    """A name read from a file, as it may reach any screen: no controls, on one line."""
    return " ".join(clean(text).split())


def _percent(share: float | None) -> str:
    return NOT_KNOWN if share is None else f"{round(share * 100)}%"


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return NOT_KNOWN
    return f"{value:.{digits}f}" if digits else str(round(value))


def headers(trends: Trends) -> list[str]:
    return [figures.day for figures in trends.sessions]


def _row(
    trends: Trends, label: str, good: str, cell: Callable[[SessionFigures], str], level: int = 0
) -> Row:
    return Row(label, good, [cell(figures) for figures in trends.sessions], level)


def rows(trends: Trends) -> list[Row]:
    """The trend table: each figure with what good looks like, a column per session."""
    margin = round(BALANCE_MARGIN * 100)
    table = [_row(trends, "People present", "every level there", lambda f: str(f.people))]
    for level in trends.levels:
        table.append(
            _row(
                trends,
                _shown(level),
                "",
                partial(_text_of, partial(_headcount, level=level)),
                level=1,
            )
        )
    table.append(
        _row(
            trends,
            "Ideas per person",
            "steady or rising",
            lambda f: _number(f.ideas_per_person, 1),
        )
    )
    table.append(
        Row(
            "Share of speaking time / of people",
            f"time within {margin} points of people",
            [""] * len(trends.sessions),
        )
    )
    for level in trends.levels:
        table.append(_row(trends, _shown(level), "", partial(_shares, level=level), level=1))
    table += [
        _row(
            trends,
            "Gini of airtime",
            f"under {GINI_GOOD} (0 = all equal)",
            lambda f: _number(f.gini, 2),
        ),
        _row(trends, "Most junior level opened", "near 100%", lambda f: _percent(f.junior_first)),
        _row(trends, "Never spoke", "0", lambda f: _number(f.never_spoke)),
        _row(
            trends, "Actions", "none overdue, done rising", lambda f: str(sum(f.actions.values()))
        ),
    ]
    for state in ACTION_STATES:
        table.append(
            _row(trends, state, "", partial(_text_of, partial(_action, state=state)), level=1)
        )
    table.append(
        _row(
            trends,
            "Mentoring pairs",
            "every pair met, none stuck",
            lambda f: NOT_KNOWN if f.pairs is None else str(sum(f.pairs.values())),
        )
    )
    for status, label in PAIR_LABELS.items():
        table.append(
            _row(
                trends,
                label,
                "",
                partial(_text_of, partial(_paired, status=status)),
                level=1,
            )
        )
    return table


def _headcount(figures: SessionFigures, level: str) -> float | None:
    people = figures.people_by_level
    return None if people is None else people.get(level, 0)


def _gap(figures: SessionFigures, level: str) -> float | None:
    """A level's share of speaking time less its share of people, in percentage points."""
    share = None if figures.shares is None else figures.shares.get(level)
    return None if share is None else round((share.time - share.people) * 100)


def _action(figures: SessionFigures, state: ActionState) -> float | None:
    return figures.actions[state]


def _paired(figures: SessionFigures, status: PairStatus) -> float | None:
    return None if figures.pairs is None else figures.pairs[status]


def _text_of(value: Callable[[SessionFigures], float | None], figures: SessionFigures) -> str:
    return _number(value(figures))


def _shares(figures: SessionFigures, level: str) -> str:
    if figures.shares is None:
        return NOT_KNOWN
    share = figures.shares.get(level)
    if share is None:
        return NOT_KNOWN
    return f"{_percent(share.time)} / {_percent(share.people)}"


def charts(trends: Trends) -> list[Chart]:
    """The charts, in the order of the table; the values are what each chart draws."""
    sessions = trends.sessions
    days = headers(trends)
    margin = round(BALANCE_MARGIN * 100)

    def series(name: str, value: Callable[[SessionFigures], float | None]) -> Series:
        return Series(name, [value(figures) for figures in sessions])

    return [
        Chart(
            "People present by level",
            "every level there",
            "people",
            "stacked",
            days,
            [
                series(
                    _shown(level),
                    partial(_headcount, level=level),
                )
                for level in trends.levels
            ],
        ),
        Chart(
            "Ideas per person",
            "steady or rising",
            "ideas",
            "line",
            days,
            [series("ideas per person", lambda f: _rounded(f.ideas_per_person, 1))],
        ),
        Chart(
            "Share of speaking time against share of people",
            f"within {margin} points of 0 for every level",
            "points",
            "line",
            days,
            [series(_shown(level), partial(_gap, level=level)) for level in trends.levels],
            target=0.0,
        ),
        Chart(
            "Gini coefficient of airtime",
            f"under {GINI_GOOD}; 0 = everyone spoke equally",
            "Gini",
            "line",
            days,
            [series("Gini", lambda f: f.gini)],
            target=GINI_GOOD,
        ),
        Chart(
            "Rounds opened by the most junior level",
            "near 100%",
            "%",
            "line",
            days,
            [series("opened by most junior", lambda f: _rounded(_scaled(f.junior_first), 0))],
            target=100.0,
        ),
        Chart(
            "People who never spoke",
            "0",
            "people",
            "line",
            days,
            [series("never spoke", lambda f: f.never_spoke)],
            target=0.0,
        ),
        Chart(
            "Actions by status",
            "none overdue, done rising",
            "actions",
            "stacked",
            days,
            [series(state, partial(_action, state=state)) for state in ACTION_STATES],
        ),
        Chart(
            "Mentoring pairs by status",
            "every pair met, none stuck",
            "pairs",
            "stacked",
            days,
            [
                series(label, partial(_paired, status=status))
                for status, label in PAIR_LABELS.items()
            ],
        ),
    ]


def _scaled(share: float | None) -> float | None:
    return None if share is None else share * 100


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def cell(value: float | None) -> str:
    """A chart's value as its table shows it."""
    if value is None:
        return NOT_KNOWN
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
