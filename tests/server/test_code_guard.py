"""The code throttle on its own, with a fake clock: what an attempt that guessed wrong may
still draw on, what a busy answer costs a guesser, and the room-wide bound on checks."""

from __future__ import annotations

from rmworkshop.core.clock import FakeClock
from rmworkshop.server.throttle import CLEAN_SOURCE_FAILURES, CodeGuard


def test_the_kept_checks_go_to_attempts_with_no_wrong_code() -> None:
    clock = FakeClock()
    guard = CodeGuard(clock, checks_per_second=1, burst=4, reserve=2)
    guard.wrong("guesser", "s1")
    clock.advance(1)
    assert guard.room_wait("guesser", "s1") == 0, "above the kept part, anyone is checked"
    assert guard.room_wait("b", "s2") == 0
    assert guard.room_wait("guesser", "s1") > 0, "the last two checks are kept"
    assert guard.room_wait("c", "s3") == 0, "an attempt with no wrong code takes one"
    assert guard.room_wait("d", "s4") == 0
    assert guard.room_wait("e", "s5") > 0, "and the room's bound holds for everyone"


def test_a_busy_answer_costs_a_guesser_and_an_early_retry() -> None:
    clock = FakeClock()
    guard = CodeGuard(clock, checks_per_second=1, burst=1)
    assert guard.room_wait("honest", "s1") == 0
    told = guard.room_wait("hammer", "s2")
    assert told > 0 and guard.own_wait("hammer") == 0, "a first busy answer costs nothing"
    clock.advance(told / 4)
    guard.room_wait("hammer", "s2")
    assert guard.own_wait("hammer") > 0, "asking again before being told to is a wrong code"
    told = guard.room_wait("patient", "s3")
    clock.advance(told)
    assert guard.room_wait("patient", "s3") == 0 and guard.own_wait("patient") == 0


def test_a_source_with_many_wrong_codes_draws_on_no_kept_check() -> None:
    clock = FakeClock()
    guard = CodeGuard(clock, checks_per_second=1, burst=3, reserve=2)
    for n in range(CLEAN_SOURCE_FAILURES):
        guard.wrong(f"cookie {n}", "venue")
    assert not guard.clean("fresh cookie", "venue")
    assert guard.clean("fresh cookie", "elsewhere")
    assert guard.own_wait("fresh cookie") == 0, "its own wrong codes alone slow an attempt"


def test_the_room_never_checks_more_than_its_rate() -> None:
    clock = FakeClock()
    guard = CodeGuard(clock, checks_per_second=5, burst=10, reserve=4)
    checked = 0
    for second in range(60):
        clock.advance(1)
        for n in range(200):
            attempt = f"{second}-{n}"  # a fresh attempt every time: all clean
            if guard.room_wait(attempt, f"source {n}") == 0:
                checked += 1
    assert checked <= 60 * 5 + 10
