"""6. Mentoring pairs: 500 people with teams and topics, and a history of five earlier
sessions, paired at the start of a pairs phase. Also the fairness figures for that room."""

from __future__ import annotations

import random
import subprocess
import sys
import time

from bench.common import ROOT, Section, median, ms, verdict
from rmworkshop.core.pairing import History, assign, form_pairs, roles
from rmworkshop.core.pairing_notes import fairness
from rmworkshop.core.people import DEFAULT_LEVELS, Levels, Member

PEOPLE = 500
EARLIER_SESSIONS = 5
TARGET = 1.0
TOPICS = ("AI tools", "TikTok", "hiring", "budgets", "remote work", "data", "design", "sales")
TEAMS = ("Design", "Sales", "Finance", "Engineering", "Support", "Legal", "Marketing")

_COLD = """
import time
start = time.monotonic()
from bench.pairing import room
from rmworkshop.core.pairing import form_pairs
people, levels, history = room()
form_pairs(people, levels, 999, history)
print(time.monotonic() - start)
"""


def room() -> tuple[list[Member], Levels, History]:
    """The people, their levels and the history of five earlier sessions (same every run)."""
    chance = random.Random(15)
    people = [
        Member(
            index,
            f"person {index}",
            DEFAULT_LEVELS[index % len(DEFAULT_LEVELS)],
            team=chance.choice(TEAMS),
            teaches=tuple(chance.sample(TOPICS, chance.randint(0, 3))),
            learns=tuple(chance.sample(TOPICS, chance.randint(0, 3))),
            mentor=chance.random() > 0.1,
        )
        for index in range(PEOPLE)
    ]
    levels = Levels(DEFAULT_LEVELS)
    return people, levels, earlier(people, levels)


def earlier(people: list[Member], levels: Levels) -> History:
    history = History()
    for session in range(EARLIER_SESSIONS):
        pairing = form_pairs(people, levels, session, history)
        history = history.plus(group.people for group in pairing.groups)
    return history


def run(section: Section, runs: int, quick: bool) -> None:
    people, levels, history = room()
    form_pairs(people, levels, 0, history)  # loads numpy and scipy once, as a phase start does
    warm: list[float] = []
    solver: list[float] = []
    for attempt in range(max(3, runs)):
        start = time.monotonic()
        pairing = form_pairs(people, levels, 100 + attempt, history)
        warm.append(time.monotonic() - start)
        mentors, mentees = roles(people, levels, 100 + attempt)
        start = time.monotonic()
        assign(mentors, mentees, levels, history)
        solver.append(time.monotonic() - start)
    cold = [
        float(
            subprocess.run(
                [sys.executable, "-c", _COLD],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout
        )
        for _ in range(1 if quick else max(3, runs))
    ]
    section.add(
        f"{PEOPLE} people across five levels, seven teams, up to three topics taught and"
        f" wanted each, 10 % unwilling to mentor, history of {EARLIER_SESSIONS} earlier"
        f" sessions. Target: pairs formed in at most {TARGET:.0f} s."
    )
    section.table(
        ["measure", "median", "target"],
        [
            [
                "form the pairs (scores, solve, groups)",
                ms(median(warm)),
                verdict(median(warm) <= TARGET),
            ],
            ["of which the optimal assignment itself", ms(median(solver)), ""],
            [
                "fresh process: imports, history and pairs",
                ms(median(cold)),
                verdict(median(cold) <= TARGET),
            ],
        ],
    )
    figures = fairness(pairing, people, levels, history)
    section.add("")
    section.add(
        f"Fairness of the last pairing: {figures.groups} groups;"
        f" {figures.crossing_two_levels:.0%} cross two or more levels;"
        f" {figures.learns_met:.0%} of {figures.learners} mentees who want to learn something"
        f" are paired with someone who teaches it; {figures.repeats} repeats,"
        f" {figures.repeats_avoided} earlier pairs not repeated."
    )
