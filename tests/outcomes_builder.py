"""The one builder of outcomes for the whole test suite, as data or as the schema's model.

`make_outcomes()` is one realistic session of a reverse-mentoring programme: ties, a merged
idea, owners, an overdue action (against the review tests' "today"), airtime and timing.
Tests change what they need with `ideas=`, `title=` and `started=`, or `model_copy`.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from rmworkshop.outcomes.schema import FORMAT, VERSION, Outcomes

STARTED = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)


def idea(rank: int, text: str, votes: int, **fields: Any) -> dict[str, Any]:
    return {"rank": rank, "tied": False, "text": text, "votes": votes, **fields}


SESSION_IDEAS = [
    idea(
        1,
        "Monthly tool show-and-tell run by new hires",
        12,
        owners=["Ana", "Marcus"],
        due=date(2026, 12, 15),
        first_step="Book the first slot",
        merged=["Monthly tool show & tell by new joiners"],
    ),
    idea(
        2,
        "Reverse office hours: leaders ask, new hires answer",
        9,
        tied=True,
        owners=["Quinn"],
        due=date(2027, 1, 31),
        status="in-progress",
    ),
    idea(2, "Pair on tools *before* we buy them | not after", 9, tied=True, owners=["Dev"]),
    idea(
        4,
        "Quiet hours (no pings) on Fridays",
        5,
        status="done",
        impact="Fewer late-night pings in the team survey",
    ),
    idea(
        5,
        "Café chats across teams — 15 min, 改善",
        3,
        owners=["Nia"],
        due=date(2026, 12, 1),
        status="dropped",
    ),
    idea(6, "Let interns run one retro per quarter", 0),
]


def outcomes_data(
    title: str = "Cross-generational brainstorm",
    started: datetime = STARTED,
    ideas: Sequence[dict[str, Any]] = SESSION_IDEAS,
) -> dict[str, Any]:
    """The outcomes as plain data (Python dates and times, as tomllib reads them)."""
    return copy.deepcopy(
        {
            "format": FORMAT,
            "version": VERSION,
            "session": {
                "title": title,
                "agenda": "cross-generational-brainstorm",
                "started": started,
                "finished": started.replace(hour=11, minute=32, second=10),
                "participants": 9,
                "headcount": {"junior": 4, "senior": 4, "executive": 1},
            },
            "voting": {"dots_per_person": 5, "max_per_idea": 3, "ballots": 9},
            "ideas": list(ideas),
            "phases": [
                {
                    "name": "Silent brainstorm",
                    "kind": "capture",
                    "planned_seconds": 600,
                    "actual_seconds": 655,
                },
                {
                    "name": "Junior-first share round",
                    "kind": "share",
                    "planned_seconds": 900,
                    "actual_seconds": 840,
                },
                {
                    "name": "Reveal and vote",
                    "kind": "vote",
                    "planned_seconds": 420,
                    "actual_seconds": 430,
                },
                {
                    "name": "Action planning",
                    "kind": "actions",
                    "planned_seconds": 600,
                    "actual_seconds": 720,
                },
            ],
            "airtime": {
                "gini": 0.18,
                "silent": 1,
                "junior_first_share": 1.0,
                "levels": [
                    {
                        "level": "junior",
                        "people": 4,
                        "turns": 8,
                        "seconds": 540,
                        "share_of_time": 0.41,
                        "share_of_people": 0.44,
                    },
                    {
                        "level": "senior",
                        "people": 4,
                        "turns": 6,
                        "seconds": 600,
                        "share_of_time": 0.46,
                        "share_of_people": 0.44,
                    },
                    {
                        "level": "executive",
                        "people": 1,
                        "turns": 2,
                        "seconds": 170,
                        "share_of_time": 0.13,
                        "share_of_people": 0.11,
                    },
                ],
            },
        }
    )


def make_outcomes(
    title: str = "Cross-generational brainstorm",
    started: datetime = STARTED,
    ideas: Sequence[dict[str, Any]] = SESSION_IDEAS,
) -> Outcomes:
    """One realistic session: ties, a merged idea, owners, an overdue action, airtime, timing."""
    return Outcomes.model_validate(outcomes_data(title, started, ideas), strict=False)
