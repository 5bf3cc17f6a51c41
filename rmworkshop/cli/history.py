"""`--history OUTCOMES...`: what earlier sessions' outcomes files bring to this one. Every pair
they name is a pair not to make again, and the latest session's pairs (those not ended) are
the pairs a check-in phase asks about."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from rmworkshop.core.checkin import CheckinPair, checkin_pairs
from rmworkshop.store import Store


class History(NamedTuple):
    groups: list[list[str]]
    """Every pair (or trio) of the files, as lists of names."""
    checkin: tuple[CheckinPair, ...]
    """The pairs of the latest session that named any, ended ones left out."""


def read_history(files: Sequence[str]) -> History:
    """Read the files (a bad one is refused, one line, before anything changes)."""
    from rmworkshop.files.outcomes import load

    loaded = [load(Path(path)) for path in files]
    groups = [pair.people for outcomes in loaded for pair in outcomes.pairs]
    with_pairs = [outcomes for outcomes in loaded if outcomes.pairs]
    latest = max(with_pairs, key=lambda outcomes: outcomes.session.started, default=None)
    checkin = checkin_pairs(
        (pair.mentors, pair.mentees, pair.topics)
        for pair in (latest.pairs if latest else [])
        if pair.status != "ended"
    )
    return History(groups, checkin)


def add_history(store: Store, history: History) -> None:
    if history.groups:
        store.add_pair_history(history.groups)
    if history.checkin:
        store.set_checkin_pairs(history.checkin)
