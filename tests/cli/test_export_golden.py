"""The outcomes TOML and the Markdown summary, pinned byte for byte by golden files.

The session is scripted through `SessionStore` with a fake clock. Reveal shuffles with the
system's random source, so the store's `secrets` is replaced by a seeded stand-in here.
Set ``UPDATE_GOLDEN=1`` to rewrite the golden files after a deliberate format change, then
read the diff before committing it.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import rmworkshop.store.sqlite.operations.base as store_base
import rmworkshop.store.sqlite.operations.ideas as store_ideas
import rmworkshop.store.sqlite.session as store_module
from rmworkshop.core.clock import FakeClock
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes import schema as outcomes
from rmworkshop.outcomes.build import build
from rmworkshop.outcomes.summary import markdown
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import assert_ok, call_cli, checked_agenda, make_roster

GOLDEN = Path(__file__).resolve().parent / "golden"
START = 1_795_082_400.0
"""2026-11-19T10:00:00Z"""

AGENDA = checked_agenda(
    {
        "title": "Cross-generational brainstorm",
        "summary": "Golden-file session",
        "voting": {"dots": 5, "max_per_idea": 3},
        "speaking": {"turn_seconds": 90},
        "phases": [
            {"name": "Welcome", "kind": "info", "minutes": 5.0},
            {"name": "Silent brainstorm", "kind": "capture", "minutes": 10.0},
            {"name": "Junior-first share round", "kind": "share", "minutes": 15.0},
            {"name": "Reveal and vote", "kind": "vote", "minutes": 7.0},
            {"name": "Discuss the top ideas", "kind": "discuss", "minutes": 15.0},
            {"name": "Action planning", "kind": "actions", "minutes": 10.0},
        ],
    }
)
PEOPLE = (
    ("Ana", "junior"),
    ("Ben", "junior"),
    ("Caro", "junior"),
    ("Dev", "junior"),
    ("Marcus", "senior"),
    ("Nia", "senior"),
    ("Omar", "senior"),
    ("Pia", "senior"),
    ("Quinn", "executive"),
)
MONTHLY = "Monthly tool show-and-tell run by new hires"
REVERSE = "Reverse office hours: leaders ask, new hires answer"
PAIR = "Pair on tools *before* we buy them | not after"
QUIET = "Quiet hours (no pings) on Fridays"
CAFE = "Café chats across teams — 15 min, 改善"
FEEDBACK = "[b]Feedback[/b] in days, not quarters"
IDEAS = (
    MONTHLY,
    REVERSE,
    'Write "why" next to every decision',
    PAIR,
    QUIET,
    CAFE,
    FEEDBACK,
    "Monthly tool show & tell by new joiners",
    "Let interns run one retro per quarter",
    "Shadow a new hire for a day",
)
BALLOTS = {
    "Ana": {MONTHLY: 3, REVERSE: 2},
    "Ben": {MONTHLY: 3, PAIR: 2},
    "Caro": {MONTHLY: 3, QUIET: 2},
    "Dev": {MONTHLY: 3, REVERSE: 1, PAIR: 1},
    "Marcus": {REVERSE: 3, PAIR: 2},
    "Nia": {REVERSE: 3, CAFE: 2},
    "Pia": {PAIR: 3, QUIET: 2},
    "Quinn": {QUIET: 1, CAFE: 1, FEEDBACK: 2, PAIR: 1},
}


class SeededSecrets:
    """Stands in for the `secrets` module inside the store: repeatable keys and shuffles."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._count = 0

    def token_hex(self, nbytes: int = 32) -> str:
        self._count += 1
        return f"{self._count:0{nbytes * 2}x}"

    def randbelow(self, exclusive_upper_bound: int) -> int:
        return self._random.randrange(exclusive_upper_bound)

    def SystemRandom(self) -> random.Random:  # the name mirrors secrets.SystemRandom
        return self._random


