"""Who a device may be, and who a kiosk may act for: the core's rules, on plain sessions."""

from __future__ import annotations

import pytest

from rmworkshop.core import claims
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.session import Session, Voting
from tests.core.test_moves import PEOPLE, session

ANA, BO, CY = PEOPLE  # Cy is marked away
VOTING = Voting(opened=True, closed=False, budget=None, ballots=1, voted=frozenset({BO.id}))


def voting(people: tuple[Member, ...] = PEOPLE) -> Session:
    return session(voting=VOTING, people=people)


def test_a_kiosk_lists_only_people_present_unvoted_and_held_by_no_device() -> None:
    assert claims.kiosk_voters(voting(), held=set()) == [ANA], "Bo voted, Cy is away"
    assert claims.kiosk_voters(voting(), held={ANA.id}) == []
    assert claims.kiosk_may_act_for(ANA, held=False)
    assert not claims.kiosk_may_act_for(ANA, held=True)
    assert not claims.kiosk_may_act_for(CY, held=False)


def test_a_kiosk_never_acts_for_a_held_name_or_someone_away() -> None:
    claims.check_acting(True, True, None, ANA, held=False)
    with pytest.raises(Refused, match="not on its list"):
        claims.check_acting(True, True, None, ANA, held=True)
    with pytest.raises(Refused, match="not on its list"):
        claims.check_acting(True, True, None, CY, held=False)
    claims.check_acting(True, False, ANA.id, ANA, held=True)  # her own phone


def test_an_away_name_claimed_once_voting_has_started_waits_for_a_yes() -> None:
    assert claims.check_claim(session(), "Cy", None, None, set()) == CY, "before the vote"
    with pytest.raises(claims.AwaitingYes) as waits:
        claims.check_claim(voting(), "Cy", None, None, set())
    assert waits.value.member == CY
    assert claims.check_claim(voting(), "Ana", None, None, set()) == ANA, "present: no wait"
    assert claims.waiting_to_be_let_in(voting(), {CY.id}, held=set()) == [CY]
    assert claims.waiting_to_be_let_in(voting(), {CY.id}, held={CY.id}) == []
    present = CY._replace(present=True)
    back = voting(people=(ANA, BO, present))
    assert claims.waiting_to_be_let_in(back, {CY.id}, held=set()) == [], "marked back: no yes"
    claims.check_let_in(voting(), CY, {CY.id}, set())
    with pytest.raises(Refused, match="No device is waiting"):
        claims.check_let_in(voting(), CY, set(), set())
    with pytest.raises(Refused, match="already held"):
        claims.check_let_in(voting(), CY, {CY.id}, {CY.id})


def test_a_closed_roster_takes_nobody_new() -> None:
    closed = session(roster_closed=True)
    assert not claims.can_add_people(closed)
    assert claims.can_add_people(session())
    assert not claims.can_add_people(voting())
    with pytest.raises(Refused, match="closed"):
        claims.check_claim(closed, "Newcomer", "junior", None, set())
    assert claims.check_claim(closed, "Ana", None, None, set()) == ANA


def test_before_the_first_phase_people_on_no_device_are_asked_about() -> None:
    before = session(started=False)
    assert claims.not_arrived(before, claimed={BO.id}) == [ANA], "Bo joined, Cy is away"
    assert claims.asks_who_arrived(before, claimed={BO.id}, room_open=False)
    assert claims.asks_who_arrived(before, claimed=set(), room_open=True)
    assert not claims.asks_who_arrived(before, claimed=set(), room_open=False), "no devices"
    assert not claims.asks_who_arrived(before, claimed={ANA.id, BO.id}, room_open=True)
    assert claims.not_arrived(session(), claimed=set()) == [], "only before the first phase"


def test_who_has_not_voted_yet_is_present_people_without_a_ballot() -> None:
    assert voting().yet_to_vote == (ANA,), "Bo voted, Cy is away"
