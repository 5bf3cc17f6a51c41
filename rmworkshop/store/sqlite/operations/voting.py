"""Secret ballots: opening the vote, casting a ballot whole, and closing it on purpose."""

from __future__ import annotations

from collections.abc import Mapping

from rmworkshop.core.rules import ballots, people
from rmworkshop.core.voting import Budget
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite.operations.ideas import IdeaOperations


class VotingOperations(IdeaOperations):
    def _open_voting(self, db: Database, budget: Budget) -> None:
        """Voting opens: every hidden idea is revealed, and the budget is the core's."""
        self._reveal(db)
        self._set_meta(db, "voting_opened", "1")
        self._set_budget(db, budget)

    def cast_ballot(self, name: str, choices: Mapping[int, int], device: str | None = None) -> None:
        """Cast a whole ballot at once. Afterwards nothing links the voter to the choices."""
        with self._write() as db:
            session = self._session(db, texts=False)  # the checks need the ideas' numbers
            member = people.member_named(session, name)
            self._check_device(db, device, member)
            ballots.check_cast(session, member, choices)
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
