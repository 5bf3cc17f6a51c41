"""Secret ballots: opening the vote, casting a ballot whole, and closing it on purpose."""

from __future__ import annotations

from collections.abc import Mapping

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
        """Cast a whole ballot at once. Afterwards nothing links the voter to the choices."""
        with self._write(reads=_POLLS, listed=False) as db:
            polls, present = self._polls(db)
            member = people.member_among(present, name)
            self._check_device(db, device, member)
            ballots.check_polls(polls, member, choices)
            db.executemany(
                "UPDATE ideas SET votes = votes + ? WHERE number = ?",
                [(dots, number) for number, dots in choices.items() if dots],
            )
            db.execute("UPDATE people SET voted = 1 WHERE id = ?", (member.id,))
            self._after_ballot(db)

    def close_voting(self, force: bool = False) -> None:
        """Close voting and publish the tallies. With fewer than three ballots it is refused
        unless forced, since a voter could work out the other ballots from the result."""
        with self._write() as db:
            ballots.check_close(self._session(db), force)
            self._set_meta(db, "voting_closed", "1")
            self._mark_for_compaction(db)

    def _polls(self, db: Database) -> tuple[ballots.Polls, tuple[Member, ...]]:
        """What the checks of a ballot read, and who may cast one: four small statements
        (the ideas as their numbers alone) instead of a snapshot, since every other write of
        the session waits for a ballot. A session whose budget was never set (one voting has
        not opened in) is read whole, and its budget previewed as a snapshot does."""
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
        votable = db.execute(_VOTABLE).fetchall()
        polls = ballots.Polls(
            stage, info.get("voting_closed") == "1", budget, frozenset(n for (n,) in votable), voted
        )
        return polls, members


_SETTINGS = "SELECT key, value FROM meta WHERE key IN ('voting_closed', 'dots', 'max_per_idea')"
_VOTABLE = "SELECT number FROM ideas WHERE number IS NOT NULL AND merged_into IS NULL"
_POLLS = (STAGE, _SETTINGS, reading.VOTERS, _VOTABLE)
"""What `VotingOperations._polls` reads, in its order (asked first, by `_write`)."""
