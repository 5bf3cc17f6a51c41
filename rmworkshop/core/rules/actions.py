"""What each role may do now: the one answer every front end asks before it offers a key,
a panel or a button, and the same checks the store runs before it writes.

`allowed` holds an action when the store would accept it now with suitable arguments (an idea
that exists, a ballot within budget). A role's repertoire is fixed: the store does not know who
is asking, so each front end offers only its own role's actions.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import StrEnum

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules import ballots, checkin, ideas, pairs, people, phases, speaking
from rmworkshop.core.rules.stage import stage_of
from rmworkshop.core.session import Session
from rmworkshop.core.text import tidy_name


class Action(StrEnum):
    START = "start"
    NEXT_PHASE = "next_phase"
    BACK_PHASE = "back_phase"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    REVEAL = "reveal"
    MERGE = "merge"
    UNMERGE = "unmerge"
    SUGGEST = "suggest"
    """See and dismiss merge suggestions (merging one is `MERGE`)."""
    CLOSE_VOTING = "close_voting"
    TURN_NEXT = "turn_next"
    TURN_PASS = "turn_pass"
    TURN_END = "turn_end"
    SET_OWNERS = "set_owners"
    SET_PRESENT = "set_present"
    SWAP_PAIRS = "swap_pairs"
    RELEASE_NAME = "release_name"
    JOIN = "join"
    SUBMIT = "submit"
    CAST_BALLOT = "cast_ballot"
    RAISE_HAND = "raise_hand"
    LOWER_HAND = "lower_hand"
    VOLUNTEER = "volunteer"
    CHECK_IN = "check_in"
    """Answer the check-in questions about one's mentoring pair from an earlier session."""


class Role(StrEnum):
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
    KIOSK = "kiosk"


REPERTOIRE: dict[Role, frozenset[Action]] = {
    Role.FACILITATOR: frozenset(
        {
            Action.START,
            Action.NEXT_PHASE,
            Action.BACK_PHASE,
            Action.PAUSE,
            Action.RESUME,
            Action.EXTEND,
            Action.REVEAL,
            Action.MERGE,
            Action.UNMERGE,
            Action.SUGGEST,
            Action.CLOSE_VOTING,
            Action.TURN_NEXT,
            Action.TURN_PASS,
            Action.TURN_END,
            Action.SET_OWNERS,
            Action.SET_PRESENT,
            Action.SWAP_PAIRS,
            Action.RELEASE_NAME,
            Action.JOIN,
            # For someone without a device, or at the kiosk: a hand raised on their behalf.
            Action.RAISE_HAND,
            Action.LOWER_HAND,
        }
    ),
    Role.PARTICIPANT: frozenset(
        {
            Action.JOIN,
            Action.SUBMIT,
            Action.CAST_BALLOT,
            Action.RAISE_HAND,
            Action.LOWER_HAND,
            Action.VOLUNTEER,
            Action.CHECK_IN,
        }
    ),
    # A shared screen: anyone types ideas, and each voter picks their name for one ballot.
    Role.KIOSK: frozenset({Action.SUBMIT, Action.CAST_BALLOT}),
}
"""Every action each role's front ends offer at some point of a session."""


def _anyone(session: Session, member: Member | None, test: Callable[[Member], bool]) -> None:
    """The named person passes ``test``, or, with nobody named, somebody in the session does."""
    if member is not None:
        if not test(member):
            raise Refused(f"{member.name} cannot do that now.")
    elif not any(test(m) for m in session.people):
        raise Refused("Nobody in this session can do that now.")


def _cast(session: Session, member: Member | None) -> None:
    ballots.check_voting_open(session)
    if member is not None:
        ballots.check_voter(session, member)
    _anyone(session, member, lambda m: m.id not in session.voting.voted)


def _raise(session: Session, member: Member | None) -> None:
    speaking.check_hands(session)
    if member is not None and not member.present:
        raise Refused(f"{member.name} is marked away.")
    _anyone(session, member, lambda m: m.present)


def _lower(session: Session, member: Member | None) -> None:
    speaking.check_hands(session)
    _anyone(session, member, lambda m: True)


def _volunteer(session: Session, member: Member | None) -> None:
    ideas.check_volunteering(session)
    _anyone(session, member, lambda m: True)


def _check_in(session: Session, member: Member | None) -> None:
    checkin.check_open(session)
    if member is not None:
        checkin.check_member(session, member)
    _anyone(session, member, lambda m: checkin.can_answer(session, m))


