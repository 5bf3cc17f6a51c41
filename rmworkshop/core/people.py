"""People as the rules see them: a name, a level, whether they are in the room, and what
they bring to mentoring pairs (team, topics taught and wanted, willingness to mentor)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_LEVELS: tuple[str, ...] = ("intern", "junior", "mid", "senior", "executive")
"""Most junior first; a roster may set its own."""


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    level: str
    present: bool = True
    team: str | None = None
    teaches: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    mentor: bool = True
    """Willing to mentor; False never makes this person a mentor."""


class Levels:
    """Seniority levels, most junior first, with a rank for sorting."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self._rank = {name: index for index, name in enumerate(self.names)}

    def rank(self, level: str) -> int:
        # A level unknown to this session sorts after the known ones, never crashes.
        return self._rank.get(level, len(self.names))

    def __contains__(self, level: object) -> bool:
        return level in self._rank

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.names)
