"""The store refuses exactly what `allowed` does not allow.

Every action of every role is tried, in every phase kind and state a session can be in (not
started, running, paused, finished; ideas hidden or revealed; voting open, with ballots, and
closed; turns and hands), each on its own copy of the session, with suitable arguments. An
action `allowed` lists must be accepted; any other action of the role must be refused.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from rmworkshop.core.checkin import CheckinPair
from rmworkshop.core.claims import AwaitingYes
from rmworkshop.core.errors import Refused
from rmworkshop.core.people import Member
from rmworkshop.core.rules import REPERTOIRE, Action, Role, allowed, ballots, checkin
from rmworkshop.core.session import Session
from rmworkshop.store import Store, token_digest
from rmworkshop.store.sqlite.operations.voting import votable_among
from tests.helpers import make_agenda
from tests.store.contract.backends import Backend

WALK_PHASES = (
    ("Welcome", "info", 2),
    ("Silent ideas", "capture", 10),
    ("Junior-first round", "share", 15),
    ("Dot vote", "vote", 5),
    ("Open discussion", "discuss", 10),
    ("Owners", "actions", 5),
    ("Mentoring pairs", "pairs", 10),
    ("Pair check-in", "checkin", 5),
    ("Coffee", "break", 5),
)
"""Every phase kind once."""
INDEX = {kind: index for index, (_, kind, _) in enumerate(WALK_PHASES)}

Step = Callable[[Store], object]


def to(kind: str) -> Step:
    """Move forward or back to the phase of this kind."""

    def move(store: Store) -> None:
        session = store.snapshot()
        if not session.is_started:
            store.start()
            session = store.snapshot()
        while session.index != INDEX[kind] or session.is_finished:
            if session.is_finished or session.index > INDEX[kind]:
                store.back_phase()
            else:
                store.next_phase()
            session = store.snapshot()

    return move


def ideas(count: int) -> Step:
    return lambda store: [store.submit(f"idea {n:02d}") for n in range(count)]


def finish(store: Store) -> None:
    while not store.snapshot().is_finished:
        store.next_phase()


COLLECTED = [to("capture"), ideas(6)]
REVEALED = [*COLLECTED, lambda s: s.reveal()]
VOTING = [*REVEALED, to("vote")]
ONE_BALLOT = [*VOTING, lambda s: s.cast_ballot("Ana", {1: 1})]
TWO_BALLOTS = [*ONE_BALLOT, lambda s: s.cast_ballot("Bo", {2: 1})]
THREE_BALLOTS = [*TWO_BALLOTS, lambda s: s.cast_ballot("Cy", {3: 1})]
CLOSED = [*THREE_BALLOTS, lambda s: s.close_voting()]
EVERYONE_VOTED = [
    *VOTING,
    *(
        (lambda s, name=name: s.cast_ballot(name, {1: 1}))
        for name in ("Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus")
    ),
]


def _everyone_away(store: Store) -> None:
    for member in store.snapshot().people:
        store.set_present(member.name, False)


def _checkin_pairs(store: Store) -> None:
    store.set_checkin_pairs(
        [
            CheckinPair(("Ana",), ("Bo",)),
            CheckinPair(("Cy",), ("Dee",)),
            CheckinPair(("X",), ("Y",)),
        ]
    )


BEFORE_VOTE = ("info", "capture", "share")
SCENARIOS: dict[str, list[Step]] = {"not started": []}
for _kind in BEFORE_VOTE:
    SCENARIOS[f"{_kind}, no ideas"] = [to(_kind)]
for _kind in ("capture", "share"):
    SCENARIOS[f"{_kind}, ideas hidden"] = [*COLLECTED, to(_kind)]
    SCENARIOS[f"{_kind}, ideas revealed"] = [*REVEALED, to(_kind)]
for _kind in INDEX:
    for _name, _steps in (
        ("voting open", VOTING),
        ("one ballot", ONE_BALLOT),
        ("two ballots", TWO_BALLOTS),
        ("three ballots", THREE_BALLOTS),
        ("voting closed", CLOSED),
    ):
        SCENARIOS[f"{_kind}, {_name}"] = [*_steps, to(_kind)]
SCENARIOS.update(
    {
        "share, ideas merged": [*REVEALED, lambda s: s.merge(1, [2]), to("share")],
        "vote, ideas merged": [*REVEALED, lambda s: s.merge(1, [2, 3]), to("vote")],
        "vote, ideas merged, one ballot": [
            *REVEALED,
            lambda s: s.merge(1, [2]),
            to("vote"),
            lambda s: s.cast_ballot("Ana", {1: 1}),
        ],
        "vote with no ideas": [to("vote")],
        "vote, everyone voted": EVERYONE_VOTED,
        "finished, nothing collected": [finish],  # voting opened with no ideas
        "finished, voting closed": [*CLOSED, finish],
        "finished, voting open": [*ONE_BALLOT, finish],
        "share, a turn running": [to("share"), lambda s: s.turn_next()],
        "share, round spoken": [to("share"), *([lambda s: s.turn_next()] * 8)],
        "share, everyone away": [to("share"), _everyone_away],
        "discuss, a hand up": [to("discuss"), lambda s: s.hand("Ana", True)],
        "discuss, a turn running": [
            to("discuss"),
            lambda s: s.hand("Bo", True),
            lambda s: s.turn_next(),
        ],
        "discuss, Ana away": [to("discuss"), lambda s: s.set_present("Ana", False)],
        "discuss, everyone away": [to("discuss"), _everyone_away],
        "checkin, pairs to check in": [_checkin_pairs, to("checkin")],
        "checkin, Ana answered": [
            _checkin_pairs,
            to("checkin"),
            lambda s: s.check_in("Ana", "1", "well"),
        ],
        "checkin, all answered": [
            _checkin_pairs,
            to("checkin"),
            *((lambda s, n=n: s.check_in(n, "0", "stuck")) for n in ("Ana", "Bo", "Cy", "Dee")),
        ],
        "checkin, Bo away": [_checkin_pairs, to("checkin"), lambda s: s.set_present("Bo", False)],
        "finished, after a check-in": [
            _checkin_pairs,
            to("checkin"),
            lambda s: s.check_in("Cy", "4+", "ended"),
            finish,
        ],
    }
)
for _name in list(SCENARIOS):
    if _name != "not started" and not _name.startswith("finished"):
        SCENARIOS[f"{_name}, paused"] = [*SCENARIOS[_name], lambda s: s.pause()]


@dataclass(frozen=True)
class Attempt:
    """One action with arguments suited to the session it is tried on."""

    action: Action
    person: str | None

    def run(self, store: Store, session: Session) -> None:
        numbers = [idea.number for idea in session.votable] or [1, 2]
        merged = [idea.number for idea in session.ideas if idea.merged_into is not None]
        me = self.person or self._someone(session)
        call: dict[Action, Callable[[], object]] = {
            Action.START: store.start,
            Action.NEXT_PHASE: lambda: store.next_phase(from_phase=session.phase_number),
            Action.BACK_PHASE: lambda: store.back_phase(from_phase=session.phase_number),
            Action.PAUSE: store.pause,
            Action.RESUME: store.resume,
            Action.EXTEND: lambda: store.extend(1),
            Action.REVEAL: store.reveal,
            Action.MERGE: lambda: store.merge(numbers[0], numbers[1:2] or [numbers[0] + 1]),
            Action.UNMERGE: lambda: store.unmerge((merged or numbers)[0]),
            Action.SUGGEST: lambda: store.dismiss(numbers[:2] if len(numbers) > 1 else [1, 2]),
            Action.CLOSE_VOTING: lambda: store.close_voting(force=True),
            Action.TURN_NEXT: store.turn_next,
            Action.TURN_PASS: store.turn_pass,
            Action.TURN_END: store.turn_end,
            Action.SET_OWNERS: lambda: store.set_owners(numbers[0], [me]),
            Action.SET_PRESENT: lambda: store.set_present(me, False),
            Action.SWAP_PAIRS: lambda: store.swap_pairs(*self._two_places(session)),
            Action.RELEASE_NAME: lambda: self._release(store, me),
            Action.JOIN: lambda: store.add_person(self.person or "Newcomer", "junior"),
            Action.SUBMIT: lambda: store.submit("one more idea"),
            Action.CAST_BALLOT: lambda: store.cast_ballot(me, {numbers[0]: 1}),
            Action.RAISE_HAND: lambda: store.hand(me, True),
            Action.LOWER_HAND: lambda: store.hand(me, False),
            Action.VOLUNTEER: lambda: store.volunteer(numbers[0], me),
            Action.CHECK_IN: lambda: store.check_in(me, "2-3", "well", "a note"),
        }
        call[self.action]()

    @staticmethod
    def _two_places(session: Session) -> tuple[str, str]:
        """Two people present in different places of the current pairs (else any two)."""
        pairing = session.pairing
        if pairing is not None and pairing.groups:
            first = pairing.groups[0].mentors[0]
            others = [g.mentors[0] for g in pairing.groups[1:]] + list(pairing.unmatched)
            if others:
                return first, others[0]
        first, second, *_ = [*(m.name for m in session.people), "Nobody", "Nobody else"]
        return first, second

    @staticmethod
    def _release(store: Store, name: str) -> None:
        """A name a device holds, freed: the device joins and claims it first (someone away,
        claimed once voting has started, with the facilitator's yes)."""
        with contextlib.suppress(Refused):
            digest = token_digest(store.join_device(kiosk=False))
            try:
                store.claim(digest, name, None)
            except AwaitingYes:
                store.let_in(name)
        store.release(name)

    def _someone(self, session: Session) -> str:
        """The person best placed to take this action, when the test names nobody."""
        fitting: Callable[[Member], bool] = {
            Action.CAST_BALLOT: lambda m: m.id not in session.voting.voted,
            Action.RAISE_HAND: lambda m: m.present,
            Action.CHECK_IN: lambda m: checkin.can_answer(session, m),
        }.get(self.action, lambda m: True)
        people = [m for m in session.people if fitting(m)] or list(session.people)
        return people[0].name if people else "Nobody"


def accepted(backend: Backend, store: Store, attempt: Attempt) -> bool:
    session = store.snapshot()
    with backend.copy(store) as copy:
        before = backend.dump(copy)
        try:
            attempt.run(copy, session)
        except Refused:
            assert backend.dump(copy) == before, f"a refused {attempt} changed the session"
            return False
    return True


PEOPLE = (None, "Ana")


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_store_refuses_exactly_what_allowed_does_not_allow(
    backend: Backend, scenario: str
) -> None:
    with backend.create(make_agenda(phases=WALK_PHASES)) as store:
        for step in SCENARIOS[scenario]:
            step(store)
        session = store.snapshot()
        outcome: dict[tuple[Action, str | None], bool] = {}
        mismatches = []
        for role in Role:
            for person in PEOPLE:
                offered = allowed(role, session, backend.clock.now(), person)
                assert offered <= REPERTOIRE[role]
                for action in sorted(REPERTOIRE[role]):
                    key = (action, person)
                    if key not in outcome:
                        outcome[key] = accepted(backend, store, Attempt(action, person))
                    if outcome[key] != (action in offered):
                        mismatches.append((role.value, person, action.value, outcome[key]))
        assert mismatches == [], f"store accepted (last) but allowed disagrees: {mismatches}"


def test_the_walk_reaches_every_phase_kind_and_state(backend: Backend) -> None:
    """The scenarios above cover what they claim: each kind running and paused, finished,
    and voting in each of its states, so a gap in the walk cannot pass unnoticed."""
    seen: set[tuple[str, str, str]] = set()
    for steps in SCENARIOS.values():
        with backend.create(make_agenda(phases=WALK_PHASES)) as store:
            for step in steps:
                step(store)
            s = store.snapshot()
            voting = "closed" if s.voting.closed else "open" if s.voting.opened else "not opened"
            where = "before" if not s.is_started else "after" if s.is_finished else s.kind
            seen.add((where, s.state if s.is_started else "new", voting))
    for kind in INDEX:
        for state in ("running", "paused"):
            assert (kind, state, "open") in seen
            assert (kind, state, "closed") in seen
    assert ("before", "new", "not opened") in seen
    # With a vote phase in the agenda, finishing passes it, which opens voting.
    assert {("after", "finished", v) for v in ("open", "closed")} <= seen


def test_every_action_belongs_to_a_role() -> None:
    assert set().union(*REPERTOIRE.values()) == set(Action)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_ballots_few_facts_are_what_a_snapshot_says(backend: Backend, scenario: str) -> None:
    """A ballot's checks read a few facts (`Polls`), not a snapshot: in every scenario of the
    walk, they and the people they name are what the snapshot gives the same rule."""
    with backend.create(make_agenda(phases=WALK_PHASES)) as store:
        for step in SCENARIOS[scenario]:
            step(store)
        session = store.snapshot()
        with store._read() as db:  # type: ignore[attr-defined]
            polls, people = store._polls(db)  # type: ignore[attr-defined]
        assert polls == ballots.polls_of(session)
        assert [(m.id, m.name, m.level, m.present) for m in people] == [
            (m.id, m.name, m.level, m.present) for m in session.people
        ]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_ballot_reading_only_the_ideas_it_names_is_decided_as_on_every_idea(
    backend: Backend, scenario: str
) -> None:
    """A ballot reads the votable numbers it names (and the lowest of all), not all of them:
    for ballots naming known numbers, unknown ones, both, or many, the core's checks then
    say what they say on every votable number."""
    with backend.create(make_agenda(phases=WALK_PHASES)) as store:
        for step in SCENARIOS[scenario]:
            step(store)
        session = store.snapshot()
        whole = ballots.polls_of(session)
        known = sorted(idea.number for idea in session.votable)
        unknown = (known[-1] if known else 0) + 5
        wanted: list[dict[int, int]] = [
            {},
            {unknown: 1},
            {-1: 1},
            dict.fromkeys(known[:1], 1),
            dict.fromkeys(known[1:3], 1) | {unknown: 1},
            dict.fromkeys(range(1, 150), 0) | dict.fromkeys(known[:1], 1),
        ]
        member = session.people[0] if session.people else Member(1, "nobody", "junior", True)
        for choices in wanted:
            with store._read() as db:  # type: ignore[attr-defined]
                polls, _ = store._polls(db, votable_among(choices))  # type: ignore[attr-defined]
            assert polls.votable <= whole.votable
            assert decided(polls, member, choices) == decided(whole, member, choices)


def decided(polls: ballots.Polls, member: Member, choices: dict[int, int]) -> str | None:
    try:
        ballots.check_polls(polls, member, choices)
    except Refused as refusal:
        return str(refusal)
    return None
