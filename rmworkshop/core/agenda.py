"""The agenda file: a titled list of timed phases, plus voting and speaking settings."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rmworkshop.core.plan import PhaseKind, Plan
from rmworkshop.core.text import clean

PHASE_KINDS: tuple[PhaseKind, ...] = (
    "info",
    "capture",
    "share",
    "discuss",
    "vote",
    "actions",
    "pairs",
    "break",
)


def _text(value: str) -> str:
    return clean(value)


def _required_text(value: str) -> str:
    cleaned = clean(value)
    if not cleaned:
        raise ValueError("must not be blank")
    return cleaned


Text = Annotated[str, AfterValidator(_text)]
RequiredText = Annotated[str, AfterValidator(_required_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Voting(_Model):
    dots: int | None = Field(default=None, ge=1, le=100)
    """Dots per person; by default floor(ideas / 3), clamped to 1..20."""
    max_per_idea: int = Field(default=3, ge=1, le=100)
    """The most dots one person may put on one idea."""


class Speaking(_Model):
    turn_seconds: int = Field(default=90, gt=0, le=3600)
    """How long one speaking turn may last."""


class Phase(_Model):
    name: RequiredText
    kind: PhaseKind
    minutes: float = Field(gt=0, le=24 * 60, allow_inf_nan=False)
    prompt: Text = ""

    @property
    def planned_seconds(self) -> int:
        return round(self.minutes * 60)


class Agenda(_Model):
    title: RequiredText
    summary: Text = ""
    voting: Voting = Voting()
    speaking: Speaking = Speaking()
    phases: list[Phase] = Field(min_length=1)

    @property
    def planned_seconds(self) -> int:
        return sum(phase.planned_seconds for phase in self.phases)

    def plan(self) -> Plan:
        """The checked agenda as the consoles use it (see `rmworkshop.core.plan`)."""
        return Plan.from_data(self.model_dump())
