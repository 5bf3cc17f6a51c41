"""The session store's operations, driven in process with a fake clock.

Every refusal must leave the session file exactly as it was, so refusals are checked against
a dump of every table taken through a separate connection.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.session import Idea, Session
from rmworkshop.core.voting import Budget
from rmworkshop.store import SessionStore
from tests.helpers import PHASES, dump, go_to, make_agenda, make_roster

PLANNED = [round(minutes * 60) for _, _, minutes in PHASES]
CAPTURE, SHARE, VOTE, DISCUSS, ACTIONS = 1, 2, 3, 4, 5


def assert_refused_unchanged(
    store: SessionStore, action: Callable[[], object], *fragments: str
) -> None:
    """The action raises `Refused` (mentioning each fragment) and changes nothing stored."""
    before = dump(store.path)
    with pytest.raises(Refused) as caught:
        action()
    message = str(caught.value)
    assert message and "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert dump(store.path) == before


def submit_many(store: SessionStore, count: int, prefix: str = "idea") -> list[str]:
    texts = [f"{prefix} {index:02d}" for index in range(count)]
    for text in texts:
        store.submit(text)
    return texts


def idea(session: Session, number: int) -> Idea:
    found = session.idea(number)
    assert found is not None, f"no idea #{number}"
    return found


def level_ranks(session: Session) -> list[int]:
    return [session.levels.rank(m.level) for m in session.share_queue()]


# -- phases and timing -------------------------------------------------------------------------


def test_a_new_session_waits_at_the_first_phase(store: SessionStore, clock: FakeClock) -> None:
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


def test_start_runs_the_first_phase_against_the_clock(
    store: SessionStore, clock: FakeClock
) -> None:
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


def test_resume_before_the_start_starts_the_session(store: SessionStore, clock: FakeClock) -> None:
    store.resume()
    session = store.snapshot()
    assert session.is_started
    assert (session.index, session.state) == (0, "running")


def test_next_walks_every_phase_then_finishes(store: SessionStore, clock: FakeClock) -> None:
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
    store: SessionStore, clock: FakeClock
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


def test_pause_and_extend_are_refused_before_the_start(store: SessionStore) -> None:
    assert_refused_unchanged(store, store.pause, "not started")
    assert_refused_unchanged(store, lambda: store.extend(1), "not started")
    assert_refused_unchanged(store, store.back_phase, "not started")


def test_extend_adds_time_while_running_and_while_paused(
    store: SessionStore, clock: FakeClock
) -> None:
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
def test_extend_by_an_unreasonable_amount_is_refused(store: SessionStore, minutes: float) -> None:
    store.start()
    assert_refused_unchanged(store, lambda: store.extend(minutes), "Extend")


def test_back_resumes_a_phase_with_the_time_it_was_left_with(
    store: SessionStore, clock: FakeClock
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
    store: SessionStore, clock: FakeClock
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


def test_back_keeps_overrun(store: SessionStore, clock: FakeClock) -> None:
    store.start()
    clock.advance(PLANNED[0] + 25)
    store.next_phase()
    store.back_phase()
    assert store.snapshot().remaining(clock.now()) == -25


def test_back_is_refused_at_the_first_phase(store: SessionStore) -> None:
    store.start()
    assert_refused_unchanged(store, store.back_phase, "first phase")


def test_back_after_the_end_reopens_the_last_phase(store: SessionStore, clock: FakeClock) -> None:
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


def test_actual_seconds_accumulate_over_visits(store: SessionStore, clock: FakeClock) -> None:
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


def test_actual_seconds_are_final_once_finished(store: SessionStore, clock: FakeClock) -> None:
    store.start()
    for index in range(len(PHASES)):
        clock.advance(10 * (index + 1))
        store.next_phase()
    clock.advance(9999)
    session = store.snapshot()
    expected = tuple(10.0 * (index + 1) for index in range(len(PHASES)))
    assert session.actual_seconds == expected
    assert tuple(session.phase_actual(i, clock.now()) for i in range(len(PHASES))) == expected


# -- ideas -------------------------------------------------------------------------------------


def test_ideas_are_refused_before_the_first_capture_phase(store: SessionStore) -> None:
    assert_refused_unchanged(store, lambda: store.submit("too early"), "before the start")
    store.start()
    assert_refused_unchanged(store, lambda: store.submit("still too early"), "capture")
    assert store.snapshot().idea_count == 0


def test_ideas_are_accepted_from_capture_until_voting(store: SessionStore) -> None:
    go_to(store, "capture")
    store.submit("during capture")
    store.next_phase()
    assert store.snapshot().kind == "share"
    store.submit("during the share round")
    assert store.snapshot().idea_count == 2
    assert store.unrevealed() == 2


def test_ideas_are_refused_once_voting_has_started_even_going_back(store: SessionStore) -> None:
    go_to(store, "capture")
    store.submit("one")
    go_to(store, "vote")
    assert_refused_unchanged(store, lambda: store.submit("late"), "Voting has started")
    store.back_phase()
    assert store.snapshot().kind == "share"
    assert_refused_unchanged(store, lambda: store.submit("late"), "Voting has started")
    store.back_phase()
    assert store.snapshot().kind == "capture"
    assert_refused_unchanged(store, lambda: store.submit("late"), "Voting has started")
    assert store.snapshot().idea_count == 1


def test_ideas_are_refused_after_the_end(store: SessionStore) -> None:
    agenda = make_agenda(phases=(("Ideas", "capture", 1), ("Wrap up", "info", 1)))
    path = store.path.with_name("no-vote.workshop")
    with SessionStore.create(path, agenda, "x", clock=FakeClock()) as other:
        other.start()
        other.submit("fine")
        other.next_phase()
        other.submit("still fine: no vote phase")
        other.next_phase()
        assert other.snapshot().is_finished
        assert_refused_unchanged(other, lambda: other.submit("after"), "finished")


def test_an_agenda_without_capture_refuses_ideas(tmp_path: Path) -> None:
    agenda = make_agenda(phases=(("Talk", "discuss", 5),))
    with SessionStore.create(tmp_path / "s.workshop", agenda, "x", clock=FakeClock()) as store:
        store.start()
        assert_refused_unchanged(store, lambda: store.submit("idea"), "no phase for collecting")


def test_submit_cleans_text_and_refuses_blank_or_long_ideas(store: SessionStore) -> None:
    go_to(store, "capture")
    store.submit("  \x1b[31mred\x1b[0m\tand\nplain \u200b ")
    store.submit("x" * 500)
    assert_refused_unchanged(store, lambda: store.submit(" \t\n "), "blank")
    assert_refused_unchanged(store, lambda: store.submit("\x1b]0;title\x07"), "blank")
    assert_refused_unchanged(store, lambda: store.submit("y" * 501), "500")
    store.reveal()
    texts = sorted(idea.text for idea in store.snapshot().ideas)
    assert texts == sorted(["red and plain", "x" * 500])


def test_ideas_stay_hidden_until_reveal(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    session = store.snapshot()
    assert session.ideas == ()
    assert session.idea_count == 4


def test_reveal_numbers_every_unrevealed_idea_from_one(store: SessionStore) -> None:
    go_to(store, "capture")
    first = submit_many(store, 6, "first")
    assert store.reveal() == 6
    session = store.snapshot()
    assert [idea.number for idea in session.ideas] == [1, 2, 3, 4, 5, 6]
    assert sorted(idea.text for idea in session.ideas) == first
    assert all(idea.votes is None for idea in session.ideas)
    later = submit_many(store, 3, "later")
    assert store.reveal() == 3
    session = store.snapshot()
    assert [idea.number for idea in session.ideas] == list(range(1, 10))
    assert sorted(idea.text for idea in session.ideas[6:]) == later
    assert {idea.text for idea in session.ideas[:6]} == set(first), "earlier numbers are kept"
    assert store.reveal() == 0
    assert store.unrevealed() == 0


def test_reveal_is_refused_before_capture(store: SessionStore) -> None:
    assert_refused_unchanged(store, store.reveal, "nothing to reveal")
    store.start()
    assert_refused_unchanged(store, store.reveal, "nothing to reveal")


def test_entering_the_vote_reveals_the_rest(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 2, "early")
    store.reveal()
    submit_many(store, 3, "late")
    go_to(store, "vote")
    session = store.snapshot()
    assert [idea.number for idea in session.ideas] == [1, 2, 3, 4, 5]
    assert store.unrevealed() == 0


# -- merging -----------------------------------------------------------------------------------


def test_merge_keeps_the_texts_and_removes_duplicates_from_the_vote(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 6)
    store.reveal()
    texts = {idea.number: idea.text for idea in store.snapshot().ideas}
    store.merge(1, [2, 3])
    session = store.snapshot()
    assert [idea.number for idea in session.votable] == [1, 4, 5, 6]
    assert idea(session, 2).merged_into == 1
    assert idea(session, 3).merged_into == 1
    assert session.idea_count == 4
    assert store.merged_texts() == {1: [texts[2], texts[3]]}
    assert {idea.text for idea in session.ideas} == set(texts.values()), "no text is lost"


def test_merging_a_merged_idea_moves_its_duplicates_along(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    store.reveal()
    texts = {idea.number: idea.text for idea in store.snapshot().ideas}
    store.merge(2, [3])
    store.merge(1, [2])
    session = store.snapshot()
    assert [idea.number for idea in session.votable] == [1, 4]
    assert {idea.number: idea.merged_into for idea in session.ideas} == {
        1: None,
        2: 1,
        3: 1,
        4: None,
    }
    assert sorted(store.merged_texts()[1]) == sorted([texts[2], texts[3]])


def test_merge_refusals(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    store.reveal()
    assert_refused_unchanged(store, lambda: store.merge(1, [1]), "at least one other")
    assert_refused_unchanged(store, lambda: store.merge(1, [9]), "#9")
    assert_refused_unchanged(store, lambda: store.merge(9, [1]), "#9")
    store.merge(1, [2])
    assert_refused_unchanged(store, lambda: store.merge(2, [3]), "merged into #1")
    assert_refused_unchanged(store, lambda: store.merge(3, [2]), "merged into #1")


def test_merging_stays_open_in_the_vote_until_the_first_ballot(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 10)
    session = go_to(store, "vote")
    assert session.voting.budget == Budget(dots=3, max_per_idea=3)
    store.merge(1, [2])
    store.merge(1, [3, 4])
    session = store.snapshot()
    assert len(session.votable) == 7
    assert session.voting.budget == Budget(dots=2, max_per_idea=3), "counted from votable ideas"
    store.cast_ballot("Ana", {1: 2})
    assert_refused_unchanged(store, lambda: store.merge(5, [6]), "ballots have been cast")
    store.back_phase()
    assert_refused_unchanged(store, lambda: store.merge(5, [6]), "ballots have been cast")


def test_merging_is_refused_once_voting_has_closed(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 4)
    go_to(store, "vote")
    store.close_voting(force=True)
    assert_refused_unchanged(store, lambda: store.merge(1, [2]), "Ideas cannot be merged")


# -- voting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ideas", "merged", "dots"),
    [(2, 0, 1), (9, 0, 3), (10, 1, 3), (11, 0, 3), (12, 0, 4), (70, 0, 20), (90, 0, 20)],
)
def test_the_default_budget_is_fixed_when_voting_opens(
    store: SessionStore, ideas: int, merged: int, dots: int
) -> None:
    go_to(store, "capture")
    submit_many(store, ideas)
    if merged:
        store.reveal()
        store.merge(1, list(range(2, 2 + merged)))
    assert store.snapshot().voting.budget is None
    go_to(store, "vote")
    session = store.snapshot()
    assert session.voting.opened
    assert session.voting.budget == Budget(dots=dots, max_per_idea=3)
    store.back_phase()
    store.next_phase()
    assert store.snapshot().voting.budget == Budget(dots=dots, max_per_idea=3)


def test_the_agenda_can_set_the_budget(tmp_path: Path) -> None:
    agenda = make_agenda(dots=4, max_per_idea=2)
    with SessionStore.create(
        tmp_path / "s.workshop", agenda, "x", clock=FakeClock(), roster=make_roster()
    ) as store:
        go_to(store, "capture")
        submit_many(store, 30)
        go_to(store, "vote")
        assert store.snapshot().voting.budget == Budget(dots=4, max_per_idea=2)
        assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 3}), "at most 2")
        assert_refused_unchanged(
            store, lambda: store.cast_ballot("Ana", {1: 2, 2: 2, 3: 1}), "5 dots", "4"
        )
        store.cast_ballot("Ana", {1: 2, 2: 2})


@pytest.fixture
def voting(store: SessionStore) -> Iterator[SessionStore]:
    """At the vote phase with nine ideas (three dots each), Ana has voted, #9 is merged."""
    go_to(store, "capture")
    submit_many(store, 10)
    store.reveal()
    store.merge(8, [9])
    session = go_to(store, "vote")
    assert session.voting.budget == Budget(dots=3, max_per_idea=3)
    store.cast_ballot("Ana", {1: 2, 2: 1})
    yield store


