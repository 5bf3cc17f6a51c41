"""What one participant device sees of a session: the participant server's state, typed.

The participant server sends this as JSON (see docs/participant-api.md); a console on the
same account builds the same thing from a session snapshot (`state_of`). Participant screens
draw only this, so they look and behave the same whether they read the file or the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rmworkshop.core.errors import Refused
from rmworkshop.core.session import Session
from rmworkshop.core.text import clean


@dataclass(frozen=True)
class Person:
    name: str
    level: str
    claimed: bool = False


@dataclass(frozen=True)
class Phase:
    index: int
    name: str
    kind: str
    prompt: str
    state: str
    """running, paused, finished or not-started."""
    remaining_seconds: float


@dataclass(frozen=True)
class BallotIdea:
    number: int
    text: str


@dataclass(frozen=True)
class Ballot:
    ideas: tuple[BallotIdea, ...]
    dots: int
    max_per_idea: int
    voted: bool


@dataclass(frozen=True)
class Result:
    number: int
    text: str
    rank: int
    tied: bool
    votes: int
    owners: tuple[str, ...]
    due: str = ""
    """An ISO date, or empty."""
    first_step: str = ""


@dataclass(frozen=True)
class Hand:
    up: bool
    place: int | None


@dataclass(frozen=True)
class PairView:
    """One pair or trio of the current pairs phase, as every device may see it."""

    mentors: tuple[Person, ...]
    mentees: tuple[Person, ...]
    topics: tuple[str, ...]

    @property
    def people(self) -> tuple[Person, ...]:
        return self.mentors + self.mentees


@dataclass(frozen=True)
class ParticipantState:
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


@dataclass(frozen=True)
class Roll:
    """Who a newcomer can be: the people in the session and the levels to add oneself at."""

    levels: tuple[str, ...]
    people: tuple[Person, ...]
    can_add: bool = True
    """False once voting has started: then only the facilitator adds people."""


# -- from a session snapshot (the same account's console) -----------------------------------
def state_of(
    session: Session, me: str | None, now: float, *, kiosk: bool = False
) -> ParticipantState:
    """The state the participant server would send to this device."""
    member = session.person(me) if me else None
    running = session.is_started and not session.is_finished
    kind = session.kind if running else ""
    voted = member is not None and member.id in session.voting.voted
    order = session.speaking_order() if running else []
    speaker = session.current_speaker if kind in ("share", "discuss") else None
    hand_up = member is not None and any(h.person_id == member.id for h in session.hands)
    names = [m.name for m in order]
    place = names.index(member.name) + 1 if member is not None and member.name in names else None
    return ParticipantState(
        version=0,
        title=session.agenda.title,
        summary=session.agenda.summary,
        me=Person(member.name, member.level) if member else None,
        phase=_phase(session, now),
        allowed=frozenset(_allowed(session, kind, member is not None, voted, kiosk=kiosk)),
        order=tuple(Person(m.name, m.level) for m in order),
        speaking=Person(speaker.name, speaker.level) if speaker else None,
        you_are_next=place == 1,
        you_are_speaking=member is not None and speaker is not None and speaker.id == member.id,
        hand=Hand(up=hand_up, place=place if hand_up else None),
        ballot=_ballot(session, voted) if kind == "vote" and _voting_open(session) else None,
        results=_results(session) if session.voting.closed else None,
        waiting=_waiting(session) if kiosk and kind == "vote" else (),
        received_at=now,
        pairs=_pairs(session) if kind == "pairs" else (),
    )


def _pairs(session: Session) -> tuple[PairView, ...]:
    pairing = session.pairing
    if pairing is None:
        return ()

    def people(names: tuple[str, ...]) -> tuple[Person, ...]:
        found = (session.person(name) for name in names)
        return tuple(Person(m.name, m.level) for m in found if m is not None)

    return tuple(
        PairView(people(group.mentors), people(group.mentees), group.topics)
        for group in pairing.groups
    )


def _phase(session: Session, now: float) -> Phase:
    state = session.state if session.is_started else "not-started"
    return Phase(
        index=session.index,
        name=session.phase.name,
        kind=session.kind,
        prompt=session.phase.prompt,
        state=state,
        remaining_seconds=session.remaining(now),
    )


def _allowed(session: Session, kind: str, known: bool, voted: bool, *, kiosk: bool) -> list[str]:
    allowed = []
    if kind == "capture":
        allowed.append("submit")
    if kind == "discuss" and known and not kiosk:
        allowed.append("hand")
    if kind == "vote" and session.voting.opened and not session.voting.closed and not voted:
        allowed.append("cast")
    if kind == "actions" and known and not kiosk:
        allowed.append("volunteer")
    return allowed


def _voting_open(session: Session) -> bool:
    """A ballot is offered only while voting is open, as the participant server sends it."""
    return session.voting.opened and not session.voting.closed


def _ballot(session: Session, voted: bool) -> Ballot:
    budget = session.budget()
    ideas = tuple(BallotIdea(idea.number, idea.text) for idea in session.votable)
    return Ballot(ideas, budget.dots, budget.max_per_idea, voted)


def _results(session: Session) -> tuple[Result, ...]:
    out = []
    for ranked in session.ranking():
        idea = session.idea(ranked.number)
        if idea is not None:
            due = idea.due.isoformat() if idea.due else ""
            out.append(
                Result(
                    idea.number,
                    idea.text,
                    ranked.rank,
                    ranked.tied,
                    ranked.votes,
                    idea.owners,
                    due,
                    idea.first_step or "",
                )
            )
    return tuple(out)


def _waiting(session: Session) -> tuple[str, ...]:
    waiting = (m for m in session.present if m.id not in session.voting.voted)
    return tuple(sorted((m.name for m in waiting), key=str.casefold))


def roll_of(session: Session) -> Roll:
    people = sorted(session.people, key=lambda m: m.name.casefold())
    return Roll(tuple(session.levels.names), tuple(Person(m.name, m.level) for m in people))


def state_json(state: ParticipantState) -> dict[str, Any]:
    """The state as the API's JSON: the inverse of `parse_state`."""
    ballot = state.ballot
    return {
        "version": state.version,
        "title": state.title,
        "summary": state.summary,
        "me": _person_json(state.me),
        "phase": asdict(state.phase),
        "allowed": sorted(state.allowed),
        "order": [_person_json(p) for p in state.order],
        "speaking": _person_json(state.speaking),
        "you_are_next": state.you_are_next,
        "you_are_speaking": state.you_are_speaking,
        "hand": asdict(state.hand),
        "ballot": None
        if ballot is None
        else {**asdict(ballot), "ideas": [asdict(i) for i in ballot.ideas]},
        "results": None if state.results is None else [asdict(r) for r in state.results],
        "waiting": list(state.waiting),
        "pairs": [
            {
                "mentors": [_person_json(p) for p in pair.mentors],
                "mentees": [_person_json(p) for p in pair.mentees],
                "topics": list(pair.topics),
            }
            for pair in state.pairs
        ],
    }


def _person_json(person: Person | None) -> dict[str, str] | None:
    return None if person is None else {"name": person.name, "level": person.level}


# -- from the participant server's JSON ------------------------------------------------------
def parse_state(data: object, now: float) -> ParticipantState:
    """The server's state JSON, checked; anything malformed is one plain refusal."""
    try:
        return _parse_state(_mapping(data), now)
    except (KeyError, TypeError, ValueError) as error:
        raise Refused("The server sent a state this console does not understand.") from error


def parse_roll(data: object) -> Roll:
    try:
        body = _mapping(data)
        people = tuple(
            Person(_text(p["name"]), _text(p["level"]), bool(p.get("claimed", False)))
            for p in map(_mapping, _list(body["people"]))
        )
        levels = tuple(_text(level) for level in _list(body["levels"]))
        return Roll(levels, people, bool(body.get("can_add", True)))
    except (KeyError, TypeError, ValueError) as error:
        raise Refused(
            "The server sent a list of people this console does not understand."
        ) from error


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
            index=int(phase["index"]),
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
        pairs=tuple(_pair(pair) for pair in _list(body.get("pairs") or [])),
    )


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
        return Person(data, "")
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
