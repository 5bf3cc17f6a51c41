"""The roster file: the levels, most junior first, and the people expected in the room."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from rmworkshop.core.names import look_alike
from rmworkshop.core.people import DEFAULT_LEVELS, MAX_TOPICS, Profile, clean_topics
from rmworkshop.core.text import clean_name

__all__ = ["DEFAULT_LEVELS", "Person", "Roster"]


def _name(value: str) -> str:
    try:
        return clean_name(value)
    except Exception as error:  # Refused carries the user-facing wording
        raise ValueError(str(error)) from None


Name = Annotated[str, AfterValidator(_name)]


def _topic(value: str) -> str:
    try:
        return clean_topics([value])[0]
    except Exception as error:  # Refused carries the user-facing wording
        raise ValueError(str(error)) from None


Topic = Annotated[str, AfterValidator(_topic)]


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: Name
    level: str
    team: Name | None = None
    """Pairs avoid two people of one team."""
    teaches: list[Topic] = Field(default_factory=list, max_length=MAX_TOPICS)
    """What this person can teach."""
    learns: list[Topic] = Field(default_factory=list, max_length=MAX_TOPICS)
    """What this person wants to learn."""
    mentor: bool = True
    """Willing to mentor; false never makes them a mentor."""

    def profile(self) -> Profile:
        return Profile(
            self.team, clean_topics(self.teaches), clean_topics(self.learns), self.mentor
        )


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    levels: list[Name] = Field(default_factory=lambda: list(DEFAULT_LEVELS), min_length=1)
    """Seniority levels, most junior first."""
    people: list[Person] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        known: set[str] = set()
        for index, level in enumerate(self.levels):
            if level.casefold() in known:
                raise ValueError(f"levels[{index}]: {level!r} repeats an earlier level")
            known.add(level.casefold())
        seen: set[str] = set()
        for index, person in enumerate(self.people):
            if person.level not in self.levels:
                raise ValueError(
                    f"people[{index}].level: unknown level {person.level!r};"
                    f" expected one of {', '.join(self.levels)}"
                )
            key = person.name.casefold()
            if key in seen:
                raise ValueError(f"people[{index}].name: {person.name!r} is listed twice")
            seen.add(key)
            twin = next((p for p in self.people[:index] if look_alike(p.name, person.name)), None)
            if twin is not None:
                raise ValueError(f"people[{index}].name: {person.name!r} looks like {twin.name!r}")
        return self