def _merge(session: Session, member: Member | None) -> None:
    ideas.check_merging(session)
    if len(session.votable) < 2:  # the store finds them by number: a kept one and another
        raise Refused("Merging needs two revealed ideas or more.")


def _suggest(session: Session, member: Member | None) -> None:
    ideas.check_suggesting(session)
    if len(session.votable) < 2:
        raise Refused("Suggestions need two revealed ideas or more.")


def _unmerge(session: Session, member: Member | None) -> None:
    ideas.check_merging(session)
    if not any(idea.merged_into is not None for idea in session.ideas):
        raise Refused("No idea has been merged.")


def _always(session: Session, member: Member | None) -> None:
    return None


Check = Callable[[Session, Member | None], object]
"""Raises `Refused` when the action cannot be taken; what it returns is not used."""

CHECKS: dict[Action, Check] = {
    Action.START: lambda s, _: phases.check_start(s),
    Action.NEXT_PHASE: lambda s, _: phases.check_next(s),
    Action.BACK_PHASE: lambda s, _: phases.check_back(s),
    Action.PAUSE: lambda s, _: phases.check_retime(s, "pause"),
    Action.RESUME: lambda s, _: phases.check_resume(s),
    Action.EXTEND: lambda s, _: phases.check_retime(s, "extend"),
    Action.REVEAL: lambda s, _: ideas.check_reveal(s, force=True),
    Action.MERGE: _merge,
    Action.UNMERGE: _unmerge,
    Action.SUGGEST: _suggest,
    Action.CLOSE_VOTING: lambda s, _: ballots.check_close(s, force=True),
    Action.TURN_NEXT: lambda s, _: speaking.next_turn(s),
    Action.TURN_PASS: lambda s, _: speaking.passing(s),
    Action.TURN_END: lambda s, _: speaking.ending_turn(s),
    Action.SET_OWNERS: lambda s, _: ideas.check_owning(s),
    Action.SET_PRESENT: lambda s, _: people.check_marking(s),
    Action.SWAP_PAIRS: lambda s, _: pairs.check_swapping(s),
    # Which names devices hold is the store's to know: it refuses one that none holds.
    Action.RELEASE_NAME: lambda s, _: people.check_marking(s),
    Action.JOIN: _always,
    Action.SUBMIT: lambda s, _: ideas.check_submit(stage_of(s)),
    Action.CAST_BALLOT: _cast,
    Action.RAISE_HAND: _raise,
    Action.LOWER_HAND: _lower,
    Action.VOLUNTEER: _volunteer,
    Action.CHECK_IN: _check_in,
}
"""The state part of each action's rule; the store adds the checks of its arguments."""


PERSON_BOUND = frozenset(
    {Action.CAST_BALLOT, Action.RAISE_HAND, Action.LOWER_HAND, Action.VOLUNTEER, Action.CHECK_IN}
)
"""Actions taken as one person, who must be in the session."""


def person_facts(session: Session, member: Member | None) -> Hashable:
    """All that the checks above read about the person asking (keep it so when a check reads
    more): two people with equal facts are allowed the same actions, so a front end serving a
    whole room can ask `allowed` once per distinct facts rather than once per person."""
    if member is None:
        return None
    if session.kind == "checkin":
        return (
            member.id in session.voting.voted,
            member.present,
            checkin.can_answer(session, member),
        )
    return (member.id in session.voting.voted, member.present)


def why_not(action: Action, session: Session, person: str | None = None) -> str | None:
    """Why ``action`` cannot be taken now (by ``person``, when named); None when it can."""
    member = people.find_member(session, person) if person else None
    return _why_not(action, session, person, member)


def _why_not(
    action: Action, session: Session, person: str | None, member: Member | None
) -> str | None:
    if person and member is None and action in PERSON_BOUND:
        return f"Nobody called {tidy_name(person)!r} is in this session."
    try:
        CHECKS[action](session, member)
    except Refused as refusal:
        return str(refusal)
    return None


def allowed(
    role: Role, session: Session, now: float, person: str | None = None
) -> frozenset[Action]:
    """The actions ``role`` may take now.

    ``person`` is who is at the screen (a participant's name, the kiosk's current voter);
    without one, a person-bound action (a ballot, a hand) is allowed when somebody could take
    it. ``now`` is the injected clock's time; no rule depends on it today, and front ends pass
    it so that a rule that will does not change their calls.
    """
    del now
    member = people.find_member(session, person) if person else None  # once, not per action
    return frozenset(
        action for action in REPERTOIRE[role] if _why_not(action, session, person, member) is None
    )