BALLOT_REFUSALS: dict[str, tuple[str, dict[int, int], str]] = {
    "unknown person": ("Zoe", {1: 1}, "Nobody called 'Zoe'"),
    "second ballot": ("ana", {3: 1}, "already voted"),
    "over budget": ("Bo", {1: 2, 2: 2}, "4 dots"),
    "over the per-idea cap": ("Bo", {1: 4}, "at most 3"),
    "unknown idea": ("Bo", {1: 1, 11: 1}, "#11"),
    "merged idea": ("Bo", {9: 1}, "#9"),
    "empty ballot": ("Bo", {1: 0}, "at least one dot"),
}


@pytest.mark.parametrize("case", list(BALLOT_REFUSALS))
def test_a_bad_ballot_is_refused_and_changes_nothing(voting: SessionStore, case: str) -> None:
    name, choices, fragment = BALLOT_REFUSALS[case]
    assert_refused_unchanged(voting, lambda: voting.cast_ballot(name, choices), fragment)
    session = voting.snapshot()
    assert session.voting.ballots == 1


def test_ballots_are_refused_outside_the_vote_phase(store: SessionStore) -> None:
    go_to(store, "capture")
    submit_many(store, 6)
    store.reveal()
    assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 1}), "vote phase")
    go_to(store, "vote")
    store.back_phase()
    assert_refused_unchanged(store, lambda: store.cast_ballot("Ana", {1: 1}), "vote phase")


