"""Speaking order: junior-first share rounds and the progressive hand queue."""

from __future__ import annotations

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from tests.helpers import go_to
from tests.store.contract.helpers import (
    assert_refused_unchanged,
    level_ranks,
)

# -- speaking: share rounds --------------------------------------------------------------------


def test_a_share_round_goes_most_junior_first(store: Store) -> None:
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


def test_turns_next_and_end(store: Store, clock: FakeClock) -> None:
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


def test_a_pass_is_offered_once_more_at_the_end(store: Store) -> None:
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


def test_an_exhausted_round_starts_a_new_one_rotating_each_level(store: Store) -> None:
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


def test_people_away_are_skipped_and_late_joiners_included(store: Store) -> None:
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


def test_the_first_round_remembers_its_most_junior_level(store: Store) -> None:
    store.set_present("Cy", False)
    session = go_to(store, "share")
    assert session.current_round is not None
    assert session.current_round.most_junior_level == "junior"


def test_turns_are_refused_outside_share_and_discuss(store: Store) -> None:
    assert_refused_unchanged(store, store.turn_next, "share and discuss")
    go_to(store, "capture")
    assert_refused_unchanged(store, store.turn_next, "share and discuss")
    assert_refused_unchanged(store, store.turn_pass, "share and discuss")
    assert_refused_unchanged(store, store.turn_end, "share and discuss")


def test_leaving_a_phase_ends_the_turn(store: Store, clock: FakeClock) -> None:
    go_to(store, "share")
    store.turn_next()
    clock.advance(33)
    store.next_phase()
    session = store.snapshot()
    assert session.current_turn is None
    assert session.turns[0].ended == clock.now()


# -- speaking: raised hands --------------------------------------------------------------------


def test_the_hand_queue_is_a_progressive_stack(store: Store, clock: FakeClock) -> None:
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


def test_same_level_same_turns_goes_by_earliest_hand(store: Store) -> None:
    go_to(store, "discuss")
    store.hand("Gus", up=True)
    store.hand("Bo", up=True)
    store.hand("Gus", up=True)  # raising again keeps the original place
    assert [m.name for m in store.snapshot().hand_queue()] == ["Gus", "Bo"]
    store.hand("Gus", up=False)
    store.hand("Gus", up=True)
    assert [m.name for m in store.snapshot().hand_queue()] == ["Bo", "Gus"]


def test_hands_lowered_away_and_cleared(store: Store) -> None:
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


def test_a_pass_in_discussion_takes_the_next_hand(store: Store) -> None:
    go_to(store, "discuss")
    store.hand("Bo", up=True)
    store.hand("Cy", up=True)
    assert store.turn_pass().name == "Cy"
    session = store.snapshot()
    assert [m.name for m in session.hand_queue()] == ["Bo"]
    assert session.current_turn is None


def test_a_make_up_turn_at_the_end_of_a_round_does_not_open_the_next(store: Store) -> None:
    store.set_present("Cy", False)  # Ana and Eli, both junior, open the rounds
    session = go_to(store, "share")
    order = [m.name for m in session.share_queue()]
    assert store.turn_next().name == order[0]
    store.turn_end()
    assert store.turn_pass().name == order[1], "the next in line passes"
    for name in [*order[2:], order[1]]:
        assert store.turn_next().name == name
    store.turn_end()
    assert store.snapshot().share_queue() == []
    opener = store.turn_next().name
    assert opener != order[1], "two turns in a row"
    assert opener == order[0]
    assert store.snapshot().share_queue()[0].name == order[1]
