"""The code throttle on its own, with a fake clock: what an attempt that guessed wrong may
still draw on, what a busy answer costs a guesser, and the room-wide bound on checks."""

from __future__ import annotations

import random

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


def test_servers_sharing_their_rows_judge_as_one_guard_would() -> None:
    """Several servers of one session each make a guard for one typed code from the rows they
    share, and keep what it exports: every verdict is the one a single guard gives."""
    clock = FakeClock()
    one = CodeGuard(clock, checks_per_second=2, burst=4, reserve=1)
    shared: dict[str, tuple[float, float]] = {}
    rng = random.Random(5)
    outcomes = set()
    for _ in range(400):
        clock.advance(rng.choice((0.0, 0.05, 0.3, 1.0, 2.5, 700.0)))
        attempt, source = rng.choice(("a1", "a2", "a3", "a4")), rng.choice(("s1", "s2"))
        matches = rng.random() < 0.3
        expected = one.judge(attempt, source, matches)
        for key in [key for key, (_, at) in shared.items() if at < clock.now() - 600]:
            del shared[key]  # as a store forgets rows older than the failure window
        server = CodeGuard(clock, checks_per_second=2, burst=4, reserve=1)
        server.restore(
            {key: shared[key] for key in CodeGuard.keys(attempt, source) if key in shared}
        )
        assert server.judge(attempt, source, matches) == expected
        for key, row in server.export(attempt, source).items():
            if row is None:
                shared.pop(key, None)
            else:
                shared[key] = row
        outcomes.add(expected.outcome)
    assert outcomes == {"slow", "busy", "wrong", "right"}, "every kind of verdict was tried"