def test_ballots_are_refused_after_voting_closed(voting: SessionStore) -> None:
    voting.close_voting(force=True)
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "closed")
    assert_refused_unchanged(voting, voting.close_voting, "already closed")
    voting.next_phase()
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "vote phase")
    voting.back_phase()
    assert voting.snapshot().kind == "vote"
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "closed")


def test_close_voting_is_refused_before_it_opens(store: SessionStore) -> None:
    go_to(store, "capture")
    assert_refused_unchanged(store, store.close_voting, "not started")


def test_tallies_stay_hidden_until_voting_closes(voting: SessionStore) -> None:
    voting.cast_ballot("Bo", {1: 1, 3: 2})
    voting.cast_ballot("Cy", {3: 3})
    voting.cast_ballot("Dee", {8: 1, 2: 1, 4: 1})
    session = voting.snapshot()
    assert session.voting.ballots == 4
    assert all(idea.votes is None for idea in session.ideas)
    assert {r.votes for r in session.ranking()} == {0}, "nothing leaks through the ranking"
    voting.close_voting()
    session = voting.snapshot()
    tallies = {idea.number: idea.votes for idea in session.votable}
    assert tallies == {1: 3, 2: 2, 3: 5, 4: 1, 5: 0, 6: 0, 7: 0, 8: 1, 10: 0}
    assert session.voting.voted == {
        m.id for m in session.people if m.name in {"Ana", "Bo", "Cy", "Dee"}
    }
    ranked = [(r.number, r.rank, r.tied) for r in session.ranking()]
    assert ranked[:5] == [(3, 1, False), (1, 2, False), (2, 3, False), (4, 4, True), (8, 4, True)]


