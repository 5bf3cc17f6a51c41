"""The agenda as the consoles use it: plain frozen dataclasses, no validation library.

An agenda file is checked once, by the pydantic schema in `rmworkshop.core.agenda`, when a
session is created; the session file keeps the checked agenda. Everything that only reads a
session (every participant console, every poll) builds these instead, so a console starts
without loading pydantic: a quarter of a second and some 15 MB per browser participant.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple, cast, get_args

from rmworkshop.core.text import clean_read

PhaseKind = Literal["info", "capture", "share", "discuss", "vote", "actions", "pairs", "break"]


class VotingPlan(NamedTuple):
    dots: int | None = None
    """Dots per person; by default floor(ideas / 3), clamped to 1..20."""
    max_per_idea: int = 3


class SpeakingPlan(NamedTuple):
    turn_seconds: int = 90


class PhasePlan(NamedTuple):
    name: str
    kind: PhaseKind
    minutes: float
    prompt: str = ""

    @property
    def planned_seconds(self) -> int:
        return round(self.minutes * 60)


class Plan(NamedTuple):
    title: str
    phases: tuple[PhasePlan, ...]
    summary: str = ""
    voting: VotingPlan = VotingPlan()
    speaking: SpeakingPlan = SpeakingPlan()

    @property
    def planned_seconds(self) -> int:
        return sum(phase.planned_seconds for phase in self.phases)

    def to_json(self) -> str:
        """As the session file keeps it: the keys in the agenda schema's order, compact."""
        data = {
            "title": self.title,
            "summary": self.summary,
            "voting": {"dots": self.voting.dots, "max_per_idea": self.voting.max_per_idea},
            "speaking": {"turn_seconds": self.speaking.turn_seconds},
            "phases": [
                {"name": p.name, "kind": p.kind, "minutes": p.minutes, "prompt": p.prompt}
                for p in self.phases
            ],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Plan:
        """From an agenda already checked by the schema (as the session file stores it).

        Its texts are cleaned again: the file may have been edited since by another program.
        """
        voting = data.get("voting") or {}
        speaking = data.get("speaking") or {}
        return cls(
            title=clean_read(str(data["title"])),
            summary=clean_read(str(data.get("summary", ""))),
            voting=VotingPlan(voting.get("dots"), int(voting.get("max_per_idea", 3))),
            speaking=SpeakingPlan(int(speaking.get("turn_seconds", 90))),
            phases=tuple(_phase(phase) for phase in cast(Sequence[Any], data["phases"])),
        )


def _phase(data: Mapping[str, Any]) -> PhasePlan:
    kind, minutes = data["kind"], float(data["minutes"])
    # A file edited since it was checked must not hand the consoles a phase they cannot draw.
    if kind not in get_args(PhaseKind) or not 0 < minutes < math.inf:
        raise ValueError(f"phase kind {kind!r}, {minutes} minutes")
    return PhasePlan(
        name=clean_read(str(data["name"])),
        kind=cast(PhaseKind, kind),
        minutes=minutes,
        prompt=clean_read(str(data.get("prompt", ""))),
    )
