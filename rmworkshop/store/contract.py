"""The store contract: every operation a session backend provides, and nothing else.

Front ends, commands and the participant server are written against `Store`; the SQLite file
(`rmworkshop.store.sqlite`) is the backend today. Each write is one transaction that runs the
core's rules (`rmworkshop.core.rules`) on what it reads inside that transaction, so a refused
action changes nothing, and two processes never interleave half-done work. A refusal is a
`Refused` with one line for people; `Busy` when another program held the session too long.

The backend-agnostic suite in ``tests/store/contract/`` checks every operation here, every
refusal, the concurrency guarantees and the anonymity properties, once per backend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol, Self

from rmworkshop.core.joincode import Guess
from rmworkshop.core.pairing import Pairing
from rmworkshop.core.people import Member
from rmworkshop.core.session import Session


class Store(Protocol):
    """One session, opened by one process; safe to use from several processes at once."""

    # -- lifetime ----------------------------------------------------------------------------
    def close(self) -> None:
        """Finish pending housekeeping (best effort) and let go of the session."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *_: object) -> None: ...

    # -- reading -----------------------------------------------------------------------------
    def data_version(self) -> int:
        """Changes whenever another process commits; cheap enough to poll often."""

    def snapshot(self) -> Session:
        """The whole session as the rules see it; idea texts only once revealed, tallies only
        once voting has closed."""

    def unrevealed(self) -> int:
        """How many ideas are stored but not revealed yet."""

    def merged_texts(self) -> dict[int, list[str]]:
        """Texts merged into each idea, by the idea's display number."""

    # -- people ------------------------------------------------------------------------------
    def add_person(self, name: str, level: str) -> Member:
        """Join; joining again under the same name and level marks the person present."""

    def set_present(self, name: str, present: bool) -> Member: ...

    # -- mentoring pairs ---------------------------------------------------------------------
    def swap_pairs(self, first: str, second: str) -> Pairing:
        """Exchange two people's places in the current pairs; the rest are paired again."""

    def add_pair_history(self, groups: Sequence[Sequence[str]]) -> None:
        """Earlier pairs to avoid; a running pairs phase is paired again with them."""

    # -- phases and time ---------------------------------------------------------------------
    def start(self) -> None: ...

    def next_phase(self, from_phase: int | None = None) -> None:
        """Move on one phase (or finish). ``from_phase`` is `Session.phase_number` as the
        caller saw it; the move is refused if the session has moved since."""

    def back_phase(self, from_phase: int | None = None) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None:
        """Resume the phase timer; before the start, start the session."""

    def extend(self, minutes: float) -> None: ...

    # -- ideas -------------------------------------------------------------------------------
    def submit(self, text: str) -> str:
        """Store one anonymous idea; returns its text as stored (cleaned)."""

    def submit_many(self, texts: Sequence[str]) -> int:
        """Store several ideas in one transaction, all or none; returns how many."""

    def reveal(self) -> int:
        """Number every hidden idea in shuffled order; returns how many."""

    def merge(self, keep: int, duplicates: Sequence[int]) -> None: ...

    # -- voting ------------------------------------------------------------------------------
    def cast_ballot(self, name: str, choices: Mapping[int, int]) -> None:
        """One whole secret ballot; afterwards nothing links the voter to the choices."""

    def close_voting(self, force: bool = False) -> None:
        """Close voting on purpose; with fewer than two ballots only when forced."""

    # -- owners ------------------------------------------------------------------------------
    def set_owners(
        self,
        number: int,
        names: Sequence[str],
        due: date | None = None,
        first_step: str | None = None,
    ) -> None: ...

    def volunteer(self, number: int, name: str) -> None: ...

    # -- speaking ----------------------------------------------------------------------------
    def turn_next(self) -> Member: ...

    def turn_pass(self) -> Member: ...

    def turn_end(self) -> Member: ...

    def hand(self, name: str, up: bool) -> None: ...

    # -- join codes typed into browser consoles ----------------------------------------------
    def join_failures(self) -> tuple[int, float | None]: ...

    def try_join_code(self, right: bool) -> Guess: ...
