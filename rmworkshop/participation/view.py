"""A participant's state, built from a session snapshot as the participant API's JSON
(docs/participant-api.md): the participant server sends it, and a console on the session file
reads the same JSON, so both show exactly the same thing.

What is the same for every device (phase, order, ballot, results) is built once by
`shared_view`; `RoomView` adds what differs: "me", the hand, the turn, what this device may
do, the pair, sharing the work among a room of devices. Idea texts appear only once
revealed, and tallies only once voting has closed, because the session itself holds nothing
more.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rmworkshop.core.checkin import GOING, GOING_WORDS, MAX_NOTE_CHARS, MET, MET_WORDS, READERS
from rmworkshop.core.claims import can_add_people, kiosk_voters
from rmworkshop.core.people import Member
from rmworkshop.core.rules.offers import RoomOffers
from rmworkshop.core.session import Idea, Session
from rmworkshop.core.speaking import turn_remaining
from rmworkshop.core.text import MAX_IDEA_CHARS
from rmworkshop.core.wording import rank_label

State = dict[str, Any]


def participant_view(
    session: Session,
    me: Member | None,
    kiosk: bool,
    now: float,
    claimed: Collection[int] = frozenset(),
) -> State:
    """The state one device is shown as of `now`, without the version (the sender numbers
    its commits); `claimed`: the people a device holds, whom a kiosk never lists."""
    return with_countdown(RoomView(session, now, claimed=claimed).device(me, kiosk), session, now)


def roll_view(session: Session, claimed: Collection[int]) -> State:
    """Who a newcomer can be: everyone in the session, most junior level first, each marked
    when a device holds the name or the person is marked away (someone late or back picks
    their name and is present again, with the facilitator's yes once voting has started), and
    whether a new person may still join (not once voting has started, nor while the roster is
    closed). One answer for the participant server's `/api/people` and a console on the file.
    """
    ranked = sorted(session.people, key=lambda m: (session.levels.rank(m.level), m.name))
    return {
        "levels": list(session.levels.names),
        "can_add": can_add_people(session),
        "people": [
            {**_person(m), "claimed": m.id in claimed, "away": not m.present} for m in ranked
        ],
    }


def with_countdown(state: State, session: Session, now: float) -> State:
    """The state with the phase's remaining time, and the speaker's own turn, counted as of
    `now` (when it is sent)."""
    phase = state["phase"]
    if phase["remaining_seconds"] is not None:
        remaining = round(session.remaining(now), 1)
        state = {**state, "phase": {**phase, "remaining_seconds": remaining}}
    turn, current = state.get("turn"), session.current_turn
    if turn is not None and current is not None:
        left = turn_remaining(current, session.agenda.speaking.turn_seconds, now)
        state = {**state, "turn": {**turn, "remaining_seconds": round(left, 1)}}
    return state


def shared_view(session: Session) -> State:
    """What every device is shown alike; the countdown is left at 0.0 for `with_countdown`,
    so views of two commits that differ only in the clock compare equal."""
    started = session.is_started and not session.is_finished
    phase = session.phase
    speaker = session.current_speaker
    return {
        "title": session.agenda.title,
        "summary": session.agenda.summary,
        "phase": {
            "index": session.index,
            "count": len(session.agenda.phases),
            "name": phase.name if session.is_started else "",
            "kind": phase.kind if started else "info",
            "prompt": _prompt(session),
            "state": session.state if session.is_started else "not-started",
            "remaining_seconds": 0.0 if started else None,
        },
        "order": [_person(m) for m in session.speaking_order()] if started else [],
        "speaking": _person(speaker) if speaker else None,
        "ballot": _ballot(session) if started else None,
        "results": _results(session),
        "pairs": _pairs(session) if started and session.kind == "pairs" else [],
        "wall": _wall(session) if started else [],
        "limits": {"idea_chars": MAX_IDEA_CHARS, "note_chars": MAX_NOTE_CHARS},
        "checkin": _checkin_questions() if started and session.kind == "checkin" else None,
    }


WALL_KINDS = ("capture", "share", "discuss")
"""Where the revealed ideas are the room's wall; the ballot and the results show them in the
vote and afterwards."""


def _wall(session: Session) -> list[State]:
    if session.kind not in WALL_KINDS:
        return []
    return [{"number": i.number, "text": i.text} for i in session.votable]


VOTE_CLOSED_PROMPT = "Voting has closed. The ranked results are below."
"""A vote phase's prompt asks for dots: once voting has closed it says where the results are."""


def _prompt(session: Session) -> str:
    if not session.is_started:
        return session.agenda.summary
    if session.kind == "vote" and session.voting.closed:
        return VOTE_CLOSED_PROMPT
    return session.phase.prompt


class RoomView:
    """Every device's state at one moment of a session. What devices share is built once: the
    shared part, each raised hand's place in the queue, and what each kind of device may do
    (asked from the core once per kind, `RoomOffers`); `device` adds one device's own part."""

    def __init__(
        self,
        session: Session,
        now: float,
        shared: State | None = None,
        claimed: Collection[int] = frozenset(),
    ) -> None:
        self.session = session
        self._claimed = claimed
        self.shared = shared_view(session) if shared is None else shared
        hands = session.hand_queue() if session.kind == "discuss" else []
        self._places = {member.id: place for place, member in enumerate(hands, 1)}
        self._offers = RoomOffers(session, now)
        self._waiting: list[str] | None = None

    def device(self, me: Member | None, kiosk: bool) -> State:
        """One device's state: the shared part with this device's own part added."""
        session, shared = self.session, self.shared
        state: State = {**shared}
        state["me"] = _person(me) if me else None
        state["kiosk"] = kiosk
        order = shared["order"]
        speaker = shared["speaking"]
        speaking = me is not None and speaker is not None and speaker["name"] == me.name
        state["you_are_speaking"] = speaking
        # The speaker's own countdown: how long their turn has left, counted when it is sent
        # (`with_countdown`), so that views of two commits differ only where the room did.
        state["turn"] = (
            {"seconds": session.agenda.speaking.turn_seconds, "remaining_seconds": 0.0}
            if speaking and session.current_turn is not None
            else None
        )
        state["you_are_next"] = bool(me and not speaking and order and order[0]["name"] == me.name)
        place = self._places.get(me.id) if me is not None else None
        state["hand"] = {"up": place is not None, "place": place}
        state["allowed"] = self._offers(me, kiosk, hand_up=place is not None)
        ballot = shared["ballot"]
        if ballot is not None:
            state["ballot"] = {**ballot, "voted": me is not None and me.id in session.voting.voted}
        state["pair"] = _pair(session, me)
        if shared["checkin"] is not None and not kiosk:
            state["checkin"] = {**shared["checkin"], **_my_checkin(session, me)}
        # Every pair for a kiosk, which lists them all; a person is shown only their own pair.
        state["pairs"] = shared["pairs"] if kiosk else []
        state["waiting"] = self.waiting() if kiosk and ballot is not None else []
        return state

    def waiting(self) -> list[str]:
        """Who a kiosk lists to vote (`kiosk_voters`: present, not voted yet, and held by no
        device), a fresh list each time."""
        if self._waiting is None:
            self._waiting = [m.name for m in kiosk_voters(self.session, self._claimed)]
        return list(self._waiting)


def _person(member: Member) -> dict[str, str]:
    return {"name": member.name, "level": member.level}


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
            "rank_label": rank_label(r.rank, r.tied),
            "votes": r.votes,
            "owners": list(ideas[r.number].owners),
            **_follow_up(ideas[r.number]),
        }
        for r in session.ranking()
    ]


