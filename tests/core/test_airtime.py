"""Airtime equity: per-level shares, Gini, silent people and who opens each round."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.airtime import Round, airtime, gini
from rmworkshop.core.people import Levels, Member
from rmworkshop.core.roster import DEFAULT_LEVELS
from rmworkshop.core.speaking import Turn

LEVELS = Levels(DEFAULT_LEVELS)
NOW = 10_000.0

ANA = Member(1, "Ana", "junior")
JO = Member(2, "Jo", "junior")
SAM = Member(3, "Sam", "senior")
EVE = Member(4, "Eve", "executive")
ROOM = [EVE, SAM, ANA, JO]


def test_gini_of_equal_airtime_is_zero() -> None:
    assert gini([30.0, 30.0, 30.0, 30.0]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [2, 3, 5, 10, 100])
def test_gini_when_one_person_has_it_all(n: int) -> None:
    assert gini([0.0] * (n - 1) + [90.0]) == pytest.approx((n - 1) / n)


def test_gini_of_nothing_is_zero() -> None:
    assert gini([]) == 0.0
    assert gini([0.0, 0.0]) == 0.0


def test_gini_known_value() -> None:
    # Mean absolute difference over all ordered pairs (1) over twice the mean (4).
    assert gini([1.0, 3.0]) == pytest.approx(0.25)


@given(st.lists(st.floats(0, 10_000, allow_nan=False), min_size=1, max_size=30))
def test_gini_is_between_0_and_1_and_ignores_order(values: list[float]) -> None:
    value = gini(values)
    assert -1e-9 <= value <= 1
    assert gini(values[::-1]) == pytest.approx(value, abs=1e-9)


def test_airtime_per_level() -> None:
    turns = [
        Turn(ANA.id, 0, 60, round_id=1),
        Turn(JO.id, 60, 60, passed=True, round_id=1),
        Turn(SAM.id, 60, 150, round_id=1),
        Turn(EVE.id, 150, 300, round_id=1),
        Turn(ANA.id, 300, 330),
    ]
    result = airtime(ROOM, turns, [Round(1, "junior")], LEVELS, NOW)
    assert [level.level for level in result.levels] == ["junior", "senior", "executive"]
    junior, senior, executive = result.levels
    assert (junior.people, junior.turns, junior.seconds) == (2, 2, 90)
    assert (senior.people, senior.turns, senior.seconds) == (1, 1, 90)
    assert (executive.people, executive.turns, executive.seconds) == (1, 1, 150)
    assert junior.share_of_time == pytest.approx(90 / 330)
    assert executive.share_of_time == pytest.approx(150 / 330)
    assert junior.share_of_people == pytest.approx(0.5)
    assert sum(level.share_of_time for level in result.levels) == pytest.approx(1)
    assert result.silent == 1, "Jo only passed"
    assert result.gini == pytest.approx(gini([60 + 30, 0, 90, 150]))
    assert result.junior_first_share == 1.0


def test_ongoing_turn_counts_up_to_now() -> None:
    result = airtime([ANA], [Turn(ANA.id, NOW - 45)], [], LEVELS, NOW)
    assert result.levels[0].seconds == 45
    assert result.levels[0].turns == 1


def test_airtime_with_nobody_speaking() -> None:
    result = airtime(ROOM, [], [], LEVELS, NOW)
    assert result.silent == 4
    assert result.gini == 0
    assert all(level.share_of_time == 0 for level in result.levels)
    assert result.junior_first_share is None


def test_airtime_of_an_empty_session() -> None:
    result = airtime([], [], [], LEVELS, NOW)
    assert result.levels == []
    assert result.silent == 0
    assert result.junior_first_share is None


def test_junior_first_share_counts_the_first_spoken_turn_of_each_round() -> None:
    rounds = [Round(1, "junior"), Round(2, "junior"), Round(3, "senior"), Round(4, "junior")]
    turns = [
        # Round 1: Ana passes, Sam speaks first -> not junior-first.
        Turn(ANA.id, 0, 0, passed=True, round_id=1),
        Turn(SAM.id, 1, 20, round_id=1),
        Turn(ANA.id, 30, 40, round_id=1),
        # Round 2: Jo opens -> junior-first. Listed out of order on purpose.
        Turn(EVE.id, 120, 150, round_id=2),
        Turn(JO.id, 100, 110, round_id=2),
        # Round 3: only seniors present; Sam opens -> matches its most junior level.
        Turn(SAM.id, 200, 210, round_id=3),
        # Round 4 had no turns and does not count; discussion turns never count.
        Turn(EVE.id, 300, 310),
    ]
    result = airtime(ROOM, turns, rounds, LEVELS, NOW)
    assert result.junior_first_share == pytest.approx(2 / 3)


def test_junior_first_share_is_none_without_rounds_with_turns() -> None:
    turns = [Turn(ANA.id, 0, 10), Turn(SAM.id, 10, 20, passed=True, round_id=1)]
    result = airtime(ROOM, turns, [Round(1, "junior")], LEVELS, NOW)
    assert result.junior_first_share is None


def test_each_level_is_judged_and_the_one_over_or_under_is_named() -> None:
    from rmworkshop.core.airtime import LevelAirtime, balance_lines, judge_level

    def level(name: str, time: float, people: float) -> LevelAirtime:
        return LevelAirtime(name, 1, 1, 60.0, time, people)

    room = [level("junior", 0.12, 0.5), level("mid", 0.2, 0.25), level("executive", 0.68, 0.25)]
    assert [judge_level(each) for each in room] == ["under", "fair", "over"]
    lines = balance_lines(room)
    assert lines == [
        "junior had less than its share: 12% of the time for 50% of the people.",
        "executive had more than its share: 68% of the time for 25% of the people.",
    ]
    assert not any(line.startswith("Fair") for line in lines)
    fair = [level("junior", 0.55, 0.5), level("executive", 0.45, 0.5)]
    assert balance_lines(fair)[0].startswith("Fair: every level's share of time is within 10")
    assert balance_lines([level("junior", 0.0, 1.0)])[0].startswith("Nobody spoke")
