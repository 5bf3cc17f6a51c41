"""Ideas: submitting, revealing, merging, and their owners."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules import ideas as idea_rules
from rmworkshop.core.rules import people
from rmworkshop.core.rules.ideas import KEEP, Keep
from rmworkshop.core.text import clean_idea
from rmworkshop.core.voting import Budget
from rmworkshop.store.database import Database
from rmworkshop.store.sqlite.operations.base import STAGE, StoreBase


class IdeaOperations(StoreBase):
    def submit(self, text: str) -> str:
        """Store one anonymous idea: a random key, no author, no time. Returns the text as
        stored (cleaned), which is what a console remembers as the participant's own idea."""
        idea = clean_idea(text)
        self._submit_ideas([idea])
        return idea

    def submit_many(self, texts: Sequence[str]) -> int:
        """Store many anonymous ideas in one transaction (ideas gathered on paper, say).

        All are cleaned first, so one refused idea stores none. Returns how many were stored.
        """
        cleaned = [clean_idea(text) for text in texts]
        self._submit_ideas(cleaned)
        return len(cleaned)

    def _submit_ideas(self, ideas: Sequence[str]) -> None:
        """Cleaned ideas stored in one write, when the core's rule allows it."""
        with self._write(alongside=True, reads=(STAGE,)) as db:
            self._check_submit(db)
            self._insert_ideas(db, ideas)

    def _check_submit(self, db: Database) -> None:
        idea_rules.check_submit(self._stage(db))

    def _insert_ideas(self, db: Database, texts: Sequence[str]) -> None:
        """The one insert into ideas: a random key and the cleaned text, no author, no time."""
        db.executemany(
            "INSERT INTO ideas (key, text) VALUES (?, ?)",
            ((secrets.token_hex(16), idea) for idea in texts),
        )

    def reveal(self, force: bool = False) -> int:
        """Give every unrevealed idea a display number, in shuffled order. Returns how many.
        A later reveal of fewer than three new ideas is refused unless forced."""
        with self._write() as db:
            idea_rules.check_reveal(self._session(db), force)
            return self._reveal(db)

    def _reveal(self, db: Database) -> int:
        # Sorted by text first, so a seeded generator deals the same numbers every time.
        hidden = [
            key
            for (key,) in db.execute(
                "SELECT key FROM ideas WHERE number IS NULL ORDER BY text, key"
            )
        ]
        self._rng.shuffle(hidden)
        (highest,) = db.execute("SELECT coalesce(max(number), 0) FROM ideas").fetchone()
        db.executemany(
            "UPDATE ideas SET number = ? WHERE key = ?",
            [(highest + offset + 1, key) for offset, key in enumerate(hidden)],
        )
        if hidden:
            self._mark_for_compaction(db)
        return len(hidden)

    def merge(self, keep: int, duplicates: Sequence[int]) -> None:
        """Merge duplicate ideas into ``keep``; their texts are kept with it."""
        with self._write() as db:
            session = self._session(db)
            target, merged = idea_rules.merge_plan(session, keep, duplicates)
            for key in (idea.key for idea in merged):
                db.execute(
                    "UPDATE ideas SET merged_into = ? WHERE merged_into = ?", (target.key, key)
                )
                db.execute("UPDATE ideas SET merged_into = ? WHERE key = ?", (target.key, key))
            if (budget := idea_rules.budget_after_merge(session, merged)) is not None:
                self._set_budget(db, budget)

    def unmerge(self, number: int) -> list[int]:
        """Give back their own place to the cards merged into ``number``, or to ``number``."""
        with self._write() as db:
            session = self._session(db)
            restored = idea_rules.unmerge_plan(session, number)
            db.executemany(
                "UPDATE ideas SET merged_into = NULL WHERE key = ?",
                [(idea.key,) for idea in restored],
            )
            if (budget := idea_rules.budget_after_unmerge(session, restored)) is not None:
                self._set_budget(db, budget)
        return sorted(idea.number for idea in restored)

    def dismiss(self, numbers: Sequence[int]) -> None:
        """Remember a dismissed suggestion by its ideas' keys."""
        with self._write() as db:
            session = self._session(db)
            idea_rules.check_suggesting(session)
            keys = sorted({idea_rules.votable_idea(session, n).key for n in numbers})
            if len(keys) < 2:
                raise Refused("A suggestion has two ideas or more.")
            db.execute(
                "INSERT INTO dismissed (ideas) VALUES (?) ON CONFLICT DO NOTHING", (",".join(keys),)
            )

    def dismissed(self) -> list[frozenset[int]]:
        with self._read() as db:
            rows = db.execute("SELECT ideas FROM dismissed ORDER BY ideas").fetchall()
            numbers = dict(
                db.execute("SELECT key, number FROM ideas WHERE number IS NOT NULL").fetchall()
            )
        return [
            frozenset(numbers[key] for key in keys.split(",") if key in numbers) for (keys,) in rows
        ]

    def _set_budget(self, db: Database, budget: Budget) -> None:
        self._set_meta(db, "dots", str(budget.dots))
        self._set_meta(db, "max_per_idea", str(budget.max_per_idea))

    def set_owners(
        self,
        number: int,
        names: Sequence[str],
        due: date | Keep | None = KEEP,
        first_step: str | Keep | None = KEEP,
    ) -> None:
        """Set an idea's owners (replacing any); its due date and first step are each kept
        (`KEEP`), cleared (None) or set."""
        with self._write() as db:
            session = self._session(db)
            idea = idea_rules.votable_idea(session, number)
            members = _unique(people.member_named(session, name) for name in names)
            today = date.fromtimestamp(self._clock.now())
            new_due, step = idea_rules.follow_up_fields(idea, due, first_step, today)
            db.execute("DELETE FROM owners WHERE idea = ?", (idea.key,))
            db.executemany(
                "INSERT INTO owners (idea, position, person) VALUES (?, ?, ?)",
                [(idea.key, position, m.id) for position, m in enumerate(members)],
            )
            db.execute(
                "UPDATE ideas SET due = ?, first_step = ? WHERE key = ?",
                (new_due.isoformat() if new_due else None, step, idea.key),
            )

    def volunteer(self, number: int, name: str, device: str | None = None) -> None:
        """Add one person to an idea's owners."""
        with self._write() as db:
            session = self._session(db)
            idea_rules.check_volunteering(session)
            idea = idea_rules.votable_idea(session, number)
            member = people.member_named(session, name)
            self._check_device(db, device, member)
            if member.name in idea.owners:
                return
            db.execute(
                "INSERT INTO owners (idea, position, person) VALUES (?, ?, ?)",
                (idea.key, len(idea.owners), member.id),
            )


def _unique(members: Iterable[Member]) -> list[Member]:
    seen: dict[int, Member] = {}
    for member in members:
        seen.setdefault(member.id, member)
    return list(seen.values())