def script_session(path: Path, clock: FakeClock) -> None:
    """A whole workshop with a merge, a pass, someone away, a tie, owners and airtime."""
    with SessionStore.create(
        path, AGENDA, "golden-brainstorm", clock=clock, roster=make_roster(PEOPLE), seed=2026
    ) as store:
        store.start()
        clock.advance(290)
        store.next_phase()
        for text in IDEAS:
            clock.advance(60)
            store.submit(text)
        clock.advance(55)
        store.next_phase()

        store.set_present("Omar", False)
        store.turn_next()
        clock.advance(75)
        store.turn_next()
        clock.advance(5)
        store.turn_pass()
        for seconds in (62, 48, 90, 71, 35, 66):
            store.turn_next()
            clock.advance(seconds)
        store.turn_next()  # the pass is offered again
        clock.advance(40)
        store.turn_end()
        store.reveal()
        number = {idea.text: idea.number for idea in store.snapshot().ideas}
        store.merge(number[MONTHLY], [number["Monthly tool show & tell by new joiners"]])
        clock.advance(30)
        store.next_phase()

        for name, picks in BALLOTS.items():
            clock.advance(20)
            store.cast_ballot(name, {number[text]: dots for text, dots in picks.items()})
        clock.advance(270)
        store.close_voting()
        store.next_phase()

        for name in ("Marcus", "Ben", "Ana"):
            store.hand(name, up=True)
        store.turn_next()
        clock.advance(80)
        store.turn_next()
        clock.advance(120)
        store.turn_end()
        clock.advance(700)
        store.next_phase()

        store.set_owners(
            number[MONTHLY],
            ["Ana", "Marcus"],
            due=date(2026, 12, 15),
            first_step="Book the first slot",
        )
        store.set_owners(number[REVERSE], ["Quinn"], due=date(2027, 1, 31))
        store.volunteer(number[PAIR], "Dev")
        clock.advance(500)
        store.next_phase()
        assert store.snapshot().is_finished


@pytest.fixture
def golden_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    seeded = SeededSecrets(11)  # one stand-in for every store module that draws randomness
    for module in (store_module, store_base, store_ideas):
        monkeypatch.setattr(module, "secrets", seeded)
    path = tmp_path / "golden.workshop"
    script_session(path, FakeClock(START))
    yield path


def built(path: Path, now: float) -> outcomes.Outcomes:
    with SessionStore.open(path, FakeClock(now)) as store:
        return build(store.snapshot(), store.merged_texts(), now)


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
    assert path.is_file(), f"{path} is missing; create it with UPDATE_GOLDEN=1 and review it"
    assert actual.encode("utf-8") == path.read_bytes(), f"{name} differs from its golden file"


def test_outcomes_toml_matches_the_golden_file(golden_session: Path) -> None:
    result = built(golden_session, START + 7200)
    check_golden("outcomes.toml", result.to_toml())


def test_markdown_summary_matches_the_golden_file(golden_session: Path) -> None:
    result = built(golden_session, START + 7200)
    check_golden("summary.md", markdown(result))


def test_the_golden_session_is_what_the_format_promises(golden_session: Path) -> None:
    """Guards the golden file itself: these facts follow from the script above."""
    result = built(golden_session, START + 7200)
    assert result.session.started == datetime(2026, 11, 19, 10, 0, tzinfo=UTC)
    assert result.session.finished is not None
    assert result.session.headcount == {"junior": 4, "senior": 4, "executive": 1}
    assert (result.voting.dots_per_person, result.voting.ballots) == (5, 8)
    rows = [(i.text, i.votes, i.rank, i.tied) for i in result.ideas]
    assert rows[0] == (MONTHLY, 12, 1, False)
    assert sorted(rows[1:3]) == sorted([(REVERSE, 9, 2, True), (PAIR, 9, 2, True)])
    assert rows[3:6] == [(QUIET, 5, 4, False), (CAFE, 3, 5, False), (FEEDBACK, 2, 6, False)]
    assert [row[1:] for row in rows[6:]] == [(0, 7, True)] * 3
    assert result.ideas[0].merged == ["Monthly tool show & tell by new joiners"]
    assert result.ideas[0].owners == ["Ana", "Marcus"]
    assert len(result.ideas) == len(IDEAS) - 1
    assert [p.actual_seconds for p in result.phases] == [290, 655, 522, 430, 900, 500]
    assert result.airtime.silent == 1, "Omar was away for the round and never spoke"
    assert result.airtime.junior_first_share == 1.0


def test_export_round_trip(golden_session: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.toml"
    written = assert_ok(call_cli("export", golden_session, "-o", out, "--markdown"))
    assert written == f"Wrote {out} and {out.with_suffix('.md')}\n"
    # A finished session exports the same whenever it is exported.
    assert out.read_bytes() == (GOLDEN / "outcomes.toml").read_bytes()
    assert out.with_suffix(".md").read_bytes() == (GOLDEN / "summary.md").read_bytes()
    assert assert_ok(call_cli("validate", out)) == f"{out}: ok (outcomes, {len(IDEAS) - 1} ideas)\n"
    assert outcome_files.load(out) == built(golden_session, START + 7200)
    assert outcome_files.load(GOLDEN / "outcomes.toml") == built(golden_session, START)
