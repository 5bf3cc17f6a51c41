"""Secret ballots: when one may be cast, by whom, and when voting may close."""

from __future__ import annotations

from collections.abc import Mapping

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules.stage import stage_of, where
from rmworkshop.core.session import Session
from rmworkshop.core.voting import Budget, budget_for, check_ballot


def check_voting_open(session: Session) -> None:
    """A ballot can be cast now, by someone who has not voted yet."""
    if session.kind != "vote" or not session.voting.opened or session.is_finished:
        raise Refused(f"Ballots are cast in a vote phase; now it is {where(stage_of(session))}.")
    if session.voting.closed:
        raise Refused("Voting has closed.")
    if not session.votable:
        raise Refused("There are no ideas to vote for.")


def check_voter(session: Session, member: Member) -> None:
    if member.id in session.voting.voted:
        raise Refused(f"{member.name} has already voted; a ballot is cast once.")


def check_cast(session: Session, member: Member, choices: Mapping[int, int]) -> None:
    check_voting_open(session)
    check_voter(session, member)
    check_ballot(choices, session.budget(), (idea.number for idea in session.votable))


def opening_budget(session: Session) -> Budget:
    """The dots per person, fixed from the ideas that can be voted on now."""
    return budget_for(session.agenda.voting, len(session.votable))


MIN_BALLOTS_TO_CLOSE = 2
"""Fewer ballots than this, published as the result, would show how each voter voted."""


def needs_force(session: Session) -> bool:
    """Closing now would publish fewer ballots than keep them secret: confirm first."""
    return session.voting.ballots < MIN_BALLOTS_TO_CLOSE


def check_close(session: Session, force: bool = False) -> None:
    """Voting closes only on purpose: while open, with enough ballots or forced."""
    if not session.voting.opened:
        raise Refused("Voting has not started yet.")
    if session.voting.closed:
        raise Refused("Voting has already closed.")
    if force or not needs_force(session):
        return
    if session.voting.ballots == 1:
        raise Refused(
            "Only 1 ballot has been cast: the result would show how that person voted."
            " Wait for more, or force the close to publish it anyway."
        )
    raise Refused("No ballots have been cast. Wait for them, or force the close to end voting.")


def check_export(session: Session) -> None:
    """Outcomes are exported once voting has closed, so they carry the final tallies."""
    if session.voting.opened and not session.voting.closed:
        raise Refused("Voting is still open: close it (close-vote) before exporting.")
