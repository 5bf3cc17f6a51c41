"""Secret ballots: opening the vote, casting a ballot whole, and closing it on purpose."""

from __future__ import annotations

from collections.abc import Mapping

from rmworkshop.core.errors import Busy
from rmworkshop.core.people import Member
from rmworkshop.core.rules import ballots, people
from rmworkshop.core.voting import Budget
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite import problems, reading
from rmworkshop.store.sqlite.operations.base import STAGE
from rmworkshop.store.sqlite.operations.ideas import IdeaOperations


class VotingOperations(IdeaOperations):
    def _open_voting(self, db: Database, budget: Budget) -> None:
        """Voting opens: every hidden idea is revealed, and the budget is the core's."""
        self._reveal(db)
        self._set_meta(db, "voting_opened", "1")
        self._set_budget(db, budget)

    def cast_ballot(self, name: str, choices: Mapping[int, int], device: str | None = None) -> None:
        """Cast a whole ballot at once. Afterwards nothing links the voter to the choices.

        Ballots run side by side on a database server (``alongside``): each marks its voter
        first, and only if not marked yet, so that the core's check that this person has not
        voted still holds when the ballot is stored; a ballot that finds its voter marked
        meanwhile stores nothing and is decided again, and the core refuses it. Tallies are
        raised in the order of their numbers, so that two ballots never wait for each other."""
        votable = votable_among(choices)
        for _ in range(_ATTEMPTS):
            try:
                with self._write(alongside=True, reads=(*_POLLS, votable)) as db:
                    polls, present = self._polls(db, votable)
                    member = people.member_among(present, name)
                    self._check_device(db, device, member)
                    ballots.check_polls(polls, member, choices)
                    if db.execute(_MARK, (member.id,)).rowcount != 1:
                        raise _MarkedMeanwhile  # nothing of this ballot is stored
                    db.executemany(
                        "UPDATE ideas SET votes = votes + ? WHERE number = ?",
                        [(dots, number) for number, dots in sorted(choices.items()) if dots],
                    )
                    self._after_ballot(db)
                return
            except _MarkedMeanwhile:
                continue
        raise Busy("Another ballot for the same person was being cast; try again.")

    def close_voting(self, force: bool = False) -> None:
        """Close voting and publish the tallies. With fewer than three ballots it is refused
        unless forced, since a voter could work out the other ballots from the result."""
        with self._write() as db:
            ballots.check_close(self._session(db), force)
            self._set_meta(db, "voting_closed", "1")
            self._mark_for_compaction(db)

    def _polls(
        self, db: Database, votable: str | None = None
    ) -> tuple[ballots.Polls, tuple[Member, ...]]:
        """What the checks of a ballot read, and who may cast one: four small statements
        (the ideas as their numbers alone, every one or those of `votable_among`) instead of a
        snapshot. A session whose budget was never set (one voting has not opened in) is read
        whole, and its budget previewed as a snapshot does."""
        stage = self._stage(db)
        info = dict(db.execute(_SETTINGS).fetchall())
        dots = problems.optional_setting(info, "dots", problems.whole_number, "a whole number")
        if not dots:
            session = self._session(db, texts=False)
            return ballots.polls_of(session), session.people
        budget = Budget(
            dots, problems.setting(info, "max_per_idea", problems.whole_number, "a number")
        )
        members, voted = reading.voters(db)
        numbers = frozenset(n for (n,) in db.execute(votable or _VOTABLE).fetchall())
        polls = ballots.Polls(stage, info.get("voting_closed") == "1", budget, numbers, voted)
        return polls, members


_MARK = "UPDATE people SET voted = 1 WHERE id = ? AND voted <> 1"
"""The voter marked, unless marked already (by a ballot cast meanwhile)."""
_ATTEMPTS = 3


class _MarkedMeanwhile(Exception):
    """A ballot's voter was marked by another ballot after its checks read them unmarked."""


_SETTINGS = "SELECT key, value FROM meta WHERE key IN ('voting_closed', 'dots', 'max_per_idea')"
_VOTABLE_WHERE = "number IS NOT NULL AND merged_into IS NULL"
_VOTABLE = f"SELECT number FROM ideas WHERE {_VOTABLE_WHERE}"
_POLLS = (STAGE, _SETTINGS, reading.VOTERS)
"""What `VotingOperations._polls` reads first, in its order (asked first, by `_write`), before
the votable numbers (`votable_among`)."""
_NAMED_AT_MOST = 100
"""A ballot naming more ideas than this reads every votable number."""


def votable_among(choices: Mapping[int, int]) -> str:
    """What a ballot reads of the votable numbers: those it names, and the lowest of all, so
    that a ballot naming none of them still tells "none to vote for" from "no such idea"
    (`ballots.Polls`); every one for a ballot naming many. The numbers are whole numbers,
    written into the statement as such."""
    if not choices or len(choices) > _NAMED_AT_MOST:
        return _VOTABLE
    named = ", ".join(str(int(number)) for number in sorted(choices))
    return (
        f"{_VOTABLE} AND (number IN ({named})"
        f" OR number = (SELECT min(number) FROM ideas WHERE {_VOTABLE_WHERE}))"
    )
