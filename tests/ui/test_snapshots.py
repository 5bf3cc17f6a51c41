"""How each screen looks, pinned at a fixed terminal size with a fake clock.

Review a changed snapshot in the HTML report before accepting it with --snapshot-update.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path

import pytest

from rmworkshop.agendas import load_agenda
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.roster import Person, Roster
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.facilitator.app.factory import make_facilitator
from rmworkshop.ui.participant.app import ParticipantApp
from rmworkshop.ui.participant.app.kiosk import KioskApp
from tests.helpers import corpus
from tests.ui.conftest import PEOPLE

SIZE = (120, 36)
SMALL = (80, 24)
AGENDAS = Path(__file__).resolve().parents[2] / "agendas"
IDEAS = [
    "Monthly tool show-and-tell run by new hires",
    "Reverse-mentoring lunches, one a month",
    "Write down the unwritten rules for new joiners",
    "Let juniors chair one leadership meeting a quarter",
    "Async updates instead of Monday status meeting",
    "Explain acronyms in every all-hands deck",
]

Snap = Callable[..., bool]


@pytest.fixture
def session(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    name, agenda = load_agenda(str(AGENDAS / "cross-generational-brainstorm.toml"))
    return SessionStore.create(
        Path("workshop.workshop"),
        agenda,
        name,
        clock,
        roster=Roster(people=[*PEOPLE, Person(name="[b]Fay[/b]", level="mid")]),
        seed=7,
        rng=random.Random(3),
    )


def _to(store: Store, kind: str) -> None:
    while store.snapshot().kind != kind or not store.snapshot().is_started:
        store.next_phase()


def _with_ideas(store: Store, ideas: list[str]) -> None:
    _to(store, "capture")
    for text in ideas:
        store.submit(text)


def test_start_screen(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_info_phase(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    session.start()
    clock.advance(75)
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_capture_phase_shows_only_a_count(
    snap_compare: Snap, session: Store, clock: FakeClock
) -> None:
    _with_ideas(session, IDEAS)
    clock.advance(9 * 60 + 30)  # the last minute: the countdown changes colour
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_reveal_board_with_hostile_ideas(
    snap_compare: Snap, session: Store, clock: FakeClock
) -> None:
    _to(session, "capture")
    for text in corpus():
        # Blank once cleaned, or too long: refused, as the participant would be told.
        with suppress(Refused):
            session.submit(text)
    assert session.snapshot().idea_count >= 15
    session.reveal()
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_share_phase(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "share")
    session.turn_next()
    session.turn_pass()
    session.turn_next()
    clock.advance(100)  # the speaker has run over their turn
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_vote_phase_open(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    session.cast_ballot("Ana", {1: 2})
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_vote_phase_closed_with_a_tie(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    session.cast_ballot("Ana", {1: 2})
    session.cast_ballot("Bo", {2: 2})
    session.cast_ballot("Carl", {3: 1})
    session.close_voting()
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def test_discuss_phase(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "discuss")
    for name in ("Dee", "Carl", "[b]Fay[/b]", "Bo"):
        session.hand(name, True)
    session.turn_next()
    clock.advance(30)
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


def _actions_with_owners(session: Store) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    session.cast_ballot("Ana", {2: 2})
    session.close_voting(force=True)  # leaving the vote phase keeps voting open
    _to(session, "actions")
    session.set_owners(2, ["Ana", "Carl"], due=date(2026, 12, 15), first_step="Book the room")
    session.set_owners(1, ["Bo"], due=date(2026, 12, 20))
    session.set_owners(3, ["Dee", "Eli", "[b]Fay[/b]"], first_step="Ask HR for the notes")


def test_actions_phase(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    # Owners, due dates and first steps all on screen, none scrolled off.
    _actions_with_owners(session)
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "120x36"])
def test_owners_dialog(
    snap_compare: Snap, session: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    _actions_with_owners(session)
    app = make_facilitator(session, clock)
    assert snap_compare(app, terminal_size=size, press=["o", "down", "space"])


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "120x36"])
def test_people_dialog(
    snap_compare: Snap, session: Store, clock: FakeClock, size: tuple[int, int]
) -> None:
    _to(session, "capture")
    session.set_present("Carl", False)
    app = make_facilitator(session, clock)
    assert snap_compare(app, terminal_size=size, press=["a", "down"])


def test_hands_dialog(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _to(session, "discuss")
    session.hand("Dee", True)
    app = make_facilitator(session, clock)
    assert snap_compare(app, terminal_size=SMALL, press=["h"])


# -- every console at 80x24, the terminal's default size ------------------------------------


def test_actions_phase_small_terminal(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _actions_with_owners(session)
    assert snap_compare(make_facilitator(session, clock), terminal_size=SMALL)


def test_vote_closed_small_terminal(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    session.cast_ballot("Ana", {1: 2})
    session.cast_ballot("Bo", {2: 2})
    session.close_voting(force=True)  # two ballots: closing them is deliberate
    assert snap_compare(make_facilitator(session, clock), terminal_size=SMALL)


def test_start_screen_small_terminal(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    assert snap_compare(make_facilitator(session, clock), terminal_size=SMALL)


def test_closing_small_terminal(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _actions_with_owners(session)
    while not session.snapshot().is_finished:
        session.next_phase()
    assert snap_compare(make_facilitator(session, clock), terminal_size=SMALL)


def test_participant_ballot_small_terminal(
    snap_compare: Snap, session: Store, clock: FakeClock
) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    app = ParticipantApp(session, clock, name="Ana")
    assert snap_compare(app, terminal_size=SMALL, press=["plus", "down", "plus"])


def test_kiosk_small_terminal(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    assert snap_compare(KioskApp(session, clock), terminal_size=SMALL)


def test_break_phase(snap_compare: Snap, tmp_path: Path, clock: FakeClock) -> None:
    name, agenda = load_agenda(str(AGENDAS / "reverse-mentoring-kickoff.toml"))
    store = SessionStore.create(tmp_path / "b.workshop", agenda, name, clock, seed=1)
    while store.snapshot().kind != "break":
        store.next_phase()
    assert snap_compare(make_facilitator(store, clock), terminal_size=SIZE)


def test_small_terminal(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "share")
    session.turn_next()
    assert snap_compare(make_facilitator(session, clock), terminal_size=(80, 24))


def test_closing_summary(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "share")
    for seconds in (60, 45, 90, 30, 20, 75):
        session.turn_next()
        clock.advance(seconds)
    _to(session, "vote")
    session.cast_ballot("Ana", {4: 2})
    session.close_voting(force=True)  # leaving the vote phase keeps voting open
    _to(session, "actions")
    session.set_owners(4, ["Eli", "Dee"])
    while not session.snapshot().is_finished:
        session.next_phase()
    assert snap_compare(make_facilitator(session, clock), terminal_size=SIZE)


# -- participant consoles --------------------------------------------------------------------
PARTICIPANT_SIZE = (100, 30)


def test_participant_ballot_in_progress(
    snap_compare: Snap, session: Store, clock: FakeClock
) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    app = ParticipantApp(session, clock, name="[b]Fay[/b]")
    assert snap_compare(app, terminal_size=PARTICIPANT_SIZE, press=["plus", "down", "plus"])


def test_kiosk_who_is_voting(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _with_ideas(session, IDEAS)
    _to(session, "vote")
    session.cast_ballot("Ana", {1: 2})
    assert snap_compare(KioskApp(session, clock), terminal_size=PARTICIPANT_SIZE)


def test_kiosk_thanks_after_an_idea(snap_compare: Snap, session: Store, clock: FakeClock) -> None:
    _to(session, "capture")
    app = KioskApp(session, clock)
    assert snap_compare(app, terminal_size=PARTICIPANT_SIZE, press=[*"[b]secret[/b]", "enter"])
