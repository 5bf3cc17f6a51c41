"""Ballot races between processes: a hundred at once, and ballots racing the close of voting.

Each ballot is a separate forked process calling the command-line entry point (see
`tests.hardening.forked_commands`), with its own connection to the session file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock
from tests.helpers import go_to, make_agenda, make_roster

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


def ballot(session: Path, index: int, attempt: int, ideas: int) -> list[str]:
    picks = [f"{n}={d}" for n, d in choices(index, attempt, ideas).items()]
    return ["ballot", str(session), "--as", voter(index), *picks]


def voting_session(folder: Path, voters: int, ideas: int) -> Path:
    path = folder / "race.workshop"
    roster = make_roster(tuple((voter(i), ("junior", "senior")[i % 2]) for i in range(voters)))
    agenda = make_agenda(dots=sum(DOTS), max_per_idea=max(DOTS))
    with SessionStore.create(path, agenda, "race", SystemClock(), roster) as store:
        go_to(store, "capture")
        for number in range(ideas):
            store.submit(f"race idea {number}")
        session = go_to(store, "vote")
        assert len(session.votable) == ideas
    return path


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


def closed_tallies(path: Path) -> tuple[dict[int, int], frozenset[str]]:
    with SessionStore.open(path, SystemClock()) as store:
        session = store.snapshot()
        if not session.voting.closed:
            store.close_voting(force=True)
            session = store.snapshot()
    voted = frozenset(session.by_id[pid].name for pid in session.voting.voted)
    return {idea.number: idea.votes or 0 for idea in session.votable}, voted


def test_a_hundred_processes_vote_at_once(tmp_path: Path) -> None:
    voters, ideas, twice = 90, 40, 10
    path = voting_session(tmp_path, voters, ideas)
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
@pytest.mark.parametrize("closer", ["close-vote"])
def test_no_ballot_is_accepted_after_voting_closes(tmp_path: Path, closer: str) -> None:
    voters, ideas, spread, close_at, late_at = 50, 30, 0.6, 0.15, 1.5
    path = voting_session(tmp_path, voters, ideas)
    # Forty ballots spread around the close, and the last ten well after it has returned:
    # they wait for the close to return, however long a loaded machine makes it take.
    closing_job = voters
    jobs: list[dict[str, Any]] = [
        {"argv": ballot(path, index, 0, ideas), "at": spread * index / 40}
        if index < 40
        else {"argv": ballot(path, index, 0, ideas), "at": late_at, "after": closing_job}
        for index in range(voters)
    ]
    jobs.append({"argv": [closer, str(path)], "at": close_at})
    jobs.append({"watch": str(path), "at": 0.0, "for": WATCH_SECONDS})
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
