"""Pair check-ins in a session: when answers are taken, from whom, when the pairs to check in
may be set, and when the answers themselves may be read (`rmworkshop.core.checkin` holds the
questions and what answers say)."""

from __future__ import annotations

from collections.abc import Sequence

from rmworkshop.core.checkin import Answer, CheckinPair, answer_of
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.plan import PhasePlan
from rmworkshop.core.rules.people import member_named
from rmworkshop.core.rules.stage import stage_of, where
from rmworkshop.core.session import Session


def check_open(session: Session) -> None:
    """Answers are taken during a check-in phase, while it has pairs to check in."""
    if not session.is_started or session.is_finished or session.kind != "checkin":
        raise Refused(
            f"Check-in answers are taken in a check-in phase; now it is {where(stage_of(session))}."
        )
    if not session.checkin.pairs:
        raise Refused("There are no pairs to check in: give the earlier outcomes with --history.")


def check_member(session: Session, member: Member) -> None:
    """This person may answer now: present, in a pair, and not answered yet."""
    if not member.present:
        raise Refused(f"{member.name} is marked away.")
    if session.checkin.pair_of(member.name) is None:
        raise Refused(f"{member.name} is in no pair to check in for.")
    if session.checkin.has_answered(member.name):
        raise Refused(f"{member.name} has already checked in; an answer is given once.")


def can_answer(session: Session, member: Member) -> bool:
    try:
        check_member(session, member)
    except Refused:
        return False
    return True


def checking_in(
    session: Session, name: str, met: str, going: str, note: str
) -> tuple[Member, Answer]:
    """Who answers and the answer as stored, or `Refused`: the one rule a store checks."""
    check_open(session)
    member = member_named(session, name)
    check_member(session, member)
    return member, answer_of(met, going, note)


def check_setting_pairs(session: Session, pairs: Sequence[CheckinPair]) -> bool:
    """Whether the pairs to check in change: they may be set until the first answer, and
    setting the same pairs again (a console resumed with the same --history) changes nothing."""
    if tuple(pairs) == session.checkin.pairs:
        return False
    if session.checkin.answered:
        raise Refused("People have checked in already: the pairs to check in cannot change now.")
    return True


def answers_shown(phases: Sequence[PhasePlan], index: int, finished: bool) -> bool:
    """One person's answers are read only while no check-in phase runs: before it nobody has
    answered, and afterwards they go into the outcomes. A session on a check-in phase (even
    paused, or before its start) keeps them to itself; after the last phase they show."""
    return finished or phases[index].kind != "checkin"
