"""A kickoff room for the mentoring-pairs tests: 13 people across five levels, with teams
and topics, and an agenda whose second phase is a pairs phase."""

from __future__ import annotations

from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from tests.helpers import make_agenda

KICKOFF_PEOPLE: tuple[dict[str, object], ...] = (
    {"name": "Ana", "level": "intern", "team": "Design", "teaches": ["AI tools", "TikTok"]},
    {"name": "Ben", "level": "intern", "team": "Sales", "teaches": ["TikTok"]},
    {"name": "Cleo", "level": "junior", "team": "Finance", "teaches": ["AI tools"]},
    {"name": "Dev", "level": "junior", "team": "Design", "teaches": ["remote work"]},
    {"name": "Ema", "level": "junior", "team": "Support", "teaches": ["data"], "mentor": False},
    {"name": "Finn", "level": "mid", "team": "Sales", "teaches": ["data"], "learns": ["hiring"]},
    {"name": "Gia", "level": "mid", "team": "Legal", "learns": ["AI tools"]},
    {"name": "Hal", "level": "senior", "team": "Design", "learns": ["AI tools", "hiring"]},
    {"name": "Ines", "level": "senior", "team": "Finance", "learns": ["TikTok"]},
    {"name": "Jon", "level": "senior", "team": "Support", "learns": ["remote work"]},
    {"name": "Kai", "level": "executive", "team": "Sales", "learns": ["AI tools"]},
    {"name": "Lea", "level": "executive", "team": "Legal", "learns": ["data", "TikTok"]},
    {"name": "Max", "level": "executive", "team": "Finance", "learns": ["remote work"]},
)

PAIRS_PHASES = (
    ("Welcome", "info", 2),
    ("Meet your mentor", "pairs", 10),
    ("Silent ideas", "capture", 5),
    ("Second pairs", "pairs", 10),
)


def kickoff_roster() -> Roster:
    return Roster.model_validate({"people": [dict(person) for person in KICKOFF_PEOPLE]})


def kickoff_agenda() -> Plan:
    return make_agenda(PAIRS_PHASES, title="Reverse mentoring kickoff")
