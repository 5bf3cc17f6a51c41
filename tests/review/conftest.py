"""Outcomes files for the review tests, built from the schema with a fixed "today".

`session_outcomes` is one realistic session: ties, a merged idea, owners, an overdue
action, airtime and timing. `programme` is three sessions of a reverse-mentoring programme.
Files are written with `outcomes.save`, exactly as export writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes.schema import Outcomes

TODAY = date(2026, 12, 20)
"""The fake "today" of every review test: Monthly tool show-and-tell is overdue."""
SIZE = (120, 36)


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


def make_outcomes(
    title: str = "Cross-generational brainstorm",
    started: datetime = datetime(2026, 11, 19, 10, 0, tzinfo=UTC),
    ideas: Sequence[dict[str, Any]] = SESSION_IDEAS,
) -> Outcomes:
    return Outcomes.model_validate(
        {
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
        },
        strict=False,
    )


def write(path: Path, result: Outcomes) -> Path:
    outcome_files.write(result, path)
    return path


@pytest.fixture
def session_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One session's outcomes, at a short relative path so that screens read the same."""
    monkeypatch.chdir(tmp_path)
    return write(Path("outcomes.toml"), make_outcomes())


PROGRAMME_IDEAS = [
    [
        idea(
            1,
            "Reverse mentoring pairs for every leader",
            10,
            owners=["Ana", "Marcus"],
            due=date(2026, 12, 1),
            status="in-progress",
        ),
        idea(2, "Write down the unwritten rules", 6, owners=["Bo"], due=date(2027, 2, 1)),
        idea(3, "Async updates instead of Monday status", 4, status="done", owners=["Ana"]),
    ],
    [
        idea(
            1,
            "Junior chair at one leadership meeting a quarter",
            11,
            owners=["Quinn"],
            due=date(2026, 12, 10),
        ),
        idea(
            2,
            "Explain acronyms in every all-hands deck",
            7,
            owners=["Ana"],
            due=date(2026, 11, 30),
            status="dropped",
        ),
        idea(3, "Shadow a new hire for a day", 2),
    ],
    [
        idea(
            1,
            "Tool budget decided with the people who use the tools",
            9,
            owners=["Marcus"],
            due=date(2027, 1, 15),
        ),
        idea(2, "Quiet hours on Fridays", 9, tied=True, owners=["Ana"], status="done"),
    ],
]
PROGRAMME_TITLES = ["Kick-off: how we work", "Feedback culture", "Tools and budgets"]


@pytest.fixture
def programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Three sessions; two actions are overdue on TODAY (due 2026-12-01 and 2026-12-10)."""
    monkeypatch.chdir(tmp_path)
    paths = []
    for number, (title, ideas) in enumerate(zip(PROGRAMME_TITLES, PROGRAMME_IDEAS, strict=True)):
        started = datetime(2026, 10 + number, 5, 9, 30, tzinfo=UTC)
        paths.append(
            write(Path(f"session-{number + 1}.toml"), make_outcomes(title, started, ideas))
        )
    return paths
