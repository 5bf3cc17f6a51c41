"""What one participant device sees of a session: the participant server's state, typed.

The participant server sends this as JSON (see docs/participant-api.md); a console on the
same account builds it from a session snapshot (`local_state.state_of`). Participant screens
draw only this, so they look and behave the same whether they read the file or the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import clean

if TYPE_CHECKING:  # the checked wire format loads with the first answer (see `remote.wire`)
    from rmworkshop.remote.wire import (
        BallotWire,
        PairWire,
        PersonWire,
        ResultWire,
        StateWire,
    )


class Person(NamedTuple):
    name: str
    level: str
    claimed: bool = False


class Phase(NamedTuple):
    position: int
    """The phase's index in the agenda, from 0."""
    name: str
    kind: str
    prompt: str
    state: str
    """running, paused, finished or not-started."""
    remaining_seconds: float


class BallotIdea(NamedTuple):
    number: int
    text: str


class Ballot(NamedTuple):
    ideas: tuple[BallotIdea, ...]
    dots: int
    max_per_idea: int
    voted: bool


class Result(NamedTuple):
    number: int
    text: str
    rank: int
    tied: bool
    votes: int
    owners: tuple[str, ...]
    due: str = ""
    """An ISO date, or empty."""
    first_step: str = ""


class Hand(NamedTuple):
    up: bool
    place: int | None


class PairView(NamedTuple):
    """One pair or trio of the current pairs phase, as every device may see it."""

    mentors: tuple[Person, ...]
    mentees: tuple[Person, ...]
    topics: tuple[str, ...]

    @property
    def people(self) -> tuple[Person, ...]:
        return self.mentors + self.mentees


class Roll(NamedTuple):
    """Who a newcomer can be: the people in the session and the levels to add oneself at."""

    levels: tuple[str, ...]
    people: tuple[Person, ...]
    can_add: bool = True
    """False once voting has started: then only the facilitator adds people."""


class ParticipantState(NamedTuple):
    version: int
    title: str
    summary: str
    me: Person | None
    phase: Phase
    allowed: frozenset[str]
    order: tuple[Person, ...]
    speaking: Person | None
    you_are_next: bool
    you_are_speaking: bool
    hand: Hand
    ballot: Ballot | None
    results: tuple[Result, ...] | None
    waiting: tuple[str, ...]
    received_at: float
    """When this state was read, on the console's own clock: countdowns run from here."""
    pairs: tuple[PairView, ...] = ()
    """Every pair of the current pairs phase; pairs name people on purpose."""
    roll: Roll | None = None
    """Who a newcomer can be, while this console has nobody yet: its backend reads it with
    the state, so that "who are you?" draws it without asking anything itself."""
    trouble: str | None = None
    """What keeps the console from being up to date, in a few words (the backend's)."""

    def my_pair(self) -> PairView | None:
        if self.me is None:
            return None
        return next((p for p in self.pairs if self.me.name in {x.name for x in p.people}), None)

    @property
    def is_started(self) -> bool:
        return self.phase.state != "not-started"

    @property
    def is_finished(self) -> bool:
        return self.phase.state == "finished"

    def remaining(self, now: float) -> float:
        if self.phase.state != "running":
            return self.phase.remaining_seconds
        return self.phase.remaining_seconds - (now - self.received_at)

    def idea(self, number: int) -> BallotIdea | None:
        ideas = self.ballot.ideas if self.ballot else ()
        return next((idea for idea in ideas if idea.number == number), None)


# -- from the participant server's JSON ------------------------------------------------------
UNDERSTOOD = "The server sent a state this console does not understand."


def parse_state(data: object, now: float) -> ParticipantState:
    """The server's state JSON, every field checked (`remote.wire`); anything malformed, a
    number that is not finite or out of bounds included, is one plain refusal."""
    from pydantic import ValidationError

    from rmworkshop.remote.wire import StateWire

    try:
        return _state(StateWire.model_validate(data), now)
    except (ValidationError, RecursionError):
        raise Refused(UNDERSTOOD) from None


