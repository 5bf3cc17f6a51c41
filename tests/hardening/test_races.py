"""Ballot races between processes: a hundred at once, ballots racing the close of voting, and
phase moves racing each other and the ballots.

Each ballot is a separate forked process calling the command-line entry point (see
`tests.hardening.forked_commands`), with its own connection to the session: a file, or a
session in the PostgreSQL server of the tests (`tests.postgres_server`), which every test runs
on as well.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rmworkshop.sessions import open_session, place_of
from rmworkshop.system import SystemClock
from tests.helpers import go_to, make_agenda, make_roster
from tests.stores import BACKENDS, Create, sessions_in

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

ROOT = Path(__file__).resolve().parents[2]
DOTS = (3, 2, 1)
"""Every ballot spends the whole budget of 6 dots, at most 3 on one idea."""
WATCH_SECONDS = 60.0
"""How long the watcher waits to see voting close: it stops as soon as it does."""


def voter(index: int) -> str:
    return f"Voter {index:02d}"


def choices(index: int, attempt: int, ideas: int) -> dict[int, int]:
    """A different ballot for each voter and attempt (the offsets 0, 11, 22 never collide)."""
    start = index * 7 + attempt * 13
    return {(start + step * 11) % ideas + 1: dots for step, dots in enumerate(DOTS)}


@pytest.fixture(params=BACKENDS)
def create(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Create]:
    with sessions_in(request.param, tmp_path) as made:
        yield made


def ballot(session: str, index: int, attempt: int, ideas: int) -> list[str]:
    picks = [f"{n}={d}" for n, d in choices(index, attempt, ideas).items()]
    return ["ballot", session, "--as", voter(index), *picks]


def voting_session(create: Create, voters: int, ideas: int) -> str:
    roster = make_roster(tuple((voter(i), ("junior", "senior")[i % 2]) for i in range(voters)))
    agenda = make_agenda(dots=sum(DOTS), max_per_idea=max(DOTS))
    where, store = create(agenda, roster)
    with store:
        go_to(store, "capture")
        for number in range(ideas):
            store.submit(f"race idea {number}")
        session = go_to(store, "vote")
        assert len(session.votable) == ideas
    return where


def run_forked(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.hardening.forked_commands"],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    for result in results:
        assert result["code"] in (0, 2), result
        assert "Traceback" not in result["err"] and "internal error" not in result["err"]
        if result["code"] == 2:
            assert len(result["err"].splitlines()) == 1, result
    return results


def closed_tallies(where: str) -> tuple[dict[int, int], frozenset[str]]:
    with open_session(place_of(where), SystemClock()) as store:
        session = store.snapshot()
        if not session.voting.closed:
            store.close_voting(force=True)
            session = store.snapshot()
    voted = frozenset(session.by_id[pid].name for pid in session.voting.voted)
    return {idea.number: idea.votes or 0 for idea in session.votable}, voted


def test_a_hundred_processes_vote_at_once(create: Create) -> None:
    voters, ideas, twice = 90, 40, 10
    path = voting_session(create, voters, ideas)
    plan = [(index, 0) for index in range(voters)] + [(index, 1) for index in range(twice)]
    jobs = [{"argv": ballot(path, index, attempt, ideas), "at": 0.0} for index, attempt in plan]
    assert len(jobs) == 100
    results = run_forked(jobs)

    accepted: Counter[int] = Counter()
    expected: Counter[int] = Counter()
    for (index, attempt), result in zip(plan, results, strict=True):
        if result["code"] == 0:
            accepted[index] += 1
            expected.update(choices(index, attempt, ideas))
        else:
            assert index < twice and "already voted" in result["err"], result
    assert accepted == dict.fromkeys(range(voters), 1), "exactly one ballot per person"
    tallies, voted = closed_tallies(path)
    assert voted == {voter(index) for index in range(voters)}
    assert tallies == {number: expected.get(number, 0) for number in range(1, ideas + 1)}
    assert sum(tallies.values()) == voters * sum(DOTS)
    print(f"{len(jobs)} ballots at once: {sum(accepted.values())} accepted, {twice} refused")


# Only an explicit close ends voting: `next` leaves it open (see the store contract suite).
# It comes from the command, or from a store held open, as a console closes it.
@pytest.mark.parametrize("closer", ["close-vote", "store"])
def test_no_ballot_is_accepted_after_voting_closes(create: Create, closer: str) -> None:
    voters, ideas, spread, close_at, late_at = 50, 30, 0.6, 0.15, 1.5
    path = voting_session(create, voters, ideas)
    # Forty ballots spread around the close, and the last ten well after it has returned:
    # they wait for the close to return, however long a loaded machine makes it take.
    closing_job = voters
    jobs: list[dict[str, Any]] = [
        {"argv": ballot(path, index, 0, ideas), "at": spread * index / 40}
        if index < 40
        else {"argv": ballot(path, index, 0, ideas), "at": late_at, "after": closing_job}
        for index in range(voters)
    ]
    # The close waits for the first three ballots too: with fewer it is refused (the tallies
    # would show how they voted), which a loaded machine could otherwise bring about.
    first = [0, 1, 2]
    if closer == "store":
        jobs.append({"store": path, "call": "close_voting", "at": close_at, "after": first})
    else:
        jobs.append({"argv": [closer, path], "at": close_at, "after": first})
    jobs.append({"watch": path, "at": 0.0, "for": WATCH_SECONDS})
    *ballots, closing, watcher = run_forked(jobs)
    assert closing["code"] == 0, closing
    at_close = watcher["closed"]
    assert at_close is not None, "the watcher never saw voting close"

    acknowledged = [index for index, result in enumerate(ballots) if result["code"] == 0]
    refused = [index for index, result in enumerate(ballots) if result["code"] == 2]
    assert acknowledged and refused, "the close landed in the middle of the ballots"
    for index in refused:
        err = ballots[index]["err"]
        assert "Voting has closed" in err or "Ballots are cast in a vote phase" in err, err
    for index in acknowledged:
        assert ballots[index]["start"] < closing["end"], "a ballot started after the close"
    late = [index for index in range(voters) if ballots[index]["start"] > closing["end"]]
    assert late, f"the close returned at {closing['end']:.2f}s, after every ballot had started"
    assert set(late) <= set(refused)

    tallies, voted = closed_tallies(path)
    expected: Counter[int] = Counter()
    for index in acknowledged:
        expected.update(choices(index, 0, ideas))
    assert voted == {voter(index) for index in acknowledged}
    assert tallies == {number: expected.get(number, 0) for number in range(1, ideas + 1)}
    # Starting before the close is not enough: a ballot checked before it but written after it
    # would pass the checks above. What the store showed once closed must be final.
    late_writes = voted - set(at_close["voted"])
    assert not late_writes, f"{len(late_writes)} ballots were written after voting closed"
    assert {int(number): votes for number, votes in at_close["tallies"].items()} == tallies
    print(
        f"{closer} raced {voters} ballots: {len(acknowledged)} acknowledged and counted,"
        f" {len(refused)} refused ({len(late)} of them started after the close had returned);"
        f" first seen closed at {at_close['at']:.3f}s; the close returned at {closing['end']:.3f}s"
    )


def test_racing_phase_moves_move_once_and_ballots_stop_with_the_vote(create: Create) -> None:
    """Several facilitators press "next" at once (`next --from N`, as the consoles send it)
    while ballots arrive: the session moves exactly once, and no ballot lands after it left
    the vote phase."""
    voters, ideas, movers, spread, move_at, late_at = 40, 30, 6, 0.6, 0.15, 1.5
    path = voting_session(create, voters, ideas)
    with open_session(place_of(path), SystemClock()) as store:
        at_vote = store.snapshot().phase_number
    moving = list(range(voters, voters + movers))
    jobs: list[dict[str, Any]] = [
        {"argv": ballot(path, index, 0, ideas), "at": spread * index / 30}
        if index < 30
        else {"argv": ballot(path, index, 0, ideas), "at": late_at, "after": moving}
        for index in range(voters)
    ]
    jobs += [{"argv": ["next", path, "--from", str(at_vote)], "at": move_at} for _ in moving]
    jobs.append({"watch": path, "until": "moved", "at": 0.0, "for": WATCH_SECONDS})
    results = run_forked(jobs)
    ballots, moves, watcher = results[:voters], results[voters:-1], results[-1]

    moved = [result for result in moves if result["code"] == 0]
    assert len(moved) == 1, f"{len(moved)} of {movers} racing moves went through"
    for result in moves:
        if result["code"] == 2:
            assert "already moved" in result["err"], result
    at_move = watcher["closed"]
    assert at_move is not None, "the watcher never saw the session leave the vote"
    acknowledged = [index for index, result in enumerate(ballots) if result["code"] == 0]
    refused = [index for index, result in enumerate(ballots) if result["code"] == 2]
    assert acknowledged and refused, "the move landed in the middle of the ballots"
    for index in refused:
        assert "Ballots are cast in a vote phase" in ballots[index]["err"], ballots[index]
    for index in acknowledged:
        assert ballots[index]["start"] < moved[0]["end"], "a ballot started after the move"
    assert set(range(30, voters)) <= set(refused), "a ballot after every move was accepted"

    with open_session(place_of(path), SystemClock()) as store:
        session = store.snapshot()
    assert session.phase_number == at_vote + 1, "the racing moves moved more than once"
    assert not session.voting.closed, "leaving the vote closed it"
    tallies, voted = closed_tallies(path)
    expected: Counter[int] = Counter()
    for index in acknowledged:
        expected.update(choices(index, 0, ideas))
    assert voted == {voter(index) for index in acknowledged} == set(at_move["voted"])
    assert tallies == {number: expected.get(number, 0) for number in range(1, ideas + 1)}
    print(
        f"{movers} racing moves: one went through; {len(acknowledged)} ballots counted,"
        f" {len(refused)} refused; the move returned at {moved[0]['end']:.3f}s"
    )
