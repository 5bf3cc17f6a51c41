"""Pair check-ins: the earlier pairs to check in, and each member's answer, given once."""

from __future__ import annotations

from collections.abc import Sequence

from rmworkshop.core.checkin import Answer, CheckinPair
from rmworkshop.core.rules import checkin
from rmworkshop.store.sqlite import checkins
from rmworkshop.store.sqlite.operations.base import StoreBase


class CheckinOperations(StoreBase):
    def set_checkin_pairs(self, pairs: Sequence[CheckinPair]) -> None:
        """The earlier pairs to check in: set until the first answer; the same pairs again
        change nothing."""
        with self._write() as db:
            if checkin.check_setting_pairs(self._session(db), pairs):
                self._set_meta(db, checkins.PAIRS_KEY, checkins.pairs_value(pairs))

    def check_in(
        self, name: str, met: str, going: str, note: str = "", device: str | None = None
    ) -> Answer:
        """One member's answer about their pair, once, during a check-in phase."""
        with self._write() as db:
            session = self._session(db)
            member, answer = checkin.checking_in(session, name, met, going, note)
            self._check_device(db, device, member)
            checkins.write_answer(db, member.id, answer)
            return answer