def test_leaving_the_vote_phase_keeps_voting_open(voting: SessionStore) -> None:
    """A mistaken "next" costs nothing: voting closes only when closed on purpose."""
    assert voting.snapshot().ideas[0].votes is None
    voting.next_phase()
    session = voting.snapshot()
    assert session.kind == "discuss"
    assert session.voting.opened and not session.voting.closed
    assert idea(session, 1).votes is None, "tallies stay hidden while voting is open"
    assert_refused_unchanged(voting, lambda: voting.cast_ballot("Bo", {1: 1}), "vote phase")
    voting.back_phase()
    session = voting.snapshot()
    assert (session.kind, session.voting.closed, session.voting.ballots) == ("vote", False, 1)
    voting.cast_ballot("Bo", {1: 1})
    voting.close_voting()
    assert idea(voting.snapshot(), 1).votes == 3


def test_going_back_from_the_vote_keeps_it_open(voting: SessionStore) -> None:
    voting.back_phase()
    voting.next_phase()
    session = voting.snapshot()
    assert session.voting.opened and not session.voting.closed
    voting.cast_ballot("Bo", {1: 1})
    assert voting.snapshot().voting.ballots == 2


# -- speaking: share rounds --------------------------------------------------------------------


def test_a_share_round_goes_most_junior_first(store: SessionStore) -> None:
    session = go_to(store, "share")
    queue = [m.name for m in session.share_queue()]
    assert sorted(queue) == sorted(m.name for m in session.people)
    assert queue[0] == "Cy"
    assert queue[-1] == "Dee"
    assert set(queue[1:3]) == {"Ana", "Eli"}
    assert queue[3] == "Fay"
    assert set(queue[4:6]) == {"Bo", "Gus"}
    assert level_ranks(session) == sorted(level_ranks(session))
    assert session.speaking_order() == session.share_queue()


