"""Export: building outcomes from a session snapshot, with no tallies before voting closes."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from rmworkshop.core.airtime import Round
from rmworkshop.core.people import Levels, Member
from rmworkshop.core.plan import PhasePlan, Plan
from rmworkshop.core.roster import DEFAULT_LEVELS
from rmworkshop.core.session import Idea, Session, Voting
from rmworkshop.core.speaking import Turn
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.core.voting import Budget
from rmworkshop.outcomes import schema as out
from rmworkshop.outcomes.build import build

START = datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC).timestamp()


def session(closed: bool) -> Session:
    agenda = Plan(
        title="Brainstorm",
        phases=(
            PhasePlan(name="Ideas", kind="capture", minutes=10),
            PhasePlan(name="Share", kind="share", minutes=5),
            PhasePlan(name="Vote", kind="vote", minutes=5),
        ),
    )
    people = (
        Member(1, "Eve", "executive"),
        Member(2, "Ana", "junior"),
        Member(3, "Jo", "junior", present=False),
    )
    votes = (5, 2, 5, 0) if closed else (None, None, None, None)
    ideas = (
        Idea("k1", 1, "First", votes[0], owners=("Ana", "Eve"), due=date(2026, 12, 1)),
        Idea("k2", 2, "Second", votes[1], first_step="Ask IT"),
        Idea("k3", 3, "Third", votes[2]),
        Idea("k4", 4, "Merged away", votes[3], merged_into=1),
    )
    return Session(
        agenda=agenda,
        agenda_name="brainstorm",
        levels=Levels(DEFAULT_LEVELS),
        seed=7,
        index=2,
        timer=PhaseTimer.running(300, START + 900),
        created=START - 60,
        started=START,
        finished=None,
        people=people,
        idea_count=3,
        ideas=ideas,
        voting=Voting(
            opened=True,
            closed=closed,
            budget=Budget(dots=4, max_per_idea=2),
            ballots=3,
            voted=frozenset({1, 2}),
        ),
        rounds=(Round(1, "junior"),),
        turns=(
            Turn(2, START + 600, START + 660, round_id=1),
            Turn(1, START + 660, START + 690, False, 1),
        ),
        hands=(),
        actual_seconds=(600.0, 300.0, 0.0),
        entered=START + 900,
    )


def test_export_ranks_ideas_and_keeps_owners_and_merges() -> None:
    result = build(session(closed=True), {1: ["Merged away"]}, now=START + 1000)
    assert [(i.text, i.rank, i.tied, i.votes) for i in result.ideas] == [
        ("First", 1, True, 5),
        ("Third", 1, True, 5),
        ("Second", 3, False, 2),
    ]
    first = result.ideas[0]
    assert first.owners == ["Ana", "Eve"]
    assert first.due == date(2026, 12, 1)
    assert first.merged == ["Merged away"]
    assert result.ideas[2].first_step == "Ask IT"
    assert result.voting == out.VotingInfo(dots_per_person=4, max_per_idea=2, ballots=3)


def test_export_before_voting_closes_reveals_no_tallies() -> None:
    result = build(session(closed=False), {}, now=START + 1000)
    assert {idea.votes for idea in result.ideas} == {0}
    assert {idea.rank for idea in result.ideas} == {1}
    assert [idea.text for idea in result.ideas] == ["First", "Second", "Third"]


def test_export_session_people_phases_and_airtime() -> None:
    result = build(session(closed=True), {}, now=START + 1000)
    assert result.session.started == datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC)
    assert result.session.finished is None
    assert result.session.participants == 3
    assert list(result.session.headcount.items()) == [("junior", 2), ("executive", 1)]
    assert [(p.name, p.planned_seconds, p.actual_seconds) for p in result.phases] == [
        ("Ideas", 600, 600),
        ("Share", 300, 300),
        ("Vote", 300, 100),  # the current phase counts up to now
    ]
    assert [(lv.level, lv.turns, lv.seconds) for lv in result.airtime.levels] == [
        ("junior", 1, 60),
        ("executive", 1, 30),
    ]
    assert result.airtime.silent == 1
    assert result.airtime.junior_first_share == 1.0


def test_exported_outcomes_round_trip(tmp_path: Path) -> None:
    result = build(session(closed=True), {1: ["Merged away"]}, now=START + 1000)
    text = result.to_toml()
    assert "started = 2026-11-21T10:00:00Z" in text
    assert out.parse(tmp_path / "o.toml", text, tomllib.loads(text)) == result


def test_finished_session_exports_its_finish_time() -> None:
    done = replace(session(closed=True), finished=START + 5530, timer=PhaseTimer.finished())
    result = build(done, {}, now=START + 9999)
    assert result.session.finished == datetime(2026, 11, 21, 11, 32, 10, tzinfo=UTC)
    assert result.phases[2].actual_seconds == 0, "a finished session stops its clock"
