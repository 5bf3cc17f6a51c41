"""Many processes on one session at once, in a file or in the PostgreSQL server of the tests:
no idea is lost and a ballot is cast once.

Each worker is a separate Python process that calls the command-line entry point
(`rmworkshop.cli.main`) for every command it is given, exactly as ``python -m rmworkshop``
would, but without paying the interpreter start-up for each of the 500 commands. Workers wait
on their standard input, so a whole batch starts at the same moment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import assert_ok, go_to, make_agenda, make_roster, run_cli
from tests.stores import BACKENDS, Create, sessions_in

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

WORKERS = 20
IDEAS_PER_WORKER = 25
DOUBLE_VOTERS = 5
TIMEOUT_SECONDS = 120

WORKER = r"""
import contextlib, io, json, sys
from rmworkshop.cli import main

print("ready", flush=True)
for line in sys.stdin:
    results = []
    for argv in json.loads(line):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        results.append([code, err.getvalue()])
    print(json.dumps(results), flush=True)
"""

Result = tuple[int, str]


class Workers:
    """Worker processes that each run a list of CLI commands when told to go."""

    def __init__(self, count: int) -> None:
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for _ in range(count)
        ]
        for process in self.processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"

    def run(self, batches: list[list[list[str]]]) -> list[list[Result]]:
        """Give every worker its batch at once; each batch's results, in worker order."""
        assert len(batches) == len(self.processes)
        for process, batch in zip(self.processes, batches, strict=True):
            assert process.stdin is not None
            process.stdin.write(json.dumps(batch) + "\n")
            process.stdin.flush()
        results: list[list[Result]] = []
        for process in self.processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line, f"worker {process.pid} stopped"
            results.append([(int(code), str(err)) for code, err in json.loads(line)])
        return results

    def close(self) -> None:
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.close()
        for process in self.processes:
            assert process.wait(timeout=TIMEOUT_SECONDS) == 0


def person(index: int) -> str:
    return f"Person {index:02d}"


def choices(voter: int, attempt: int, ideas: int) -> dict[int, int]:
    """A distinct ballot of 15 dots (at most 3 on one idea) for each voter and attempt."""
    start = voter * 37 + attempt * 211
    return {(start + step * 13) % ideas + 1: 1 + step % 3 for step in range(8)}


def ballot_argv(session: str, voter: int, attempt: int, ideas: int) -> list[str]:
    picks = [f"{number}={dots}" for number, dots in choices(voter, attempt, ideas).items()]
    return ["ballot", session, "--as", person(voter), *picks]


@pytest.fixture(params=BACKENDS)
def create(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Create]:
    with sessions_in(request.param, tmp_path) as made:
        yield made


def test_many_processes_submit_and_vote_at_once(create: Create) -> None:
    roster = make_roster(tuple((person(i), "junior" if i % 2 else "senior") for i in range(20)))
    session, store = create(make_agenda(), roster)
    with store:
        go_to(store, "capture")

    workers = Workers(WORKERS)
    try:
        texts = [
            [f"worker {w:02d} idea {i:02d}" for i in range(IDEAS_PER_WORKER)]
            for w in range(WORKERS)
        ]
        submitted = workers.run([[["submit", session, t] for t in batch] for batch in texts])
        for batch in submitted:
            assert batch == [(0, "")] * IDEAS_PER_WORKER

        total = WORKERS * IDEAS_PER_WORKER
        status = json.loads(assert_ok(run_cli("status", session, "--json")))
        assert status["ideas"] == total
        assert_ok(run_cli("next", session))
        assert_ok(run_cli("next", session))
        status = json.loads(assert_ok(run_cli("status", session, "--json")))
        assert (status["kind"], status["dots_per_person"], status["max_per_idea"]) == (
            "vote",
            20,
            3,
        )
        shown = json.loads(assert_ok(run_cli("ideas", session, "--json")))
        assert sorted(item["text"] for item in shown) == sorted(t for b in texts for t in b)
        assert sorted(item["number"] for item in shown) == list(range(1, total + 1))

        # Workers 0-4 first cast a second ballot for people 10-14, racing those people's own
        # workers, then their own ballot.
        plans: list[list[tuple[int, int]]] = []
        for w in range(WORKERS):
            plan = [(w, 0)]
            if w < DOUBLE_VOTERS:
                plan.insert(0, (w + 10, 1))
            plans.append(plan)
        batches = [[ballot_argv(session, v, a, total) for v, a in plan] for plan in plans]
        outcomes = workers.run(batches)
    finally:
        workers.close()

    accepted: Counter[int] = Counter()
    expected: Counter[int] = Counter()
    for plan, results in zip(plans, outcomes, strict=True):
        for (voter, attempt), (code, err) in zip(plan, results, strict=True):
            assert "Traceback" not in err
            if code == 0:
                assert err == ""
                accepted[voter] += 1
                expected.update(choices(voter, attempt, total))
            else:
                assert code == 2, (voter, code, err)
                assert voter in range(10, 10 + DOUBLE_VOTERS), (voter, err)
                assert len(err.splitlines()) == 1, err
                assert "already voted" in err
    assert accepted == dict.fromkeys(range(WORKERS), 1), "exactly one ballot per person"

    status = json.loads(assert_ok(run_cli("status", session, "--json")))
    assert status["ballots"] == WORKERS
    hidden = json.loads(assert_ok(run_cli("ideas", session, "--json")))
    assert all("votes" not in item for item in hidden), "tallies stay hidden while voting"

    assert_ok(run_cli("close-vote", session))
    tallies = {
        item["number"]: item["votes"]
        for item in json.loads(assert_ok(run_cli("ideas", session, "--json")))
    }
    assert len(tallies) == total
    assert tallies == {number: expected.get(number, 0) for number in range(1, total + 1)}
    assert sum(tallies.values()) == 15 * WORKERS