def test_turns_next_and_end(store: SessionStore, clock: FakeClock) -> None:
    session = go_to(store, "share")
    order = [m.name for m in session.share_queue()]
    assert store.turn_next().name == order[0]
    session = store.snapshot()
    assert session.current_speaker is not None and session.current_speaker.name == order[0]
    assert [m.name for m in session.share_queue()] == order[1:]
    clock.advance(42)
    assert store.turn_end().name == order[0]
    session = store.snapshot()
    assert session.current_turn is None
    assert session.turns[-1].seconds(clock.now()) == 42
    assert_refused_unchanged(store, store.turn_end, "Nobody has the floor")
    assert store.turn_next().name == order[1]
    clock.advance(10)
    assert store.turn_next().name == order[2], "next ends the current turn"
    session = store.snapshot()
    assert [t.ended is not None for t in session.turns] == [True, True, False]
    assert session.turns[1].seconds(clock.now()) == 10


def test_a_pass_is_offered_once_more_at_the_end(store: SessionStore) -> None:
    session = go_to(store, "share")
    order = [m.name for m in session.share_queue()]
    assert store.turn_pass().name == order[0], "the next in line passes"
    assert [m.name for m in store.snapshot().share_queue()] == [*order[1:], order[0]]
    assert store.turn_next().name == order[1]
    assert store.turn_pass().name == order[1], "the speaker passes"
    session = store.snapshot()
    assert [m.name for m in session.share_queue()] == [*order[2:], order[0], order[1]]
    for name in order[2:]:
        assert store.turn_next().name == name
    assert store.turn_next().name == order[0]
    store.turn_end()
    assert store.turn_pass().name == order[1], "a second pass is final"
    session = store.snapshot()
    assert session.share_queue() == []
    passed = [session.by_id[t.person_id].name for t in session.round_turns if t.passed]
    assert passed == [order[0], order[1], order[1]]


def test_an_exhausted_round_starts_a_new_one_rotating_each_level(store: SessionStore) -> None:
    session = go_to(store, "share")
    first_order = [m.name for m in session.share_queue()]
    for name in first_order:
        assert store.turn_next().name == name
    store.turn_end()
    assert len(store.snapshot().rounds) == 1
    assert store.turn_next().name == "Cy"
    session = store.snapshot()
    assert len(session.rounds) == 2
    assert session.current_round is not None
    assert session.current_round.most_junior_level == "intern"
    second_order = ["Cy", *(m.name for m in session.share_queue())]
    assert sorted(second_order) == sorted(first_order)
    assert second_order[1:3] == first_order[1:3][::-1], "juniors rotate"
    assert second_order[4:6] == first_order[4:6][::-1], "seniors rotate"


