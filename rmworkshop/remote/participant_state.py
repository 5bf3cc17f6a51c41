"""What one participant device sees of a session: the participant server's state, typed.

The participant server sends this as JSON (see docs/participant-api.md); a console on the
same account builds it from a session snapshot (`local_state.state_of`). Participant screens
draw only this, so they look and behave the same whether they read the file or the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import clean


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


class CheckinView(NamedTuple):
    """A check-in phase as one person sees it: who reads the answers, the choices (value and
    words), their pair from the earlier sessions by name, and whether they have answered."""

    readers: str
    met: tuple[tuple[str, str], ...]
    going: tuple[tuple[str, str], ...]
    pair: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None
    """Mentors, mentees and topics; None for someone in no pair."""
    answered: bool
    note_chars: int


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
    wall: tuple[BallotIdea, ...] = ()
    """The revealed ideas, the room's wall, in the phases that show it (`view.WALL_KINDS`)."""
    turn_left: float | None = None
    """While this person speaks: the seconds their turn had left when this state was read
    (negative once it runs over)."""
    checkin: CheckinView | None = None
    """In a check-in phase: this person's pair check-in (never anyone's answers)."""

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

    def my_turn_left(self, now: float) -> float | None:
        """The speaker's own countdown as of `now`; None unless this person has the floor."""
        if self.turn_left is None:
            return None
        return self.turn_left - (now - self.received_at)

    def idea(self, number: int) -> BallotIdea | None:
        ideas = self.ballot.ideas if self.ballot else ()
        return next((idea for idea in ideas if idea.number == number), None)


# -- from the participant server's JSON ------------------------------------------------------
UNDERSTOOD = "The server sent a state this console does not understand."


def parse_state(data: object, now: float) -> ParticipantState:
    """The server's state JSON, every field checked first (`remote.wire`: finite, bounded
    numbers, bounded texts and lists); anything malformed is one plain refusal."""
    from pydantic import ValidationError

    from rmworkshop.remote.wire import StateWire

    try:
        checked = StateWire.model_validate(data).model_dump()
    except (ValidationError, RecursionError):
        raise Refused(UNDERSTOOD) from None
    return read_state(checked, now)


def parse_roll(data: object) -> Roll:
    """The server's list of people, every field checked first (`remote.wire`)."""
    from pydantic import ValidationError

    from rmworkshop.remote.wire import RollWire

    try:
        checked = RollWire.model_validate(data).model_dump()
    except (ValidationError, RecursionError):
        raise Refused(
            "The server sent a list of people this console does not understand."
        ) from None
    return read_roll(checked)


def read_roll(body: Mapping[str, Any]) -> Roll:
    """A list of people already known to be well formed (checked, or built here)."""
    people = tuple(
        Person(_text(p["name"]), _text(p["level"]), bool(p.get("claimed", False)))
        for p in map(_mapping, _list(body["people"]))
    )
    levels = tuple(_text(level) for level in _list(body["levels"]))
    return Roll(levels, people, bool(body.get("can_add", True)))


def read_state(body: Mapping[str, Any], now: float) -> ParticipantState:
    """A state already known to be well formed: checked by `parse_state`, or built on this
    computer from a session snapshot (`local_state`), which needs no checking."""
    return _parse_state(body, now)


def _parse_state(body: Mapping[str, Any], now: float) -> ParticipantState:
    phase = _mapping(body["phase"])
    hand = _mapping(body.get("hand") or {"up": False, "place": None})
    me = body.get("me")
    return ParticipantState(
        version=int(body["version"]),
        title=_text(body.get("title") or "rmworkshop"),
        summary=_text(body.get("summary") or ""),
        me=_person(me) if me else None,
        phase=Phase(
            position=int(phase["index"]),
            name=_text(phase["name"]),
            kind=str(phase["kind"]),
            prompt=_text(phase.get("prompt") or ""),
            state=str(phase["state"]),
            remaining_seconds=float(phase.get("remaining_seconds") or 0.0),
        ),
        allowed=frozenset(str(a) for a in _list(body.get("allowed", []))),
        order=tuple(_person(p) for p in _list(body.get("order", []))),
        speaking=_speaker(body.get("speaking")),
        you_are_next=bool(body.get("you_are_next", False)),
        you_are_speaking=bool(body.get("you_are_speaking", False)),
        hand=Hand(bool(hand["up"]), int(hand["place"]) if hand.get("place") else None),
        ballot=_parse_ballot(body.get("ballot")),
        results=_parse_results(body.get("results")),
        waiting=tuple(_text(name) for name in _list(body.get("waiting") or [])),
        received_at=now,
        pairs=_pairs(body, _person(me) if me else None),
        wall=tuple(
            BallotIdea(int(i["number"]), _text(i["text"]))
            for i in map(_mapping, _list(body.get("wall") or []))
        ),
        turn_left=_turn_left(body.get("turn")),
        checkin=_checkin(body.get("checkin"), body.get("limits")),
    )


