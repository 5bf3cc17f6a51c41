"""The agenda: a titled list of timed phases, plus voting and speaking settings. One model, for
the agenda file and for everything that runs it.

The records are plain named tuples. Their annotations also say how an agenda file is checked
(`Check` and `Text` below): pydantic reads them only when a file is checked, when a session is
created (`rmworkshop.core.loading.validate`), and nothing here imports it. The session file
keeps the checked agenda, and everything that only reads a session (every console, every poll)
builds these from it with `Plan.from_data`, so a console starts without loading pydantic.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, cast, get_args

from rmworkshop.core.text import clean, clean_read

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

PhaseKind = Literal[
    "info", "capture", "share", "discuss", "vote", "actions", "pairs", "checkin", "break"
]
PHASE_KINDS: tuple[PhaseKind, ...] = get_args(PhaseKind)
MAX_PHASE_MINUTES = 24 * 60


class Check:
    """Bounds an agenda file's value must keep, in pydantic's own terms (``ge``, ``le``,
    ``gt``, ``min_length``, ``allow_inf_nan``, ``strict``)."""

    def __init__(self, **bounds: object) -> None:
        self.bounds = bounds

    def __get_pydantic_core_schema__(
        self, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return cast("CoreSchema", {**handler(source), **self.bounds})


class Text:
    """A text of an agenda file, cleaned as it is checked; a required one must not be blank."""

    def __init__(self, required: bool = False) -> None:
        self.required = required

    def _clean(self, value: str) -> str:
        cleaned = clean(value)
        if self.required and not cleaned:
            raise ValueError("must not be blank")
        return cleaned

    def __get_pydantic_core_schema__(
        self, source: object, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self._clean, handler(source))


class VotingPlan(NamedTuple):
    dots: Annotated[int, Check(ge=1, le=100)] | None = None
    """Dots per person; by default floor(ideas / 3), clamped to 1..20."""
    max_per_idea: Annotated[int, Check(ge=1, le=100)] = 3
    """The most dots one person may put on one idea."""


class SpeakingPlan(NamedTuple):
    turn_seconds: Annotated[int, Check(gt=0, le=3600)] = 90
    """How long one speaking turn may last."""


class PhasePlan(NamedTuple):
    name: Annotated[str, Text(required=True)]
    kind: PhaseKind
    minutes: Annotated[float, Check(gt=0, le=MAX_PHASE_MINUTES, allow_inf_nan=False)]
    prompt: Annotated[str, Text()] = ""

    @property
    def planned_seconds(self) -> int:
        return round(self.minutes * 60)


class Plan(NamedTuple):
    title: Annotated[str, Text(required=True)]
    # An array in the file: checked as one (not strictly a tuple), with at least one phase.
    phases: Annotated[tuple[PhasePlan, ...], Check(min_length=1, strict=False)]
    summary: Annotated[str, Text()] = ""
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
