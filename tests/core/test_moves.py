"""What a move through the agenda changes is the core's decision, made from a snapshot alone:
no store, no file, no clock but the time given."""

from __future__ import annotations

import dataclasses

import pytest

from rmworkshop.core.airtime import Round
from rmworkshop.core.errors import Refused
from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import DEFAULT_LEVELS, Levels, Member
from rmworkshop.core.plan import PhasePlan, Plan, VotingPlan
from rmworkshop.core.rules import moves
from rmworkshop.core.rules.moves import Leaving, NewRound
from rmworkshop.core.session import Session, Voting
from rmworkshop.core.speaking import Hand, Turn
from rmworkshop.core.timer import PhaseTimer
from rmworkshop.core.voting import budget_for

NOW = 1_795_000_000.0
PLAN = Plan(
    "Test",
    (
        PhasePlan("Welcome", "info", 2),
        PhasePlan("Ideas", "capture", 10),
        PhasePlan("Round", "share", 15),
        PhasePlan("Vote", "vote", 5),
        PhasePlan("Talk", "discuss", 10),
        PhasePlan("Pairs", "pairs", 10),
    ),
    voting=VotingPlan(),
)
PEOPLE = (
    Member(1, "Ana", "junior", True),
    Member(2, "Bo", "senior", True),
    Member(3, "Cy", "intern", False),
)


def session(index: int = 0, started: bool = True, **changes: object) -> Session:
    base = Session(
        agenda=PLAN,
        agenda_name="test",
        levels=Levels(DEFAULT_LEVELS),
        seed=7,
        index=index,
        timer=PhaseTimer.running(60, NOW) if started else PhaseTimer("paused", None, 120),
        created=NOW - 600,
        started=NOW - 300 if started else None,
        finished=None,
        people=PEOPLE,
        idea_count=9,
        ideas=(),
        voting=Voting(opened=False, closed=False, budget=None, ballots=0, voted=frozenset()),
        rounds=(),
        turns=(),
        hands=(),
        actual_seconds=(0.0,) * len(PLAN.phases),
        entered=NOW - 100 if started else None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_starting_enters_the_first_phase_and_records_the_start() -> None:
    move = moves.start(session(started=False), NOW)
    assert move.leaving is None and not move.finishing
    assert move.entering is not None
    assert (move.entering.phase, move.entering.first_start) == (0, True)
    assert move.entering.deadline == NOW + PLAN.phases[0].planned_seconds
    with pytest.raises(Refused, match="already started"):
        moves.start(session(), NOW)


def test_leaving_keeps_the_time_spent_and_what_is_left() -> None:
    move = moves.next_phase(session(index=1), NOW)
    assert move.leaving == Leaving(1, spent=100.0, remaining=60.0, lower_hands=False)
    assert move.entering is not None and move.entering.phase == 2
    assert not move.entering.first_start


def test_a_phase_entered_again_picks_up_the_time_it_had_left() -> None:
    left = (None, 42.0, None, None, None, None)
    move = moves.back_phase(session(index=2, left_seconds=left), NOW)
    assert move.entering is not None and move.entering.deadline == NOW + 42.0


def test_entering_the_vote_opens_voting_with_a_budget_from_every_idea_left() -> None:
    move = moves.next_phase(session(index=2), NOW)
    assert move.entering is not None
    assert move.entering.open_voting == budget_for(PLAN.voting, 9)
    opened = Voting(opened=True, closed=False, budget=None, ballots=0, voted=frozenset())
    again = moves.back_phase(session(index=4, voting=opened), NOW)
    assert again.entering is not None and again.entering.open_voting is None, "opened once"


def test_leaving_a_discussion_lowers_every_hand() -> None:
    move = moves.next_phase(session(index=4, hands=(Hand(1, 1),)), NOW)
    assert move.leaving is not None and move.leaving.lower_hands
    assert not moves.next_phase(session(index=1), NOW).leaving.lower_hands  # type: ignore[union-attr]


def test_a_share_round_begins_with_the_most_junior_present_and_goes_on_when_returned_to() -> None:
    move = moves.next_phase(session(index=1), NOW)
    assert move.entering is not None
    assert move.entering.new_round == NewRound(2, "junior"), "Cy, the intern, is away"
    half_spoken = session(
        index=3,
        rounds=(Round(5, "junior", 2),),
        turns=(Turn(2, NOW - 50, NOW - 40, round_id=5),),
    )
    back = moves.back_phase(half_spoken, NOW)
    assert back.entering is not None and back.entering.new_round is None, "Ana is still to speak"
    everyone = dataclasses.replace(
        half_spoken, turns=(*half_spoken.turns, Turn(1, NOW - 40, NOW - 30, round_id=5))
    )
    again = moves.back_phase(everyone, NOW)
    assert again.entering is not None and again.entering.new_round == NewRound(2, "junior")


def test_a_pairs_phase_is_paired_once() -> None:
    move = moves.next_phase(session(index=4), NOW)
    assert move.entering is not None and isinstance(move.entering.pairing, Pairing)
    paired = session(index=4, pairings={5: move.entering.pairing})
    again = moves.next_phase(paired, NOW)
    assert again.entering is not None and again.entering.pairing is None


def test_after_the_last_phase_the_session_finishes_and_can_be_reopened() -> None:
    move = moves.next_phase(session(index=5), NOW)
    assert move.finishing and move.entering is None and move.leaving is not None
    finished = session(index=5, finished=NOW, timer=PhaseTimer("finished"))
    back = moves.back_phase(finished, NOW)
    assert back.reopening and back.leaving is None
    assert back.entering is not None and back.entering.phase == 5


def test_a_move_from_a_phase_already_left_changes_nothing() -> None:
    with pytest.raises(Refused, match="already moved"):
        moves.next_phase(session(index=2), NOW, from_phase=1)


def test_resuming_before_the_start_starts_the_session() -> None:
    move = moves.resume_before_start(session(started=False), NOW)
    assert move is not None and move.entering is not None and move.entering.first_start
    assert moves.resume_before_start(session(), NOW) is None