def test_people_away_are_skipped_and_late_joiners_included(store: SessionStore) -> None:
    session = go_to(store, "share")
    store.set_present("cy", False)
    store.set_present("Bo", False)
    session = store.snapshot()
    queue = [m.name for m in session.share_queue()]
    assert "Cy" not in queue and "Bo" not in queue
    assert len(session.present) == 5
    joined = store.add_person("Zed", "intern")
    assert joined.name == "Zed" and joined.present
    queue = [m.name for m in store.snapshot().share_queue()]
    assert queue[0] == "Zed"
    assert len(queue) == 6
    store.set_present("Cy", True)
    queue = [m.name for m in store.snapshot().share_queue()]
    assert set(queue[:2]) == {"Cy", "Zed"}
    assert len(queue) == 7


def test_the_first_round_remembers_its_most_junior_level(store: SessionStore) -> None:
    store.set_present("Cy", False)
    session = go_to(store, "share")
    assert session.current_round is not None
    assert session.current_round.most_junior_level == "junior"


def test_turns_are_refused_outside_share_and_discuss(store: SessionStore) -> None:
    assert_refused_unchanged(store, store.turn_next, "share and discuss")
    go_to(store, "capture")
    assert_refused_unchanged(store, store.turn_next, "share and discuss")
    assert_refused_unchanged(store, store.turn_pass, "share and discuss")
    assert_refused_unchanged(store, store.turn_end, "share and discuss")


def test_leaving_a_phase_ends_the_turn(store: SessionStore, clock: FakeClock) -> None:
    go_to(store, "share")
    store.turn_next()
    clock.advance(33)
    store.next_phase()
    session = store.snapshot()
    assert session.current_turn is None
    assert session.turns[0].ended == clock.now()


# -- speaking: raised hands --------------------------------------------------------------------


def test_the_hand_queue_is_a_progressive_stack(store: SessionStore, clock: FakeClock) -> None:
    go_to(store, "share")
    # Ana and Bo speak in the share round; Fay passes (a pass is not a turn taken).
    store.set_present("Cy", False)
    store.set_present("Eli", False)
    store.set_present("Gus", False)
    store.set_present("Dee", False)
    order = [m.name for m in store.snapshot().share_queue()]
    assert order == ["Ana", "Fay", "Bo"]
    assert store.turn_next().name == "Ana"
    assert store.turn_next().name == "Fay"
    assert store.turn_pass().name == "Fay"
    assert store.turn_next().name == "Bo"
    store.turn_end()
    for name in ("Cy", "Eli", "Gus", "Dee"):
        store.set_present(name, True)
    go_to(store, "discuss")
    for name in ("Ana", "Gus", "Bo", "Dee", "Fay", "Eli", "Cy"):
        store.hand(name, up=True)
        clock.advance(1)
    session = store.snapshot()
    assert [m.name for m in session.hand_queue()] == [
        "Cy",  # no turns, intern
        "Eli",  # no turns, junior
        "Fay",  # no turns (only a pass), mid
        "Gus",  # no turns, senior
        "Dee",  # no turns, executive
        "Ana",  # one turn, junior
        "Bo",  # one turn, senior
    ]
    assert session.speaking_order() == session.hand_queue()
    assert store.turn_next().name == "Cy"
    store.turn_end()
    store.hand("Cy", up=True)
    queue = [m.name for m in store.snapshot().hand_queue()]
    assert queue == ["Eli", "Fay", "Gus", "Dee", "Cy", "Ana", "Bo"], "one turn each: by level"


def test_same_level_same_turns_goes_by_earliest_hand(store: SessionStore) -> None:
    go_to(store, "discuss")
    store.hand("Gus", up=True)
    store.hand("Bo", up=True)
    store.hand("Gus", up=True)  # raising again keeps the original place
    assert [m.name for m in store.snapshot().hand_queue()] == ["Gus", "Bo"]
    store.hand("Gus", up=False)
    store.hand("Gus", up=True)
    assert [m.name for m in store.snapshot().hand_queue()] == ["Bo", "Gus"]