def _follow_up(idea: Idea) -> dict[str, str]:
    """What the owners of an idea have said they will do: an ISO due date and a first step."""
    return {"due": idea.due.isoformat() if idea.due else "", "first_step": idea.first_step or ""}


def _people(session: Session, names: tuple[str, ...]) -> list[dict[str, str]]:
    found = (session.person(name) for name in names)
    return [_person(m) for m in found if m is not None]


def _pairs(session: Session) -> list[State]:
    pairing = session.pairing
    if pairing is None:
        return []
    return [
        {
            "mentors": _people(session, group.mentors),
            "mentees": _people(session, group.mentees),
            "topics": list(group.topics),
        }
        for group in pairing.groups
    ]


def _pair(session: Session, me: Member | None) -> State | None:
    """This person's mentoring partners and own role, in a pairs phase that formed its pairs."""
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
    return {
        "role": "mentor" if me.name in group.mentors else "mentee",
        "partners": partners,
        "topics": list(group.topics),
    }


def _checkin_questions() -> State:
    """The check-in's questions, the same for every device, with who reads the answers."""
    return {
        "readers": READERS,
        "met": [{"value": value, "label": MET_WORDS[value]} for value in MET],
        "going": [{"value": value, "label": GOING_WORDS[value]} for value in GOING],
        "pair": None,
        "answered": False,
    }


def _my_checkin(session: Session, me: Member | None) -> State:
    """This person's pair from the earlier sessions (by the names the outcomes file gave), and
    whether they have answered; never what anyone answered."""
    pair = session.checkin.pair_of(me.name) if me is not None else None
    if pair is None or me is None:
        return {}
    return {
        "pair": {
            "mentors": list(pair.mentors),
            "mentees": list(pair.mentees),
            "topics": list(pair.topics),
        },
        "answered": session.checkin.has_answered(me.name),
    }
