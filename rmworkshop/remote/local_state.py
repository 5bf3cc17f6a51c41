"""The participant state built from a session snapshot, for a console on the session file
(the same account's trusted case): what the participant server would send that device.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rmworkshop.core.rules.offers import offers
from rmworkshop.core.session import Session
from rmworkshop.remote.state import (
    Ballot,
    BallotIdea,
    Hand,
    PairView,
    ParticipantState,
    Person,
    Phase,
    Result,
    Roll,
)


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
        # What the participant server would offer: the core's `allowed`, in the page's words.
        allowed=frozenset(offers(session, member, kiosk, now, hand_up)),
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
