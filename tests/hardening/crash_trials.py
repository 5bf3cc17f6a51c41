"""The crash trials' machinery, for a session file (`test_crash_consistency`) and a database
session (`test_postgres_crash`): the processes, the scripted plans, and the checks of what a
session holds after one of its processes was killed (see `test_crash_consistency`)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rmworkshop.core.plan import Plan
from rmworkshop.core.roster import Roster
from rmworkshop.sessions import open_session, place_of
from rmworkshop.store import Store
from rmworkshop.system import SystemClock
from tests.helpers import go_to, make_agenda, make_roster

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("RMW_CRASH_TRIALS", "51"))
SEED = int(os.environ.get("RMW_CRASH_SEED", str(random.SystemRandom().randrange(2**32))))
ROLES = ("facilitator", "participant", "commands")
VOTERS = 40
BALLOT = (1, 2)
"""Dots every voter puts on their own two ideas: numbers 2v+1 and 2v+2 for voter v."""
PHASES = (
    ("Silent ideas", "capture", 10.0),
    ("Dot vote", "vote", 10.0),
    ("Open discussion", "discuss", 10.0),
    ("Owners", "actions", 10.0),
)
TOLERANCE_SECONDS = 1.0
WHEN = (0.15, 0.45, 0.4)
"""Weights of the three kinds of kill moment: early, anytime and mid-write (see run_trial)."""
READY_SECONDS = 60.0
STOP_SECONDS = 30.0


def voter(index: int) -> str:
    return f"Voter {index:02d}"


def ballot_of(index: int) -> dict[int, int]:
    return {2 * index + 1: BALLOT[0], 2 * index + 2: BALLOT[1]}


class Driver:
    """One driver process and everything it has printed, read by a thread as it arrives."""

    def __init__(self, role: str, folder: Path) -> None:
        self.role = role
        self.errors = folder / f"{role}-{time.monotonic_ns()}.stderr"
        with self.errors.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.hardening.crash_driver", role],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"},
            )
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.mark = 0

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            with self.changed:
                self.lines.append(raw.decode("utf-8").rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.lines.append("EOF")
            self.changed.notify_all()

    def wait_for(self, word: str, seconds: float, since: int = 0) -> None:
        deadline = time.monotonic() + seconds
        with self.changed:
            while not any(line.split(" ", 1)[0] == word for line in self.lines[since:]):
                if "EOF" in self.lines[since:] or time.monotonic() > deadline:
                    raise AssertionError(f"{self.role}: no {word}; stderr: {self.stderr()}")
                self.changed.wait(0.1)

    def wait_for_next(self, word: str, seconds: float) -> bool:
        """Wait for the next line starting with `word`; False if none comes in time."""
        deadline = time.monotonic() + seconds
        with self.changed:
            since = len(self.lines)
            while not any(line.split(" ", 1)[0] == word for line in self.lines[since:]):
                if "EOF" in self.lines[since:] or time.monotonic() > deadline:
                    return False
                self.changed.wait(0.005)
        return True

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def start(self, trial: dict[str, Any]) -> None:
        self.wait_for("READY", READY_SECONDS)
        with self.changed:
            self.mark = len(self.lines)
        self.send(json.dumps(trial))

    def kill(self) -> float:
        killed_at = time.time()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        return killed_at

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def trial_lines(self) -> list[tuple[str, dict[str, Any]]]:
        with self.changed:
            lines = self.lines[self.mark :]
        out = []
        for line in lines:
            word, _, payload = line.partition(" ")
            if word in ("DO", "OK", "NO", "STARTED"):
                out.append((word, json.loads(payload) if payload else {}))
        return out

    def stderr(self) -> str:
        """The end of what the process wrote on stderr (a console's traceback, say)."""
        return self.errors.read_text(errors="replace")[-20000:]


@dataclass
class Pool:
    """A running driver per role, and a spare already warmed up to replace a killed one."""

    folder: Path
    active: dict[str, Driver] = field(default_factory=dict)
    spare: dict[str, Driver] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for role in ROLES:
            self.active[role] = Driver(role, self.folder)
            self.spare[role] = Driver(role, self.folder)

    def replace(self, role: str) -> None:
        self.active[role] = self.spare[role]
        self.spare[role] = Driver(role, self.folder)

    def close(self) -> None:
        for driver in [*self.active.values(), *self.spare.values()]:
            driver.close()


@dataclass
class Totals:
    trials: int = 0
    kills: Counter[str] = field(default_factory=Counter)
    acknowledged: Counter[str] = field(default_factory=Counter)
    mid_action: Counter[str] = field(default_factory=Counter)
    """Kills that landed between a DO line and its OK: mid-write, or committed but unreported."""


@dataclass(frozen=True)
class Backend:
    """Where the trials keep their sessions: each trial's SESSION argument, how a session is
    created there, and how the checks read back what it holds."""

    place: Callable[[int], str]
    create: Callable[[str, Plan, Roster], Store]
    stored: Callable[[str, str], Stored]


def new_session(
    backend: Backend, where: str, scenario: str, tag: str
) -> tuple[dict[str, Any], set[str]]:
    """A session in its capture or vote phase; returns its clock state and the seeded ideas."""
    roster = make_roster(tuple((voter(i), ("junior", "senior")[i % 2]) for i in range(VOTERS)))
    agenda = make_agenda(PHASES, dots=sum(BALLOT), max_per_idea=max(BALLOT))
    seeded = {f"{tag} seeded idea {i}" for i in range(2 * VOTERS)}
    with backend.create(where, agenda, roster) as store:
        go_to(store, "capture")
        for text in sorted(seeded):
            store.submit(text)
        if scenario == "vote":
            go_to(store, "vote")
        session = store.snapshot()
    now = time.time()
    state = {"t": now, "index": session.index, "state": session.state}
    return {**state, "remaining": session.remaining(now)}, seeded


def plans(path: str, scenario: str, tag: str, rng: random.Random) -> dict[str, dict[str, Any]]:
    common = {"session": path, "scenario": scenario, "tag": tag}
    if scenario == "capture":
        texts = [f"{tag} command idea {n}" for n in range(300)]
        jobs = [{"argv": ["submit", path, text], "idea": text} for text in texts]
    else:
        voters = list(range(1, VOTERS))
        rng.shuffle(voters)
        # Voter 00 is the participant console; the worker also tries to vote as them.
        voters.insert(rng.randrange(len(voters) + 1), 0)
        jobs = [
            {
                "argv": ["ballot", path, "--as", voter(v)]
                + [f"{n}={d}" for n, d in ballot_of(v).items()],
                "ballot": voter(v),
            }
            for v in voters
        ]
    return {
        "facilitator": {**common, "seed": rng.randrange(2**32)},
        "participant": {
            **common,
            "seed": rng.randrange(2**32),
            "name": voter(0),
            "ballot": ballot_of(0) if scenario == "vote" else {},
        },
        # Ballots are paced to last about as long as a trial; ideas come as fast as they can.
        "commands": {
            **common,
            "seed": rng.randrange(2**32),
            "jobs": jobs,
            "pause": 0.03 if scenario == "vote" else 0.005,
        },
    }


# -- the checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    texts: set[str]
    tallies: dict[int, int]
    """Votes by display number, read directly: the store hides them until voting closes."""
    voted: set[str]
    closed: bool


def check_ballots(tallies: dict[int, int], voted: set[str], where: str) -> None:
    for number, votes in tallies.items():
        if number > 2 * VOTERS:
            assert votes == 0, f"{where}: idea #{number} belongs to nobody but has {votes}"
    for index in range(VOTERS):
        counted = tuple(tallies.get(n, 0) for n in ballot_of(index))
        if voter(index) in voted:
            assert counted == BALLOT, f"{where}: {voter(index)} voted but counts {counted}"
        else:
            assert counted == (0, 0), f"{where}: {voter(index)} has not voted, counts {counted}"
    assert sum(tallies.values()) == sum(BALLOT) * len(voted), where


def expected_clocks(
    acked: dict[str, Any], pending: dict[str, Any] | None, killed_at: float, phases: int
) -> list[tuple[int, str, float, float]]:
    """Acceptable (index, state, low, high) for the reopened clock. The value compared is the
    absolute deadline of a running phase, or the remaining seconds of a paused one."""

    def value(state: dict[str, Any]) -> float:
        if state["state"] == "running":
            return float(state["t"] + state["remaining"])
        return float(state["remaining"])

    options = [(acked["index"], acked["state"], value(acked), value(acked))]
    if pending is None:
        return options
    before, key, started = pending["before"], pending["key"], pending["t"]
    index, state, current = before["index"], before["state"], value(before)
    if key == "space" and state == "running":
        options.append((index, "paused", current - killed_at, current - started))
    elif key == "space":
        options.append((index, "running", started + current, killed_at + current))
    elif key == "plus":
        options.append((index, state, current + 60, current + 60))
    elif key == "greater_than_sign" and index + 1 < phases:
        planned = PHASES[index + 1][2] * 60
        options.append((index + 1, "running", started + planned, killed_at + planned))
    return options


def check_clock(
    path: str, acked: dict[str, Any], pending: dict[str, Any] | None, killed_at: float, where: str
) -> None:
    with open_session(place_of(path), SystemClock()) as store:
        session = store.snapshot()
    now = time.time()
    observed = (
        now + session.remaining(now) if session.state == "running" else session.remaining(now)
    )
    options = expected_clocks(acked, pending, killed_at, len(PHASES))
    assert any(
        session.index == index
        and session.state == state
        and low - TOLERANCE_SECONDS <= observed <= high + TOLERANCE_SECONDS
        for index, state, low, high in options
    ), f"{where}: reopened at {session.index} {session.state} {observed:.2f}; expected {options}"


def run_trial(
    pool: Pool, number: int, victim: str, rng: random.Random, backend: Backend, totals: Totals
) -> None:
    scenario = rng.choice(["capture", "vote"])
    # When: within 0.6 s of the start, while consoles may still be opening the file; at any
    # moment once they are up; or a few milliseconds into the next write the victim begins.
    when = rng.choices(["early", "anytime", "mid-write"], weights=WHEN)[0]
    delay = rng.uniform(0.0, 0.3 if when == "mid-write" else 0.6)
    tag = f"t{number}"
    where = f"seed {SEED} trial {number} ({scenario}, {victim} killed {when} +{delay:.2f}s)"
    path = backend.place(number)
    initial, seeded = new_session(backend, path, scenario, tag)
    trial = plans(path, scenario, tag, rng)
    consoles = [pool.active["facilitator"], pool.active["participant"]]
    for driver in consoles:
        driver.start(trial[driver.role])
    if when != "early":
        # The commands start once the consoles are up, so the consoles' start is not slowed.
        for driver in consoles:
            driver.wait_for("STARTED", READY_SECONDS, since=driver.mark)
    pool.active["commands"].start(trial["commands"])
    time.sleep(delay)
    if when == "mid-write" and pool.active[victim].wait_for_next("DO", seconds=0.8):
        time.sleep(rng.uniform(0.0, 0.02))
    killed_at = pool.active[victim].kill()
    survivors = [pool.active[role] for role in ROLES if role != victim]
    for driver in survivors:
        driver.send("STOP")
    for driver in survivors:
        driver.wait_for("STOPPED", STOP_SECONDS, since=driver.mark)
    lines = {role: pool.active[role].trial_lines() for role in ROLES}
    pool.replace(victim)

    stored = backend.stored(path, where)
    texts, tallies, voted = stored.texts, stored.tallies, stored.voted
    attempted_ideas, attempted_ballots = set(seeded), set()
    for role in ("participant", "commands"):
        for word, payload in lines[role]:
            if word == "DO":
                attempted_ideas.update([payload["idea"]] if "idea" in payload else [])
                attempted_ballots.update([payload["ballot"]] if "ballot" in payload else [])
            if word == "OK" and "idea" in payload:
                assert payload["idea"] in texts, f"{where}: acknowledged idea lost: {payload}"
                totals.acknowledged["idea"] += 1
            if word == "OK" and "ballot" in payload:
                assert payload["ballot"] in voted, f"{where}: acknowledged ballot lost: {payload}"
                totals.acknowledged["ballot"] += 1
    assert seeded <= texts, f"{where}: a seeded idea was lost"
    assert texts <= attempted_ideas, f"{where}: ideas nobody wrote: {texts - attempted_ideas}"
    assert voted <= attempted_ballots, f"{where}: ballots nobody cast: {voted - attempted_ballots}"
    check_ballots(tallies, voted, where)

    acked, pending = initial, None
    for word, payload in lines["facilitator"]:
        if word in ("STARTED", "OK"):
            acked, pending = payload, None
            totals.acknowledged["facilitator" if word == "OK" else "console start"] += 1
            # What the console showed: revealed ideas keep their numbers, a closed vote stays.
            assert len(tallies) >= payload["revealed"], f"{where}: a reveal was lost: {payload}"
            assert stored.closed or not payload["closed"], f"{where}: the close was lost"
        elif word == "DO":
            pending = payload
    check_clock(path, acked, pending if victim == "facilitator" else None, killed_at, where)

    victim_lines = lines[victim]
    if victim_lines and victim_lines[-1][0] == "DO":
        totals.mid_action[victim] += 1
    totals.kills[victim] += 1
    totals.trials += 1