def test_hands_lowered_away_and_cleared(store: SessionStore) -> None:
    assert_refused_unchanged(store, lambda: store.hand("Ana", up=True), "discussion")
    go_to(store, "discuss")
    store.hand("Ana", up=True)
    store.hand("Bo", up=True)
    store.hand("Ana", up=False)
    assert [m.name for m in store.snapshot().hand_queue()] == ["Bo"]
    store.set_present("Bo", False)
    assert store.snapshot().hands == ()
    assert_refused_unchanged(store, lambda: store.hand("Bo", up=True), "away")
    assert_refused_unchanged(store, lambda: store.hand("Zoe", up=True), "Zoe")
    assert_refused_unchanged(store, store.turn_next, "No hands")
    store.hand("Cy", up=True)
    store.next_phase()
    assert store.snapshot().hands == ()


def test_a_pass_in_discussion_takes_the_next_hand(store: SessionStore) -> None:
    go_to(store, "discuss")
    store.hand("Bo", up=True)
    store.hand("Cy", up=True)
    assert store.turn_pass().name == "Cy"
    session = store.snapshot()
    assert [m.name for m in session.hand_queue()] == ["Bo"]
    assert session.current_turn is None


# -- people ------------------------------------------------------------------------------------


def test_add_person_rules(store: SessionStore) -> None:
    added = store.add_person("  Zed  ", "mid")
    assert (added.name, added.level, added.present) == ("Zed", "mid", True)
    store.set_present("Zed", False)
    again = store.add_person("zed", "mid")
    assert again.id == added.id
    assert store.snapshot().by_id[added.id].present, "joining again marks present"
    assert_refused_unchanged(store, lambda: store.add_person("Zed", "senior"), "already")
    assert_refused_unchanged(store, lambda: store.add_person("Yan", "boss"), "Unknown level")
    assert_refused_unchanged(store, lambda: store.add_person(" \x1b[2J ", "mid"), "blank")
    assert_refused_unchanged(store, lambda: store.add_person("n" * 41, "mid"), "40")
    assert_refused_unchanged(store, lambda: store.set_present("Nobody", False), "Nobody")
    assert len(store.snapshot().people) == 8


# -- owners ------------------------------------------------------------------------------------


@pytest.fixture
def owned(voting: SessionStore) -> SessionStore:
    voting.close_voting(force=True)
    go_to(voting, "actions")
    return voting


def test_set_owners_with_due_date_and_first_step(owned: SessionStore) -> None:
    owned.set_owners(3, ["Eli", "dee", "Eli"], due=date(2026, 12, 15), first_step=" Book\na room ")
    first = idea(owned.snapshot(), 3)
    assert first.owners == ("Eli", "Dee")
    assert first.due == date(2026, 12, 15)
    assert first.first_step == "Book a room"
    owned.set_owners(3, ["Bo"])
    second = idea(owned.snapshot(), 3)
    assert second.owners == ("Bo",), "owners are replaced"
    assert (second.due, second.first_step) == (date(2026, 12, 15), "Book a room"), "kept"


def test_owner_refusals_change_nothing(owned: SessionStore) -> None:
    owned.set_owners(1, ["Ana"], due=date(2027, 1, 1))
    assert_refused_unchanged(owned, lambda: owned.set_owners(1, ["Bo", "Zoe"]), "Zoe")
    assert_refused_unchanged(owned, lambda: owned.set_owners(42, ["Bo"]), "#42")
    assert_refused_unchanged(owned, lambda: owned.set_owners(9, ["Bo"]), "merged into #8")
    assert_refused_unchanged(
        owned, lambda: owned.set_owners(1, ["Bo"], first_step="s" * 501), "500"
    )
    assert_refused_unchanged(owned, lambda: owned.volunteer(1, "Zoe"), "Zoe")


