"""The facilitator's console asks the core what to offer, as the participant side does."""

from __future__ import annotations

import dataclasses

from rmworkshop.core.rules import Action
from rmworkshop.core.rules.moves import next_phase
from rmworkshop.core.rules.offers import facilitator_offers
from rmworkshop.core.session import Idea, Voting
from rmworkshop.core.timer import PhaseTimer
from tests.core.test_moves import NOW, session

OPEN = Voting(opened=True, closed=False, budget=None, ballots=0, voted=frozenset())
IDEAS = (Idea("a", 1, "one"), Idea("b", 2, "two"))


def test_closing_the_vote_is_offered_in_the_vote_phase_only() -> None:
    assert Action.CLOSE_VOTING in facilitator_offers(session(index=3, voting=OPEN), NOW)
    assert Action.CLOSE_VOTING not in facilitator_offers(session(index=4, voting=OPEN), NOW)


def test_owners_are_offered_in_the_actions_phase_while_it_runs() -> None:
    plan = session().agenda
    actions = plan._replace(phases=(*plan.phases[:5], plan.phases[5]._replace(kind="actions")))
    running = session(index=5, agenda=actions, ideas=IDEAS, idea_count=2, voting=OPEN)
    assert Action.SET_OWNERS in facilitator_offers(running, NOW)
    finished = dataclasses.replace(running, timer=PhaseTimer("finished"), finished=NOW)
    assert Action.SET_OWNERS not in facilitator_offers(finished, NOW)
    assert Action.SET_OWNERS not in facilitator_offers(session(index=3, ideas=IDEAS), NOW)


def test_reveal_is_offered_while_some_ideas_are_hidden() -> None:
    assert Action.REVEAL in facilitator_offers(session(index=1, idea_count=3, ideas=IDEAS), NOW)
    assert Action.REVEAL not in facilitator_offers(session(index=1, idea_count=2, ideas=IDEAS), NOW)


def test_swapping_pairs_is_an_action_of_a_running_pairs_phase() -> None:
    move = next_phase(session(index=4), NOW)
    assert move.entering is not None and move.entering.pairing is not None
    paired = session(index=5, pairings={5: move.entering.pairing})
    assert Action.SWAP_PAIRS in facilitator_offers(paired, NOW)
    assert Action.SWAP_PAIRS not in facilitator_offers(session(index=4), NOW)
    assert Action.RELEASE_NAME in facilitator_offers(session(index=4), NOW)
