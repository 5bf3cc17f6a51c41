"""The phase clock: remaining time always comes from the clock, never from counted ticks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.timer import PhaseTimer, format_remaining


def test_running_counts_down_from_the_deadline(clock: FakeClock) -> None:
    timer = PhaseTimer.running(600, clock.now())
    assert timer.state == "running"
    assert timer.deadline == clock.now() + 600
    assert timer.remaining(clock.now()) == 600
    clock.advance(1)
    assert timer.remaining(clock.now()) == 599
    clock.advance(0.25)
    assert timer.remaining(clock.now()) == pytest.approx(598.75)


def test_pause_freezes_the_remaining_time(clock: FakeClock) -> None:
    timer = PhaseTimer.running(600, clock.now())
    clock.advance(100)
    paused = timer.pause(clock.now())
    assert paused.state == "paused"
    assert paused.paused_remaining == 500
    assert paused.deadline is None
    clock.advance(3600)
    assert paused.remaining(clock.now()) == 500


def test_resume_continues_from_where_it_paused(clock: FakeClock) -> None:
    timer = PhaseTimer.running(600, clock.now())
    clock.advance(100)
    paused = timer.pause(clock.now())
    clock.advance(900)
    resumed = paused.resume(clock.now())
    assert resumed.state == "running"
    assert resumed.remaining(clock.now()) == 500
    clock.advance(30)
    assert resumed.remaining(clock.now()) == 470


def test_pause_and_resume_in_the_wrong_state_change_nothing(clock: FakeClock) -> None:
    running = PhaseTimer.running(60, clock.now())
    paused = PhaseTimer.paused(42)
    finished = PhaseTimer.finished()
    assert running.resume(clock.now()) == running
    assert paused.pause(clock.now()) == paused
    assert finished.pause(clock.now()) == finished
    assert finished.resume(clock.now()) == finished
    assert finished.remaining(clock.now()) == 0


def test_extend_adds_to_a_running_timer(clock: FakeClock) -> None:
    timer = PhaseTimer.running(60, clock.now())
    clock.advance(50)
    extended = timer.extend(120)
    assert extended.state == "running"
    assert extended.remaining(clock.now()) == 130
    assert timer.remaining(clock.now()) == 10, "timers are values; extend returns a new one"


def test_extend_adds_to_a_paused_timer(clock: FakeClock) -> None:
    paused = PhaseTimer.running(60, clock.now()).pause(clock.now() + 20)
    extended = paused.extend(300)
    assert extended.state == "paused"
    assert extended.remaining(clock.now() + 9999) == 340


def test_extend_an_overrun_timer_brings_it_back(clock: FakeClock) -> None:
    timer = PhaseTimer.running(60, clock.now())
    clock.advance(90)
    assert timer.remaining(clock.now()) == -30
    assert timer.extend(60).remaining(clock.now()) == 30


def test_extend_a_finished_timer_does_nothing() -> None:
    assert PhaseTimer.finished().extend(60) == PhaseTimer.finished()


def test_overrun_is_negative_and_survives_a_pause(clock: FakeClock) -> None:
    timer = PhaseTimer.running(60, clock.now())
    clock.advance(125)
    assert timer.remaining(clock.now()) == -65
    paused = timer.pause(clock.now())
    clock.advance(10)
    assert paused.remaining(clock.now()) == -65
    assert format_remaining(paused.remaining(clock.now())) == "+01:05"


def test_no_tick_counting_a_jump_of_an_hour_is_exact(clock: FakeClock) -> None:
    timer = PhaseTimer.running(600, clock.now())
    clock.advance(3600)
    assert timer.remaining(clock.now()) == 600 - 3600
    clock.set(timer.deadline or 0.0)
    assert timer.remaining(clock.now()) == 0


@given(
    seconds=st.integers(min_value=1, max_value=24 * 3600),
    jumps=st.lists(st.integers(min_value=0, max_value=7200), max_size=30),
)
def test_remaining_is_deadline_minus_now_however_the_clock_moves(
    seconds: int, jumps: list[int]
) -> None:
    clock = FakeClock()
    start = clock.now()
    timer = PhaseTimer.running(seconds, start)
    for jump in jumps:
        clock.advance(jump)
        assert timer.remaining(clock.now()) == seconds - (clock.now() - start)


# -- display -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (600, "10:00"),
        (599, "09:59"),
        (599.5, "10:00"),  # counting down rounds up ...
        (59.2, "01:00"),
        (60, "01:00"),
        (0.2, "00:01"),  # ... so 00:00 appears only when time is truly up
        (0, "00:00"),
        (-0.0, "00:00"),
        (-0.4, "+00:00"),  # overrun counts up and truncates
        (-1, "+00:01"),
        (-65, "+01:05"),
        (-65.9, "+01:05"),
        (3600, "60:00"),  # hours fold into minutes
        (-3725, "+62:05"),
    ],
)
def test_format_remaining(seconds: float, shown: str) -> None:
    assert format_remaining(seconds) == shown
