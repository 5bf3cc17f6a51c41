"""What each device is sent: one shared snapshot per commit, turned into one device's view.

Everything that is the same for every device (phase, order, ballot, results) is built once per
snapshot; only "me", the hand, "you are next" and what this device may do differ.
Idea texts appear only once revealed, and tallies only once voting has closed, because the
snapshot itself holds nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rmworkshop.core.people import Member
from rmworkshop.core.session import Session
from rmworkshop.server.offers import offers
from rmworkshop.store.devices import Device

State = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """The session as one commit left it, with the devices that joined it."""

    version: int
    session: Session
    devices: dict[str, Device]
    taken_at: float
    _views: dict[tuple[int | None, bool], State] = field(default_factory=dict, compare=False)

    @cached_property
    def claimed(self) -> frozenset[int]:
        return frozenset(d.person for d in self.devices.values() if d.person is not None)

    @cached_property
    def shared(self) -> State:
        return shared_state(self.session, self.taken_at)

    def keep_shared(self, earlier: Snapshot) -> None:
        """Reuse the earlier snapshot's shared part when it is equal, so comparing two devices'
        views of the two snapshots is cheap (the same objects compare at once)."""
        if self.shared == earlier.shared:
            self.__dict__["shared"] = earlier.shared

    def people(self) -> State:
        session = self.session
        ranked = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.name))
        return {
            "levels": list(session.levels.names),
            "can_add": not session.voting.opened,
            "people": [
                {**_person(m), "claimed": m.id in self.claimed} for m in ranked if m.present
            ],
        }

    def view(self, device: Device) -> State:
        """This device's state, without the version and the countdown (added when sent);
        devices holding the same name share one computed view."""
        key = (device.person, device.kiosk)
        if key not in self._views:
            self._views[key] = device_state(self, device)
        return self._views[key]


def _person(member: Member) -> dict[str, str]:
    return {"name": member.name, "level": member.level}


def _phase_state(session: Session) -> str:
    if not session.is_started:
        return "not-started"
    return session.state


def shared_state(session: Session, now: float) -> State:
    started = session.is_started and not session.is_finished
    phase = session.phase
    return {
        "title": session.agenda.title,
        "phase": {
            "index": session.index,
            "count": len(session.agenda.phases),
            "name": phase.name if session.is_started else "",
            "kind": phase.kind if started else "info",
            "prompt": phase.prompt if session.is_started else session.agenda.summary,
            "state": _phase_state(session),
            # Counted when each state is sent (see `Hub.state_for`); 0.0 marks a running clock.
            "remaining_seconds": 0.0 if started else None,
        },
        "order": [_person(m) for m in session.speaking_order()] if started else [],
        "speaking": session.current_speaker.name if session.current_speaker else None,
        "ballot": _ballot(session) if started else None,
        "results": _results(session),
    }


def _ballot(session: Session) -> State | None:
    voting = session.voting
    if session.kind != "vote" or not voting.opened or voting.closed:
        return None
    budget = session.budget()
    return {
        "ideas": [{"number": i.number, "text": i.text} for i in session.votable],
        "dots": budget.dots,
        "max_per_idea": budget.max_per_idea,
    }


def _results(session: Session) -> list[State] | None:
    if not session.voting.closed:
        return None
    ideas = {idea.number: idea for idea in session.votable}
    return [
        {
            "number": r.number,
            "text": ideas[r.number].text,
            "rank": r.rank,
            "tied": r.tied,
            "votes": r.votes,
            "owners": list(ideas[r.number].owners),
        }
        for r in session.ranking()
    ]


def _pair(session: Session, me: Member | None) -> State | None:
    """This person's mentoring partners, in a pairs phase that has formed its pairs."""
    pairing = session.pairing
    group = pairing.group_of(me.name) if pairing is not None and me is not None else None
    if group is None or me is None:
        return None
    partners = []
    for name in group.people:
        person = session.person(name)
        if name != me.name and person is not None:
            role = "mentor" if name in group.mentors else "mentee"
            partners.append({**_person(person), "role": role})
    return {"partners": partners, "topics": list(group.topics)}


def device_state(snapshot: Snapshot, device: Device) -> State:
    session = snapshot.session
    me = session.by_id.get(device.person) if device.person is not None else None
    state: State = {**snapshot.shared}
    state["me"] = _person(me) if me else None
    state["kiosk"] = device.kiosk
    order = [m["name"] for m in state["order"]]
    speaking = me is not None and state["speaking"] == me.name
    state["you_are_speaking"] = speaking
    state["you_are_next"] = bool(me and not speaking and order[:1] == [me.name])
    hands = session.hand_queue() if session.kind == "discuss" else []
    place = next((n for n, m in enumerate(hands, 1) if me and m.id == me.id), None)
    state["hand"] = {"up": place is not None, "place": place}
    offered = offers(session, me, device.kiosk, snapshot.taken_at, hand_up=place is not None)
    state["allowed"] = sorted(offered)
    ballot = state["ballot"]
    if ballot is not None:
        voted = me is not None and me.id in session.voting.voted
        state["ballot"] = {**ballot, "voted": voted}
    state["pair"] = _pair(session, me)
    waiting = device.kiosk and ballot is not None
    state["waiting"] = (
        [m.name for m in session.present if m.id not in session.voting.voted] if waiting else []
    )
    return state