def test_volunteering_adds_an_owner(owned: SessionStore) -> None:
    owned.volunteer(2, "Fay")
    owned.volunteer(2, "Ana")
    owned.volunteer(2, "fay")
    assert idea(owned.snapshot(), 2).owners == ("Fay", "Ana")


# -- resuming after a crash --------------------------------------------------------------------


def test_reopening_a_running_phase_keeps_the_deadline(
    store: SessionStore, clock: FakeClock, session_path: Path
) -> None:
    go_to(store, "capture")
    submit_many(store, 3)
    clock.advance(100)
    before = store.snapshot()
    remaining = before.remaining(clock.now())
    store.close()
    clock.advance(250)
    with SessionStore.open(session_path, clock) as reopened:
        session = reopened.snapshot()
        assert (session.index, session.state) == (before.index, "running")
        assert session.remaining(clock.now()) == remaining - 250
        assert session.idea_count == 3
        assert session.ideas == ()
        assert session.people == before.people
        reopened.submit("after the crash")
        assert reopened.snapshot().idea_count == 4


def test_reopening_a_paused_phase_keeps_its_remaining_time(
    store: SessionStore, clock: FakeClock, session_path: Path
) -> None:
    go_to(store, "share")
    clock.advance(61)
    store.pause()
    remaining = store.snapshot().remaining(clock.now())
    store.close()
    clock.advance(3600)
    with SessionStore.open(session_path, clock) as reopened:
        session = reopened.snapshot()
        assert (session.index, session.state) == (SHARE, "paused")
        assert session.remaining(clock.now()) == remaining == PLANNED[SHARE] - 61


def test_two_stores_on_one_file_see_each_other(
    store: SessionStore, clock: FakeClock, session_path: Path
) -> None:
    with SessionStore.open(session_path, clock) as other:
        version = other.data_version()
        store.start()
        assert other.data_version() != version
        assert other.snapshot().is_started


# -- the file itself ---------------------------------------------------------------------------


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_session_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "private.workshop"
    old = os.umask(0)  # a permissive umask must not widen the file's mode
    try:
        store = SessionStore.create(path, make_agenda(), "x", FakeClock(), make_roster())
    finally:
        os.umask(old)
    with store:
        go_to(store, "capture")
        store.submit("an idea")
        assert file_mode(path) == 0o600
        companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        present = [p for p in companions if p.exists()]
        assert present, "WAL mode keeps a -wal file while the session is open"
        for companion in present:
            assert file_mode(companion) == 0o600, companion
    assert file_mode(path) == 0o600


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "taken.workshop"
    path.write_text("someone's notes")
    with pytest.raises(Refused, match="already exists"):
        SessionStore.create(path, make_agenda(), "x", FakeClock())
    assert path.read_text() == "someone's notes"


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all\n", b"SQLite format 3\x00" + b"\x00" * 100],
    ids=["empty", "text", "truncated-sqlite"],
)
def test_open_refuses_other_files_and_leaves_them_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.workshop"
    path.write_bytes(content)
    with pytest.raises(BadFile, match="not an rmworkshop session file"):
        SessionStore.open(path, FakeClock())
    assert path.read_bytes() == content


def test_open_refuses_a_foreign_database_without_changing_it(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('keep me')")
    connection.commit()
    connection.close()
    content = path.read_bytes()
    with pytest.raises(BadFile, match="not an rmworkshop session file"):
        SessionStore.open(path, FakeClock())
    assert path.read_bytes() == content, "the journal mode of someone else's database is kept"


def test_open_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="no such session file"):
        SessionStore.open(tmp_path / "missing.workshop", FakeClock())
    assert not (tmp_path / "missing.workshop").exists()


def test_submit_many_stores_all_or_none(store: SessionStore) -> None:
    while store.snapshot().kind != "capture" or not store.snapshot().is_started:
        store.next_phase()
    assert store.submit_many(["one", "two", "[b]three[/b]"]) == 3
    with pytest.raises(Refused, match="blank"):
        store.submit_many(["four", "   "])
    assert store.snapshot().idea_count == 3
    assert store.reveal() == 3
    assert sorted(idea.text for idea in store.snapshot().ideas) == ["[b]three[/b]", "one", "two"]
