"""The participant server's JSON as a terminal client accepts it: every field checked.

A server is not trusted to be ours, or well: each number must be finite and within what a
workshop can hold, each text and list is bounded, and anything else is refused whole (the
caller says so in one line). Loaded when the first answer arrives, so starting a console does
not wait for pydantic.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 10_000
"""Characters in any one text: an idea is at most 500, a prompt a few lines."""
MAX_ITEMS = 100_000
"""Items in any one list: people, ideas, pairs."""

Count = Annotated[int, Field(ge=0, le=1_000_000)]
Dots = Annotated[int, Field(ge=0, le=100)]
"""An agenda allows at most 100 dots per person, and per idea."""
Version = Annotated[int, Field(ge=0, le=2**63)]
Seconds = Annotated[float, Field(allow_inf_nan=False, ge=-1e9, le=1e9)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class PersonWire(Wire):
    name: Text
    level: Text = ""
    claimed: bool = False


class PartnerWire(PersonWire):
    role: Text = ""


class PhaseWire(Wire):
    index: Count
    name: Text
    kind: Text
    prompt: Text | None = ""
    state: Text
    remaining_seconds: Seconds | None = 0.0


class TurnWire(Wire):
    seconds: Seconds
    remaining_seconds: Seconds


class HandWire(Wire):
    up: bool = False
    place: Count | None = None


class BallotIdeaWire(Wire):
    number: Count
    text: Text


class BallotWire(Wire):
    ideas: Annotated[list[BallotIdeaWire], Field(max_length=MAX_ITEMS)]
    dots: Dots
    max_per_idea: Dots
    voted: bool = False


class ResultWire(Wire):
    number: Count
    text: Text
    rank: Count
    tied: bool
    votes: Count
    owners: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = []
    due: Text | None = ""
    first_step: Text | None = ""


class PairWire(Wire):
    mentors: Annotated[list[PersonWire], Field(max_length=MAX_ITEMS)]
    mentees: Annotated[list[PersonWire], Field(max_length=MAX_ITEMS)]
    topics: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = []


class MyPairWire(Wire):
    role: Text | None = ""
    partners: Annotated[list[PartnerWire], Field(max_length=MAX_ITEMS)]
    topics: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = []


class ChoiceWire(Wire):
    value: Text
    label: Text


class CheckinPairWire(Wire):
    mentors: Annotated[list[Text], Field(max_length=MAX_ITEMS)]
    mentees: Annotated[list[Text], Field(max_length=MAX_ITEMS)]
    topics: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = []


class CheckinWire(Wire):
    readers: Text
    met: Annotated[list[ChoiceWire], Field(max_length=10)]
    going: Annotated[list[ChoiceWire], Field(max_length=10)]
    pair: CheckinPairWire | None = None
    answered: bool = False


class LimitsWire(Wire):
    idea_chars: Count | None = None
    note_chars: Count | None = None


class StateWire(Wire):
    version: Version
    title: Text | None = ""
    summary: Text | None = ""
    me: PersonWire | None = None
    phase: PhaseWire
    allowed: Annotated[list[Text], Field(max_length=100)] = []
    order: Annotated[list[PersonWire], Field(max_length=MAX_ITEMS)] = []
    speaking: PersonWire | Text | None = None
    you_are_next: bool = False
    you_are_speaking: bool = False
    turn: TurnWire | None = None
    hand: HandWire | None = None
    ballot: BallotWire | None = None
    results: Annotated[list[ResultWire], Field(max_length=MAX_ITEMS)] | None = None
    waiting: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = []
    pair: MyPairWire | None = None
    pairs: Annotated[list[PairWire], Field(max_length=MAX_ITEMS)] | None = []
    wall: Annotated[list[BallotIdeaWire], Field(max_length=MAX_ITEMS)] | None = []
    checkin: CheckinWire | None = None
    limits: LimitsWire | None = None


class RollWire(Wire):
    levels: Annotated[list[Text], Field(max_length=1000)]
    people: Annotated[list[PersonWire], Field(max_length=MAX_ITEMS)]
    can_add: bool = True
