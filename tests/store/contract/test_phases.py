"""Phases and timing: start, next, back, pause, resume, extend, and resuming after a crash."""

from __future__ import annotations

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from tests.helpers import PHASES, go_to
from tests.store.contract.backends import Backend
from tests.store.contract.helpers import (
    CAPTURE,
    PLANNED,
    SHARE,
    VOTE,
    assert_refused_unchanged,
    eventually,
    submit_many,
)

# -- phases and timing -------------------------------------------------------------------------


def test_a_new_session_waits_at_the_first_phase(store: Store, clock: FakeClock) -> None:
    session = store.snapshot()
    assert not session.is_started
    assert session.index == 0
    assert session.state == "paused"
    clock.advance(1000)
    assert session.remaining(clock.now()) == PLANNED[0]
    assert store.snapshot().remaining(clock.now()) == PLANNED[0]
    assert session.agenda_name == "test-agenda"
    assert [m.name for m in session.people] == [
        "Ana",
        "Bo",
        "Cy",
        "Dee",
        "Eli",
        "Fay",
        "Gus",
    ]


def test_start_runs_the_first_phase_against_the_clock(store: Store, clock: FakeClock) -> None:
    store.start()
    session = store.snapshot()
    assert session.is_started
    assert session.started == clock.now()
    assert session.state == "running"
    clock.advance(30)
    assert store.snapshot().remaining(clock.now()) == PLANNED[0] - 30
    clock.advance(PLANNED[0])
    assert store.snapshot().remaining(clock.now()) == -30, "overrun is negative"
    assert_refused_unchanged(store, store.start, "already started")


def test_resume_before_the_start_starts_the_session(store: Store, clock: FakeClock) -> None:
    store.resume()
    session = store.snapshot()
    assert session.is_started
    assert (session.index, session.state) == (0, "running")


def test_next_walks_every_phase_then_finishes(store: Store, clock: FakeClock) -> None:
    store.start()
    for index in range(len(PHASES)):
        session = store.snapshot()
        assert session.index == index
        assert session.phase.name == PHASES[index][0]
        assert session.state == "running"
        assert session.remaining(clock.now()) == PLANNED[index]
        clock.advance(10)
        store.next_phase()
    session = store.snapshot()
    assert session.is_finished
    assert session.state == "finished"
    assert session.finished == clock.now()
    assert session.index == len(PHASES) - 1
    assert session.remaining(clock.now()) == 0
    assert_refused_unchanged(store, store.next_phase, "finished")
    assert_refused_unchanged(store, store.pause, "finished")
    assert_refused_unchanged(store, store.resume, "finished")
    assert_refused_unchanged(store, lambda: store.extend(1), "finished")


def test_pause_freezes_the_remaining_time_and_resume_continues(
    store: Store, clock: FakeClock
) -> None:
    store.start()
    clock.advance(20)
    store.pause()
    session = store.snapshot()
    assert session.state == "paused"
    clock.advance(5000)
    assert store.snapshot().remaining(clock.now()) == PLANNED[0] - 20
    store.pause()  # pausing a paused phase changes nothing
    assert store.snapshot().remaining(clock.now()) == PLANNED[0] - 20
    store.resume()
    assert store.snapshot().state == "running"
    clock.advance(15)
    assert store.snapshot().remaining(clock.now()) == PLANNED[0] - 35


def test_pause_and_extend_are_refused_before_the_start(store: Store) -> None:
    assert_refused_unchanged(store, store.pause, "not started")
    assert_refused_unchanged(store, lambda: store.extend(1), "not started")
    assert_refused_unchanged(store, store.back_phase, "not started")


def test_extend_adds_time_while_running_and_while_paused(store: Store, clock: FakeClock) -> None:
    store.start()
    clock.advance(100)
    store.extend(1.5)
    assert store.snapshot().remaining(clock.now()) == PLANNED[0] - 100 + 90
    store.pause()
    store.extend(2)
    assert store.snapshot().remaining(clock.now()) == PLANNED[0] - 100 + 90 + 120
    clock.advance(400)
    store.resume()
    clock.advance(PLANNED[0] + 210)
    assert store.snapshot().remaining(clock.now()) == -100


@pytest.mark.parametrize("minutes", [0, -1, 120.5, 1000])
def test_extend_by_an_unreasonable_amount_is_refused(store: Store, minutes: float) -> None:
    store.start()
    assert_refused_unchanged(store, lambda: store.extend(minutes), "Extend")


