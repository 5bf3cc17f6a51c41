"""Ideas: when they are collected, revealed and merged, and who may own one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum

from rmworkshop.core.dates import check_due
from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.stage import Stage, stage_of, where
from rmworkshop.core.session import Idea, Session
from rmworkshop.core.text import MAX_IDEA_CHARS, clean
from rmworkshop.core.voting import Budget, budget_for


def check_submit(stage: Stage) -> None:
    """Ideas are collected from the first capture phase until voting opens or the session ends.

    Decided from a `Stage`, which the store reads cheaply for every submitted idea.
    """
    if stage.voting_opened:
        raise Refused("Voting has started; no new ideas are accepted.")
    if stage.finished:
        raise Refused("The session has finished; no new ideas are accepted.")
    if not stage.reached("capture"):
        if not any(p.kind == "capture" for p in stage.phases):
            raise Refused("This agenda has no phase for collecting ideas.")
        raise Refused(f"Ideas open with the first capture phase; now it is {where(stage)}.")


MIN_NEW_TO_REVEAL = 3
"""The fewest new ideas a later reveal shows together. Numbers are dealt after those already
shown, so ideas revealed later are known to have come late: alone or in pairs they would
point at whoever was seen typing after the last reveal."""


def hidden_ideas(session: Session) -> int:
    """Ideas stored but not yet revealed (merged ones aside)."""
    return session.idea_count - len(session.votable)


def reveal_risk(session: Session) -> str | None:
    """Why revealing now needs a confirmation (one sentence), or None when it does not: the
    first reveal shuffles every idea together, a later one only the new ideas."""
    new = hidden_ideas(session)
    if not session.ideas or not 0 < new < MIN_NEW_TO_REVEAL:
        return None
    ideas = "1 new idea has" if new == 1 else f"{new} new ideas have"
    return (
        f"Only {ideas} come in since the last reveal: numbered after the others, they would"
        " be known to have been sent late, by whoever was seen typing."
    )


def check_reveal(session: Session, force: bool = False) -> None:
    """Ideas are revealed once collecting has begun; a later reveal holds back fewer than
    three new ideas (they stay hidden) unless forced."""
    if not stage_of(session).reached("capture"):
        raise Refused("There is nothing to reveal before ideas are collected.")
    risk = None if force else reveal_risk(session)
    if risk is not None:
        raise Refused(
            f"{risk} They stay hidden until there are {MIN_NEW_TO_REVEAL}, or force the reveal."
        )


def votable_idea(session: Session, number: int) -> Idea:
    """A revealed idea that was not merged into another."""
    idea = session.idea(number)
    if idea is None:
        raise Refused(f"There is no revealed idea #{number}.")
    if idea.merged_into is not None:
        raise Refused(f"Idea #{number} was merged into #{idea.merged_into}.")
    return idea


def check_merging(session: Session) -> None:
    # Voting opens on entering the vote phase, which is also where the group first sees the
    # ideas together, so merging stays open until the first ballot.
    if session.voting.ballots or session.voting.closed:
        raise Refused("Ideas cannot be merged once ballots have been cast.")


def merge_plan(session: Session, keep: int, duplicates: Sequence[int]) -> tuple[Idea, list[Idea]]:
    """The idea kept and the ideas merged into it, checked."""
    check_merging(session)
    others = sorted(set(duplicates) - {keep})
    if not others:
        raise Refused("Name at least one other idea to merge into this one.")
    target = votable_idea(session, keep)
    return target, [votable_idea(session, number) for number in others]


def check_suggesting(session: Session) -> None:
    """Suggestions are read from revealed texts (private until then), and are for merging, so
    they end with the first ballot."""
    if not session.ideas:
        raise Refused("Suggestions come after the reveal: no idea is revealed yet.")
    if session.voting.ballots or session.voting.closed:
        raise Refused("Suggestions end with the first ballot: ballots have been cast.")


def unmerge_plan(session: Session, number: int) -> list[Idea]:
    """The cards that come back under their own numbers when ``number`` is unmerged: every
    card merged into it when it is a kept idea, or itself when it is a merged card."""
    check_merging(session)
    idea = session.idea(number)
    if idea is None:
        raise Refused(f"There is no revealed idea #{number}.")
    if idea.merged_into is not None:
        return [idea]
    merged = [other for other in session.ideas if other.merged_into == number]
    if not merged:
        raise Refused(f"Nothing was merged into idea #{number}.")
    return merged


def budget_after_unmerge(session: Session, restored: Sequence[Idea]) -> Budget | None:
    """As `budget_after_merge`, for cards that come back to be voted on."""
    if not session.voting.opened:
        return None
    return budget_for(session.agenda.voting, len(session.votable) + len(restored))


def budget_after_merge(session: Session, merged: Sequence[Idea]) -> Budget | None:
    """Merging once voting is open fixes the dots per person again, from the ideas left to
    vote on; None before voting opens (the budget is fixed then)."""
    if not session.voting.opened:
        return None
    return budget_for(session.agenda.voting, len(session.votable) - len(merged))


def check_owning(session: Session) -> None:
    """Owners are set on revealed ideas; there must be one (the store finds it by number)."""
    if not session.votable:
        raise Refused("There are no revealed ideas to own yet.")


def check_volunteering(session: Session) -> None:
    """Participants volunteer as owners in an actions phase, where the results are shown.

    The facilitator may set owners on any revealed idea; a volunteer picks from the ranking.
    """
    stage = stage_of(session)
    if session.kind != "actions" or stage.finished or not session.is_started:
        raise Refused(f"People volunteer as owners in an actions phase; now it is {where(stage)}.")
    check_owning(session)


class Keep(Enum):
    """An optional field of an idea left as it is stored; None clears it, a value sets it."""

    KEEP = "keep"


KEEP = Keep.KEEP


def follow_up_fields(
    idea: Idea, due: date | Keep | None, step: str | Keep | None, today: date
) -> tuple[date | None, str | None]:
    """The due date and first step `idea` has after a change of owners: each kept, cleared or
    set (a new due date today or later, a first step cleaned), or `Refused`.

    A cleared field is stored exactly as one never set, so an export says nothing of it.
    """
    new_due = idea.due if isinstance(due, Keep) else due
    if new_due is not None:
        check_due(new_due, today, idea.due)
    if isinstance(step, Keep):
        return new_due, idea.first_step
    return new_due, first_step(step) if step is not None else None


def first_step(text: str) -> str | None:
    """The cleaned first step, None when blank."""
    step = clean(text)
    if len(step) > MAX_IDEA_CHARS:
        raise Refused(f"A first step can be at most {MAX_IDEA_CHARS} characters.")
    return step or None
