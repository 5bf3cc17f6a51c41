"""People: joining, marked away and back, mentoring pairs, and join codes typed in browsers."""

from __future__ import annotations

from collections.abc import Sequence

from rmworkshop.core.joincode import Guess
from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import Member, Profile
from rmworkshop.core.rules import joining, people
from rmworkshop.core.text import clean_name
from rmworkshop.store import pairs, reading
from rmworkshop.store.connection import read
from rmworkshop.store.operations.base import StoreBase
from rmworkshop.store.problems import optional_setting, whole_number


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
                    db.execute(
                        "UPDATE people SET team = ?, teaches = ?, learns = ?, mentor = ?"
                        " WHERE id = ?",
                        (*pairs.profile_columns(profile), existing.id),
                    )
                return Member(existing.id, existing.name, existing.level, True)
            cursor = db.execute(
                "INSERT INTO people (name, name_key, level, team, teaches, learns, mentor)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (cleaned, cleaned.casefold(), level, *pairs.profile_columns(profile or Profile())),
            )
            assert cursor.lastrowid is not None
            return Member(cursor.lastrowid, cleaned, level, True)

    def set_present(self, name: str, present: bool) -> Member:
        with self._write() as db:
            member = people.member_named(self._session(db), name)
            db.execute("UPDATE people SET present = ? WHERE id = ?", (int(present), member.id))
            if not present:
                db.execute("DELETE FROM hands WHERE person = ?", (member.id,))
        return member

    def swap_pairs(self, first: str, second: str) -> Pairing:
        """Exchange two people's places in the current pairs; the rest are paired again."""
        with self._write() as db:
            session = self._session(db)
            return pairs.swap_people(db, session, first, second)

    def add_pair_history(self, groups: Sequence[Sequence[str]]) -> None:
        """Earlier pairs to avoid; a running pairs phase is paired again with them."""
        with self._write() as db:
            session = self._session(db)
            stored = session.pair_history_files
            self._set_meta(db, pairs.HISTORY_KEY, pairs.history_value(stored, groups))
            if session.pairing is not None:
                pairs.form(db, self._session(db), session.index, again=True)

    def join_failures(self) -> tuple[int, float | None]:
        """Recent wrong join codes across every browser console: (how many, when the last)."""
        with read(self._db) as db:
            return joining.recent_failures(*_failures(reading.meta(db)), self._now())

    def try_join_code(self, right: bool) -> Guess:
        """One typed join code, from any browser console: tried only if no wait is running,
        and counted if wrong. Nothing is recorded for a guess that is not tried or is right."""
        # Decided and recorded in one write transaction: tabs guessing at the same moment
        # would otherwise all read the same count, and each get a guess per wait.
        with self._write() as db:
            now = self._now()
            guess, record = joining.judge_guess(*_failures(reading.meta(db)), now, right)
            if record:
                self._set_meta(db, "join_failures", str(guess.failures))
                self._set_meta(db, "join_failed_at", repr(now))
            return guess


def _failures(meta: dict[str, str]) -> tuple[int, float | None]:
    # Converted with the checks that name a damaged setting rather than crash on one.
    failures = optional_setting(meta, "join_failures", whole_number, "a whole number")
    return failures or 0, optional_setting(meta, "join_failed_at", float, "a time")