def test_back_resumes_a_phase_with_the_time_it_was_left_with(
    store: Store, clock: FakeClock
) -> None:
    store.start()
    store.next_phase()
    clock.advance(100)
    store.next_phase()
    clock.advance(50)
    store.back_phase()
    session = store.snapshot()
    assert session.index == CAPTURE
    assert session.state == "running"
    assert session.remaining(clock.now()) == PLANNED[CAPTURE] - 100
    clock.advance(7)
    assert store.snapshot().remaining(clock.now()) == PLANNED[CAPTURE] - 107
    store.next_phase()
    assert store.snapshot().remaining(clock.now()) == PLANNED[SHARE] - 50


def test_back_from_a_paused_phase_keeps_its_time_and_runs_it(
    store: Store, clock: FakeClock
) -> None:
    store.start()
    store.next_phase()
    clock.advance(40)
    store.pause()
    clock.advance(300)  # paused time does not count against the phase
    store.next_phase()
    clock.advance(5)
    store.back_phase()
    session = store.snapshot()
    assert (session.index, session.state) == (CAPTURE, "running")
    assert session.remaining(clock.now()) == PLANNED[CAPTURE] - 40


def test_back_keeps_overrun(store: Store, clock: FakeClock) -> None:
    store.start()
    clock.advance(PLANNED[0] + 25)
    store.next_phase()
    store.back_phase()
    assert store.snapshot().remaining(clock.now()) == -25


def test_back_is_refused_at_the_first_phase(store: Store) -> None:
    store.start()
    assert_refused_unchanged(store, store.back_phase, "first phase")


def test_back_after_the_end_reopens_the_last_phase(store: Store, clock: FakeClock) -> None:
    store.start()
    for _ in range(len(PHASES) - 1):
        store.next_phase()
    clock.advance(60)
    store.next_phase()
    assert store.snapshot().is_finished
    clock.advance(1000)
    store.back_phase()
    session = store.snapshot()
    assert not session.is_finished
    assert session.finished is None
    assert (session.index, session.state) == (len(PHASES) - 1, "running")
    assert session.remaining(clock.now()) == PLANNED[-1] - 60


def test_actual_seconds_accumulate_over_visits(store: Store, clock: FakeClock) -> None:
    store.start()
    clock.advance(30)
    store.next_phase()
    clock.advance(100)
    store.next_phase()
    clock.advance(50)
    store.back_phase()
    clock.advance(20)
    session = store.snapshot()
    assert session.actual_seconds[:3] == (30, 100, 50)
    assert session.phase_actual(CAPTURE, clock.now()) == 120, "the current visit counts"
    store.next_phase()
    clock.advance(5)
    session = store.snapshot()
    assert session.actual_seconds[:3] == (30, 120, 50)
    assert session.phase_actual(SHARE, clock.now()) == 55
    assert session.phase_actual(VOTE, clock.now()) == 0


def test_actual_seconds_are_final_once_finished(store: Store, clock: FakeClock) -> None:
    store.start()
    for index in range(len(PHASES)):
        clock.advance(10 * (index + 1))
        store.next_phase()
    clock.advance(9999)
    session = store.snapshot()
    expected = tuple(10.0 * (index + 1) for index in range(len(PHASES)))
    assert session.actual_seconds == expected
    assert tuple(session.phase_actual(i, clock.now()) for i in range(len(PHASES))) == expected


# -- resuming after a crash --------------------------------------------------------------------


def test_reopening_a_running_phase_keeps_the_deadline(
    backend: Backend, store: Store, clock: FakeClock
) -> None:
    go_to(store, "capture")
    submit_many(store, 3)
    clock.advance(100)
    before = store.snapshot()
    remaining = before.remaining(clock.now())
    store.close()
    clock.advance(250)
    with backend.another(store) as reopened:
        session = reopened.snapshot()
        assert (session.index, session.state) == (before.index, "running")
        assert session.remaining(clock.now()) == remaining - 250
        assert session.idea_count == 3
        assert session.ideas == ()
        assert session.people == before.people
        reopened.submit("after the crash")
        assert reopened.snapshot().idea_count == 4


def test_reopening_a_paused_phase_keeps_its_remaining_time(
    backend: Backend, store: Store, clock: FakeClock
) -> None:
    go_to(store, "share")
    clock.advance(61)
    store.pause()
    remaining = store.snapshot().remaining(clock.now())
    store.close()
    clock.advance(3600)
    with backend.another(store) as reopened:
        session = reopened.snapshot()
        assert (session.index, session.state) == (SHARE, "paused")
        assert session.remaining(clock.now()) == remaining == PLANNED[SHARE] - 61


def test_two_stores_on_one_file_see_each_other(
    backend: Backend, store: Store, clock: FakeClock
) -> None:
    with backend.another(store) as other:
        version = other.data_version()
        store.start()
        if backend.name == "sqlite":
            assert other.data_version() != version  # a file's version changes at once
        else:  # a database's is heard by the other handle's listener, a moment later
            eventually(lambda: other.data_version() != version, "the other handle hears it")
        assert other.snapshot().is_started