def parse_roll(data: object) -> Roll:
    from pydantic import ValidationError

    from rmworkshop.remote.wire import RollWire

    try:
        body = RollWire.model_validate(data)
    except (ValidationError, RecursionError):
        raise Refused(
            "The server sent a list of people this console does not understand."
        ) from None
    return Roll(
        tuple(_text(level) for level in body.levels),
        tuple(Person(_text(p.name), _text(p.level), p.claimed) for p in body.people),
        body.can_add,
    )


def _state(body: StateWire, now: float) -> ParticipantState:
    phase = body.phase
    hand = body.hand
    me = _person(body.me) if body.me else None
    return ParticipantState(
        version=body.version,
        title=_text(body.title or "rmworkshop"),
        summary=_text(body.summary or ""),
        me=me,
        phase=Phase(
            position=phase.index,
            name=_text(phase.name),
            kind=_text(phase.kind),
            prompt=_text(phase.prompt or ""),
            state=_text(phase.state),
            remaining_seconds=phase.remaining_seconds or 0.0,
        ),
        allowed=frozenset(body.allowed),
        order=tuple(_person(p) for p in body.order),
        speaking=_speaker(body.speaking),
        you_are_next=body.you_are_next,
        you_are_speaking=body.you_are_speaking,
        hand=Hand(hand.up, hand.place or None) if hand else Hand(False, None),
        ballot=_ballot(body.ballot) if body.ballot else None,
        results=None if body.results is None else tuple(_result(r) for r in body.results),
        waiting=tuple(_text(name) for name in body.waiting or ()),
        received_at=now,
        pairs=_pairs(body, me),
    )


def _pairs(body: StateWire, me: Person | None) -> tuple[PairView, ...]:
    """Every pair when sent (a kiosk lists them all); otherwise this person's own pair, from
    the partners the server names (`pair`), with this person put on their side of it."""
    if body.pairs:
        return tuple(_pair(pair) for pair in body.pairs)
    pair = body.pair
    if pair is None or me is None:
        return ()
    partners = [(_person(p), _text(p.role)) for p in pair.partners]
    mentors = tuple(p for p, role in partners if role == "mentor")
    mentees = tuple(p for p, role in partners if role != "mentor")
    # A partner's role says this person's: beside mentees only, they mentor; otherwise (a
    # trio with both) the server's own "role", when it sends one, decides.
    role = _text(pair.role or ("mentor" if not mentors else "mentee"))
    if role == "mentor":
        mentors = (me, *mentors)
    else:
        mentees = (me, *mentees)
    return (PairView(mentors, mentees, tuple(_text(t) for t in pair.topics or ())),)


def _pair(pair: PairWire) -> PairView:
    return PairView(
        tuple(_person(p) for p in pair.mentors),
        tuple(_person(p) for p in pair.mentees),
        tuple(_text(topic) for topic in pair.topics or ()),
    )


def _ballot(ballot: BallotWire) -> Ballot:
    ideas = tuple(BallotIdea(i.number, _text(i.text)) for i in ballot.ideas)
    return Ballot(ideas, ballot.dots, ballot.max_per_idea, ballot.voted)


def _result(r: ResultWire) -> Result:
    return Result(
        r.number,
        _text(r.text),
        r.rank,
        r.tied,
        r.votes,
        tuple(_text(o) for o in r.owners),
        _text(r.due or ""),
        _text(r.first_step or ""),
    )


def _person(body: PersonWire) -> Person:
    return Person(_text(body.name), _text(body.level))


def _speaker(data: PersonWire | str | None) -> Person | None:
    if data is None:
        return None
    if isinstance(data, str):
        return Person(_text(data), "")
    return _person(data)  # the server may send the speaker's level too


def _text(data: str) -> str:
    """Text from the network, cleaned like text from a file before it reaches a terminal."""
    return clean(data)
