"""Secret ballots: when one may be cast, by whom, and when voting may close."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules.stage import Stage, stage_of, where
from rmworkshop.core.session import Session
from rmworkshop.core.voting import Budget, budget_for, check_ballot


class Polls(NamedTuple):
    """What the checks of a ballot read (`check_polls`): a few facts, not a whole session.
    A ballot is a write that every other write of its session waits for, so its store reads
    just these; a session gives the same facts (`polls_of`) to the same rule."""

    stage: Stage
    closed: bool
    budget: Budget
    votable: frozenset[int]
    """The numbers of the ideas that can be voted for: every one, or at least those among
    them that the ballot names and one more if there is any (what the checks ask is whether
    each named number is one, and whether there is any)."""
    voted: frozenset[int]
    """The ids of the people who have voted."""


def polls_of(session: Session) -> Polls:
    return Polls(
        stage_of(session),
        session.voting.closed,
        session.budget(),
        frozenset(idea.number for idea in session.votable),
        session.voting.voted,
    )


def check_voting_open(session: Session) -> None:
    """A ballot can be cast now, by someone who has not voted yet."""
    _check_open(polls_of(session))


def _check_open(polls: Polls) -> None:
    stage = polls.stage
    if stage.kind != "vote" or not stage.voting_opened or stage.finished:
        raise Refused(f"Ballots are cast in a vote phase; now it is {where(stage)}.")
    if polls.closed:
        raise Refused("Voting has closed.")
    if not polls.votable:
        raise Refused("There are no ideas to vote for.")


def check_voter(session: Session, member: Member) -> None:
    _check_voter(session.voting.voted, member)


def _check_voter(voted: frozenset[int], member: Member) -> None:
    if member.id in voted:
        raise Refused(f"{member.name} has already voted; a ballot is cast once.")


def check_cast(session: Session, member: Member, choices: Mapping[int, int]) -> None:
    check_polls(polls_of(session), member, choices)


def check_polls(polls: Polls, member: Member, choices: Mapping[int, int]) -> None:
    _check_open(polls)
    _check_voter(polls.voted, member)
    check_ballot(choices, polls.budget, polls.votable)


def opening_budget(session: Session) -> Budget:
    """The dots per person, fixed from the ideas that can be voted on now."""
    return budget_for(session.agenda.voting, len(session.votable))


MIN_BALLOTS_TO_CLOSE = 3
"""The fewest ballots whose published sum keeps each one secret. With one, the result is that
ballot; with two, each voter subtracts their own and reads the other's. From three on, one
voter learns only the sum of the others' ballots (and k voters together, the sum of the rest)."""


def needs_force(session: Session) -> bool:
    """Closing now would publish fewer ballots than keep them secret: confirm first."""
    return session.voting.ballots < MIN_BALLOTS_TO_CLOSE


def close_risk(session: Session) -> str | None:
    """Why closing now needs a confirmation (one sentence), or None when it does not."""
    ballots = session.voting.ballots
    if ballots >= MIN_BALLOTS_TO_CLOSE:
        return None
    if ballots == 0:
        return "No ballots have been cast: every idea gets no votes."
    if ballots == 1:
        return "Only 1 ballot has been cast: the result would show how that person voted."
    return (
        f"Only {ballots} ballots have been cast: each voter could subtract their own ballot"
        " from the result and see how the other voted."
    )


def check_close(session: Session, force: bool = False) -> None:
    """Voting closes only on purpose: while open, with enough ballots or forced."""
    if not session.voting.opened:
        raise Refused("Voting has not started yet.")
    if session.voting.closed:
        raise Refused("Voting has already closed.")
    risk = None if force else close_risk(session)
    if risk is None:
        return
    if session.voting.ballots == 0:
        raise Refused("No ballots have been cast. Wait for them, or force the close to end voting.")
    raise Refused(f"{risk} Wait for more, or force the close to publish it anyway.")


def check_export(session: Session) -> None:
    """Outcomes are exported once voting has closed, so they carry the final tallies."""
    if session.voting.opened and not session.voting.closed:
        raise Refused("Voting is still open: close it (close-vote) before exporting.")
