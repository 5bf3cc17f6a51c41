"""People: joining, marked away and back, and mentoring pairs."""

from __future__ import annotations

from collections.abc import Sequence

from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.rules import pairs as pair_rules
from rmworkshop.core.rules import people
from rmworkshop.core.text import clean_name
from rmworkshop.store.sqlite import pairs
from rmworkshop.store.sqlite.operations.base import StoreBase, insert_person, set_profile


class PeopleOperations(StoreBase):
    def add_person(self, name: str, level: str, profile: Profile | None = None) -> Member:
        """Join the session; joining again under the same name and level is a no-op, except
        that a profile given then replaces the one stored."""
        cleaned = clean_name(name)
        with self._write() as db:
            existing = people.check_join(self._session(db), cleaned, level)
            if existing is not None:
                db.execute("UPDATE people SET present = 1 WHERE id = ?", (existing.id,))
                if profile is not None:
                    set_profile(db, existing.id, profile)
                return Member(existing.id, existing.name, existing.level, True)
            return insert_person(db, cleaned, level, profile)

    def set_present(self, name: str, present: bool) -> Member:
        with self._write() as db:
            member, lower_hand = people.marking(self._session(db), name, present)
            db.execute("UPDATE people SET present = ? WHERE id = ?", (int(present), member.id))
            if lower_hand:
                db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
        return member

    def swap_pairs(self, first: str, second: str) -> Pairing:
        """Exchange two people's places in the current pairs; the rest are paired again."""
        with self._write() as db:
            session = self._session(db)
            changed = pair_rules.swapped(session, first, second)
            pairs.write_pairing(db, session.index, changed, session.people)
            return changed

    def add_pair_history(self, groups: Sequence[Sequence[str]]) -> None:
        """Earlier pairs to avoid; a running pairs phase is paired again with them."""
        with self._write() as db:
            session = self._session(db)
            stored = session.pair_history_files
            self._set_meta(db, pairs.HISTORY_KEY, pairs.history_value(stored, groups))
            updated = self._session(db)
            if (pairing := pair_rules.with_more_history(updated)) is not None:
                pairs.write_pairing(db, updated.index, pairing, updated.people)