NOTE_CHARS = 280
"""The note's limit when a server does not say its own."""


def _checkin(data: object, limits: object) -> CheckinView | None:
    if not isinstance(data, Mapping):
        return None

    def choices(key: str) -> tuple[tuple[str, str], ...]:
        return tuple(
            (_text(c["value"]), _text(c["label"])) for c in map(_mapping, _list(data[key]))
        )

    found = data.get("pair")
    pair = None
    if isinstance(found, Mapping):
        mentors, mentees, topics = (
            tuple(_text(name) for name in _list(found.get(part) or []))
            for part in ("mentors", "mentees", "topics")
        )
        pair = (mentors, mentees, topics)
    note_chars = _mapping(limits).get("note_chars") if isinstance(limits, Mapping) else None
    return CheckinView(
        readers=_text(data["readers"]),
        met=choices("met"),
        going=choices("going"),
        pair=pair,
        answered=bool(data.get("answered", False)),
        note_chars=int(note_chars) if isinstance(note_chars, int) else NOTE_CHARS,
    )


def _turn_left(turn: object) -> float | None:
    if not isinstance(turn, Mapping):
        return None
    return float(turn["remaining_seconds"])


def _pairs(body: Mapping[str, Any], me: Person | None) -> tuple[PairView, ...]:
    """Every pair when sent (a kiosk lists them all); otherwise this person's own pair, from
    the partners the server names (`pair`), with this person put on their side of it."""
    if body.get("pairs"):
        return tuple(_pair(pair) for pair in _list(body["pairs"]))
    mine = body.get("pair")
    if not mine or me is None:
        return ()
    pair = _mapping(mine)
    partners = [(_person(p), _text(_mapping(p).get("role") or "")) for p in _list(pair["partners"])]
    mentors = tuple(p for p, role in partners if role == "mentor")
    mentees = tuple(p for p, role in partners if role != "mentor")
    # A partner's role says this person's: beside mentees only, they mentor; otherwise (a
    # trio with both) the server's own "role", when it sends one, decides.
    role = _text(pair.get("role") or ("mentor" if not mentors else "mentee"))
    if role == "mentor":
        mentors = (me, *mentors)
    else:
        mentees = (me, *mentees)
    topics = tuple(_text(topic) for topic in _list(pair.get("topics") or []))
    return (PairView(mentors, mentees, topics),)


def _pair(data: object) -> PairView:
    pair = _mapping(data)
    return PairView(
        tuple(_person(p) for p in _list(pair["mentors"])),
        tuple(_person(p) for p in _list(pair["mentees"])),
        tuple(_text(topic) for topic in _list(pair.get("topics") or [])),
    )


def _parse_ballot(data: object) -> Ballot | None:
    if data is None:
        return None
    ballot = _mapping(data)
    ideas = tuple(
        BallotIdea(int(i["number"]), _text(i["text"]))
        for i in map(_mapping, _list(ballot["ideas"]))
    )
    return Ballot(ideas, int(ballot["dots"]), int(ballot["max_per_idea"]), bool(ballot["voted"]))


def _parse_results(data: object) -> tuple[Result, ...] | None:
    if data is None:
        return None
    return tuple(
        Result(
            int(r["number"]),
            _text(r["text"]),
            int(r["rank"]),
            bool(r["tied"]),
            int(r["votes"]),
            tuple(_text(o) for o in _list(r.get("owners", []))),
            _text(r.get("due") or ""),
            _text(r.get("first_step") or ""),
        )
        for r in map(_mapping, _list(data))
    )


def _person(data: object) -> Person:
    body = _mapping(data)
    return Person(_text(body["name"]), _text(body.get("level") or ""))


def _speaker(data: object) -> Person | None:
    if data is None:
        return None
    if isinstance(data, str):
        return Person(_text(data), "")
    return _person(data)  # the server may send the speaker's level too


def _text(data: object) -> str:
    """Text from the network, cleaned like text from a file before it reaches a terminal."""
    return clean(str(data))


def _mapping(data: object) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise TypeError("expected an object")
    return data


def _list(data: object) -> Sequence[Any]:
    if not isinstance(data, list | tuple):
        raise TypeError("expected a list")
    return data
