"""Outcomes files for the review tests, built from the schema with a fixed "today".

`make_outcomes` (the suite's one outcomes builder, `tests.outcomes_builder`) is one realistic
session; `programme` is three sessions of a reverse-mentoring programme. Files are written with
`rmworkshop.files.outcomes.write`, exactly as export writes them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes.schema import Outcomes
from tests.outcomes_builder import SESSION_IDEAS, idea, make_outcomes, outcomes_data

__all__ = ["SESSION_IDEAS", "idea", "make_outcomes", "outcomes_data"]

TODAY = date(2026, 12, 20)
"""The fake "today" of every review test: Monthly tool show-and-tell is overdue."""
SIZE = (120, 36)


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
