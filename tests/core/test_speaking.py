"""Fair speaking order: junior-first share rounds with one re-offer, and the progressive stack."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.people import Levels, Member
from rmworkshop.core.roster import DEFAULT_LEVELS
from rmworkshop.core.speaking import (
    Hand,
    Turn,
    hand_queue,
    passed_people,
    round_order,
    share_queue,
    turn_remaining,
)

LEVELS = Levels(DEFAULT_LEVELS)
SEED = 20261121


def people(*spec: str, away: Sequence[str] = ()) -> list[Member]:
    """Members from "name:level" strings, ids in the given order from 1."""
    out = []
    for index, item in enumerate(spec, start=1):
        name, level = item.split(":")
        out.append(Member(index, name, level, present=name not in away))
    return out


def names(members: Sequence[Member]) -> list[str]:
    return [m.name for m in members]


ROOM = people(
    "Eve:executive", "Sam:senior", "Ana:junior", "Ian:intern", "Mia:mid", "Jo:junior", "Sid:senior"
)


# -- round order -------------------------------------------------------------------------------


def test_round_order_goes_most_junior_first_and_most_senior_last() -> None:
    order = round_order(ROOM, LEVELS, SEED, 0)
    levels = [m.level for m in order]
    assert levels == ["intern", "junior", "junior", "mid", "senior", "senior", "executive"]
    assert sorted(names(order)) == sorted(names(ROOM))


def test_round_order_is_deterministic_for_a_seed() -> None:
    assert round_order(ROOM, LEVELS, SEED, 3) == round_order(list(ROOM), LEVELS, SEED, 3)
    # The shuffle does not depend on the order the members are listed in.
    assert round_order(ROOM, LEVELS, SEED, 3) == round_order(ROOM[::-1], LEVELS, SEED, 3)


def test_same_level_order_is_a_seeded_shuffle() -> None:
    crowd = [Member(i, f"p{i}", "junior") for i in range(1, 7)]
    orders = {tuple(names(round_order(crowd, LEVELS, seed, 0))) for seed in range(20)}
    assert len(orders) > 1, "different seeds give different orders"
    assert all(sorted(order) == sorted(names(crowd)) for order in orders)


def test_same_level_order_rotates_between_rounds() -> None:
    juniors = [m for m in ROOM if m.level == "junior"]
    seniors = [m for m in ROOM if m.level == "senior"]
    openers = []
    for number in range(4):
        order = round_order(ROOM, LEVELS, SEED, number)
        junior_part = [m for m in order if m.level == "junior"]
        senior_part = [m for m in order if m.level == "senior"]
        assert len(junior_part) == len(juniors)
        assert len(senior_part) == len(seniors)
        openers.append((junior_part[0].name, senior_part[0].name))
    for before, after in itertools.pairwise(openers):
        assert before[0] != after[0]
        assert before[1] != after[1]
    # The lone intern always opens: rotation never moves a level out of place.
    assert {round_order(ROOM, LEVELS, SEED, n)[0].name for n in range(4)} == {"Ian"}


def test_away_people_are_left_out_and_late_joiners_are_in() -> None:
    room = people("Ana:junior", "Eve:executive", "Ian:intern", away=["Ian"])
    late = Member(99, "Lee", "mid")
    order = round_order([*room, late], LEVELS, SEED, 0)
    assert names(order) == ["Ana", "Lee", "Eve"]


def test_unknown_level_sorts_after_known_levels() -> None:
    room = people("Zed:contractor", "Eve:executive", "Ian:intern")
    assert names(round_order(room, LEVELS, SEED, 0)) == ["Ian", "Eve", "Zed"]


def test_custom_levels_are_respected() -> None:
    levels = Levels(["new hire", "lead", "director"])
    room = people("Dee:director", "Nia:new hire", "Lou:lead")
    assert names(round_order(room, levels, SEED, 0)) == ["Nia", "Lou", "Dee"]


# -- share queue -------------------------------------------------------------------------------


def _ended(person: Member, at: float, passed: bool = False) -> Turn:
    return Turn(person.id, at, at + (0 if passed else 30), passed=passed, round_id=1)


def test_share_queue_starts_with_the_round_order() -> None:
    order = round_order(ROOM, LEVELS, SEED, 0)
    assert share_queue(order, []) == order


def test_ongoing_turn_holder_is_not_waiting() -> None:
    order = round_order(ROOM, LEVELS, SEED, 0)
    queue = share_queue(order, [Turn(order[0].id, 0.0, round_id=1)])
    assert queue == order[1:]


def test_a_pass_is_offered_once_more_at_the_end_and_a_second_pass_is_final() -> None:
    order = round_order(people("Ana:junior", "Bo:mid", "Cy:senior"), LEVELS, SEED, 0)
    ana, bo, cy = order
    turns = [_ended(ana, 0, passed=True)]
    assert share_queue(order, turns) == [bo, cy, ana]
    turns += [_ended(bo, 10), _ended(cy, 50)]
    assert share_queue(order, turns) == [ana]
    assert share_queue(order, [*turns, Turn(ana.id, 100, round_id=1)]) == []
    assert share_queue(order, [*turns, _ended(ana, 100, passed=True)]) == []
    assert share_queue(order, [*turns, _ended(ana, 100)]) == []
    assert passed_people([*turns, _ended(ana, 100, passed=True)]) == [ana.id]


def test_re_offers_come_in_the_order_people_passed() -> None:
    order = round_order(people("Ana:intern", "Bo:junior", "Cy:mid", "Di:senior"), LEVELS, SEED, 0)
    ana, bo, cy, di = order
    turns = [_ended(ana, 0, True), _ended(bo, 1), _ended(cy, 2, True)]
    assert share_queue(order, turns) == [di, ana, cy]


def test_a_person_who_passed_and_left_is_not_re_offered() -> None:
    room = people("Ana:junior", "Bo:mid", "Cy:senior")
    order = round_order(room, LEVELS, SEED, 0)
    turns = [_ended(order[0], 0, passed=True), _ended(order[1], 1)]
    room_now = [m if m.name != "Ana" else Member(m.id, m.name, m.level, False) for m in room]
    assert names(share_queue(round_order(room_now, LEVELS, SEED, 0), turns)) == ["Cy"]


def test_a_late_joiner_gets_a_turn_in_the_current_round() -> None:
    room = people("Ana:junior", "Cy:senior")
    order = round_order(room, LEVELS, SEED, 0)
    turns = [_ended(order[0], 0)]
    late = Member(7, "Lee", "intern")
    queue = share_queue(round_order([*room, late], LEVELS, SEED, 0), turns)
    # Lee is more junior than Cy, so goes next even though the round had started.
    assert names(queue) == ["Lee", "Cy"]


def test_turn_remaining_counts_against_the_turn_limit(clock: FakeClock) -> None:
    turn = Turn(1, clock.now())
    clock.advance(100)
    assert turn_remaining(turn, 90, clock.now()) == -10
    assert turn_remaining(Turn(1, 0, 30), 90, clock.now()) == 60
    assert turn_remaining(Turn(1, 0, 30, passed=True), 90, clock.now()) == 90


# -- hand queue --------------------------------------------------------------------------------


def test_hand_queue_orders_by_fewest_turns_then_junior_then_earliest() -> None:
    room = people("Eve:executive", "Sam:senior", "Ana:junior", "Jo:junior", "Ian:intern")
    eve, sam, ana, jo, ian = room
    turns = [Turn(eve.id, 0, 10), Turn(ian.id, 10, 20), Turn(ian.id, 20, 30)]
    hands = [Hand(ian.id, 1), Hand(eve.id, 2), Hand(jo.id, 3), Hand(sam.id, 4), Hand(ana.id, 5)]
    queue = hand_queue(hands, room, turns, LEVELS)
    # No turns yet: Jo and Ana (junior, Jo raised first), then Sam (senior);
    # one turn: Eve; two turns: Ian, however junior.
    assert names(queue) == ["Jo", "Ana", "Sam", "Eve", "Ian"]


def test_hand_queue_ignores_passes_and_away_people() -> None:
    room = people("Ana:junior", "Eve:executive", "Bo:mid", away=["Bo"])
    ana, eve, bo = room
    turns = [Turn(ana.id, 0, 0, passed=True), Turn(eve.id, 0, 5)]
    hands = [Hand(eve.id, 1), Hand(bo.id, 2), Hand(ana.id, 3)]
    assert names(hand_queue(hands, room, turns, LEVELS)) == ["Ana", "Eve"]


def test_hand_queue_is_empty_without_hands() -> None:
    assert hand_queue([], ROOM, [], LEVELS) == []


# -- properties --------------------------------------------------------------------------------

ROOMS = st.lists(
    st.tuples(st.sampled_from(DEFAULT_LEVELS), st.booleans()), min_size=0, max_size=12
).map(lambda spec: [Member(i, f"p{i}", lvl, present) for i, (lvl, present) in enumerate(spec, 1)])


@given(room=ROOMS, seed=st.integers(0, 2**32), number=st.integers(0, 50))
def test_round_order_properties(room: list[Member], seed: int, number: int) -> None:
    order = round_order(room, LEVELS, seed, number)
    assert sorted(m.id for m in order) == sorted(m.id for m in room if m.present)
    ranks = [LEVELS.rank(m.level) for m in order]
    assert ranks == sorted(ranks)
    following = round_order(room, LEVELS, seed, number + 1)
    for level in DEFAULT_LEVELS:
        now = [m.id for m in order if m.level == level]
        then = [m.id for m in following if m.level == level]
        assert then == now[1:] + now[:1], "each level rotates by one place per round"
        if len(now) > 1:
            assert then[0] != now[0]


ACTIONS = st.sampled_from(["speak", "pass on the floor", "pass before starting"])


@given(room=ROOMS, seed=st.integers(0, 2**32), number=st.integers(0, 5), data=st.data())
def test_a_share_round_driven_to_the_end_is_fair(
    room: list[Member], seed: int, number: int, data: st.DataObject
) -> None:
    clock = FakeClock()
    order = round_order(room, LEVELS, seed, number)
    present = [m for m in room if m.present]
    turns: list[Turn] = []
    offers: list[Member] = []
    while queue := share_queue(order, turns):
        assert len(offers) < 2 * len(present), "nobody is offered the floor more than twice"
        person = queue[0]
        offers.append(person)
        action = data.draw(ACTIONS)
        start = clock.now()
        if action == "pass before starting":
            turns.append(Turn(person.id, start, start, passed=True, round_id=1))
            continue
        turns.append(Turn(person.id, start, round_id=1))
        assert person not in share_queue(order, turns), "the floor holder is not waiting"
        clock.advance(data.draw(st.integers(0, 200)))
        turns[-1] = Turn(person.id, start, clock.now(), action != "speak", 1)

    spoke = Counter(t.person_id for t in turns if not t.passed)
    passes = Counter(t.person_id for t in turns if t.passed)
    for member in room:
        if not member.present:
            assert spoke[member.id] == passes[member.id] == 0
        elif passes[member.id] == 2:
            assert spoke[member.id] == 0, "two passes and the turn is gone"
        else:
            assert spoke[member.id] == 1
            assert passes[member.id] <= 1
    offered = Counter(m.id for m in offers)
    assert all(count <= 2 for count in offered.values())

    # The first pass through follows the round order: most junior level first.
    first_time: list[Member] = []
    for index, member in enumerate(offers):
        if member not in offers[:index]:
            first_time.append(member)
    assert first_time == order
    assert offers[: len(order)] == order, "re-offers only come after everyone's first offer"
    ranks = [LEVELS.rank(m.level) for m in first_time]
    assert ranks == sorted(ranks)


def test_whoever_ends_a_round_does_not_open_the_next_while_their_level_has_others() -> None:
    room = people("Ana:junior", "Bo:junior", "Cy:junior", "Dee:senior")
    first = round_order(room, LEVELS, SEED, 0)
    # The second passes, takes the make-up turn last, and the rotation would put them first.
    following = round_order(room, LEVELS, SEED, 1)
    assert following[0] == first[1]
    queue = share_queue(following, [], ended_last=first[1].id)
    assert queue[0] != first[1]
    assert sorted(names(queue)) == sorted(names(following))
    assert queue[1] == first[1], "they still speak early in the round"
    # Once the round has its first turn, the order is the round's own again.
    after_one = share_queue(following, [_ended(queue[0], 0)], ended_last=first[1].id)
    assert after_one[0] == first[1]


def test_a_lone_most_junior_person_still_opens_after_ending_a_round() -> None:
    room = people("Ana:intern", "Bo:junior", "Cy:junior")
    order = round_order(room, LEVELS, SEED, 1)
    assert names(share_queue(order, [], ended_last=order[0].id))[0] == "Ana"
