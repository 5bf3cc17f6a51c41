"""A reverse-mentoring programme of four sessions for the trends tests, built from the suite's
one outcomes builder: a version 1 file without people by level, a kickoff that forms three
pairs, a follow-up with no timed turn and no ideas, and a last session without pairs.

`hostile=True` puts markup, script and escape sequences into every text a report shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from rmworkshop.outcomes.schema import Outcomes
from tests.outcomes_builder import idea, outcomes_data

TODAY = date(2026, 12, 20)
HOSTILE = "<script>alert(1)</script>[b]bold[/b] & \x1b[31mred"
"""As a file may hold it; shown, it is `CLEAN_HOSTILE` (escape sequences removed)."""
CLEAN_HOSTILE = "<script>alert(1)</script>[b]bold[/b] & red"


def _levels(*shares: tuple[str, int, float, float]) -> list[dict[str, Any]]:
    return [
        {
            "level": level,
            "people": people,
            "turns": 2 * people,
            "seconds": round(1000 * time),
            "share_of_time": time,
            "share_of_people": share,
        }
        for level, people, time, share in shares
    ]


def _pair(mentor: str, mentee: str, status: str = "open", impact: str = "") -> dict[str, Any]:
    return {
        "mentors": [mentor],
        "mentees": [mentee],
        "topics": ["AI tools"],
        "status": status,
        "impact": impact,
    }


def sessions(hostile: bool = False) -> list[dict[str, Any]]:
    """The four sessions as data, in date order."""
    bo = f"Bo {HOSTILE}" if hostile else "Bo"
    one = outcomes_data(
        "Kick-off: how we work",
        datetime(2026, 9, 1, 10, tzinfo=UTC),
        [
            idea(1, "Async updates", 6, owners=["Ana"], status="done"),
            idea(2, "Write down the rules", 4, merged=["Unwritten rules, written"]),
        ],
    )
    one["version"] = 1
    one["session"]["headcount"] = {}
    one["airtime"] = {
        "gini": 0.2,
        "silent": 2,
        "junior_first_share": 1.0,
        "levels": _levels(
            ("junior", 4, 0.45, 0.44), ("senior", 4, 0.43, 0.44), ("executive", 1, 0.12, 0.11)
        ),
    }
    two = outcomes_data(
        f"Pairs {HOSTILE}" if hostile else "Pairs and first actions",
        datetime(2026, 10, 1, 10, tzinfo=UTC),
        [
            idea(
                1,
                f"Junior chair {HOSTILE}" if hostile else "Junior chair",
                9,
                owners=[bo],
                due=date(2026, 11, 1),
            ),
            idea(2, "Tool budget", 7, owners=["Cy"], due=date(2027, 1, 10), status="in-progress"),
            idea(3, "Explain acronyms", 5, owners=["Dev"], status="dropped"),
            idea(4, "Shadow a new hire", 1),
        ],
    )
    two["session"]["participants"] = 10
    two["session"]["headcount"] = {"junior": 5, "senior": 4, "executive": 1}
    two["airtime"] = {
        "gini": 0.25,
        "silent": 1,
        "junior_first_share": 0.5,
        "levels": _levels(
            ("junior", 5, 0.40, 0.50), ("senior", 4, 0.45, 0.40), ("executive", 1, 0.15, 0.10)
        ),
    }
    two["pairs"] = [_pair("Ana", "Marcus"), _pair(bo, "Quinn"), _pair("Cy", "Dev")]
    three = outcomes_data("Check-in", datetime(2026, 11, 1, 10, tzinfo=UTC), [])
    three["session"]["participants"] = 8
    three["session"]["headcount"] = {"junior": 4, "senior": 4}
    three["airtime"] = {"gini": 0.0, "silent": 8, "levels": []}
    three["pairs"] = [
        _pair("Ana", "Marcus", "met", f"Learnt {HOSTILE}" if hostile else "Learnt shortcuts"),
        _pair(bo, "Quinn"),
        _pair("Cy", "Dev", "stuck"),
    ]
    four = outcomes_data(
        "Tools and budgets",
        datetime(2026, 12, 1, 10, tzinfo=UTC),
        [
            idea(
                1,
                "Quiet Fridays",
                8,
                owners=["Ana", "Marcus"],
                due=date(2026, 12, 15),
                status="in-progress",
                merged=["No pings on Friday"],
            ),
            idea(2, "Tool show-and-tell", 6, owners=["Quinn"], status="done"),
            idea(3, "Café chats", 2, owners=["Nia"]),
        ],
    )
    four["session"]["participants"] = 6
    four["session"]["headcount"] = {"junior": 3, "senior": 2, "executive": 1}
    four["airtime"] = {
        "gini": 0.31,
        "silent": 1,
        "junior_first_share": 1.0,
        "levels": _levels(
            ("junior", 3, 0.30, 0.50), ("senior", 2, 0.55, 0.33), ("executive", 1, 0.15, 0.17)
        ),
    }
    if hostile:
        four["airtime"]["levels"][2]["level"] = f"exec {HOSTILE}"
        four["session"]["headcount"] = {"junior": 3, "senior": 2, f"exec {HOSTILE}": 1}
    return [one, two, three, four]


def programme(hostile: bool = False) -> list[Outcomes]:
    """The four sessions as models, given out of date order (review sorts them)."""
    found = [Outcomes.model_validate(data, strict=False) for data in sessions(hostile)]
    return [found[2], found[0], found[3], found[1]]
