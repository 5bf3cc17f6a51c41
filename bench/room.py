"""6. Connected participants: 50, 200 and 500 devices held by one participant server process,
each on a live event stream, some submitting and voting, all simulated on this machine.

The server runs as `rmworkshop serve`; the devices run in two processes (`bench.room_devices`);
the facilitator's commits are made here, on the session file, and timed from the commit to
the moment the last device has the new state. Side by side, in the same run: the same number of
participants as one console process each (`rmworkshop join FILE`, headless), the way a
browser tab cost a process before the participant server.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import ROOT, Section, median, ms, percentile, verdict

SIZES = (50, 200, 500)
QUICK_SIZES = (50,)
PROCESSES_SIDE_BY_SIDE = 50
DEVICE_PROCESSES = 2
COMMITS = 15
"""Facilitator commits timed per phase (quiet room, then busy room)."""
SPACING = 0.6
IDLE_SECONDS = 10.0
MEMORY_TARGET_MB = 300.0
LATENCY_TARGET = 0.250
if TYPE_CHECKING:
    from rmworkshop.store import Store
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Usage:
    cpu_seconds: float
    rss_kb: int


def usage(pids: list[int]) -> Usage:
    """CPU time so far and resident memory now, summed over processes, from /proc."""
    cpu, rss = 0.0, 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        cpu += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
    return Usage(cpu, rss)


def cpu_share(pids: list[int], seconds: float) -> float:
    """Share of one core the processes used over the next `seconds`."""
    before = usage(pids).cpu_seconds
    time.sleep(seconds)
    return (usage(pids).cpu_seconds - before) / seconds


def session_file(folder: Path, people: int, kind: str = "room") -> Path:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    levels = ("intern", "junior", "mid", "senior", "executive")
    roster = Roster(people=[Person(name=f"person {i}", level=levels[i % 5]) for i in range(people)])
    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / f"{kind}-{people}.workshop"
    SessionStore.create(path, agenda, name, SystemClock(), roster=roster).close()
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _python(*args: str, stdin: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def _serve(session: str) -> tuple[subprocess.Popen[str], str, str]:
    port = _free_port()
    server = _python("-m", "rmworkshop", "serve", session, "--port", str(port))
    assert server.stdout is not None
    url, code = f"http://127.0.0.1:{port}", None
    for line in server.stdout:
        found = re.search(r"\b([A-Z0-9]{3,6}-[A-Z0-9]{3,6})\b", line)
        if found and "code" in line.lower():
            code = found.group(1)
            break
    if code is None:
        raise RuntimeError("the server printed no join code")
    return server, url, code


def _expect(process: subprocess.Popen[str], word: str) -> str:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(word):
            return line
        if line.startswith("FAILED "):
            raise RuntimeError(line.removeprefix("FAILED ").strip())
    raise RuntimeError(f"a device process ended before {word}")


class Room:
    """One session (a file or a PostgreSQL address) served by `servers` processes, each on a
    port and with a join code of its own, with `people` devices connected, the device
    processes spread over the servers in turn."""

    def __init__(self, session: str, people: int, servers: int = 1) -> None:
        from rmworkshop.sessions import open_session, place_of
        from rmworkshop.system import SystemClock

        self.session = session
        self.servers: list[tuple[subprocess.Popen[str], str, str]] = []
        self.devices: list[subprocess.Popen[str]] = []
        self._store: Store | None = None
        try:  # whatever failed, nothing started here is left running
            for _ in range(servers):
                self.servers.append(_serve(session))
            share = -(-people // DEVICE_PROCESSES)
            for n, first in enumerate(range(0, people, share)):
                url, code = self.servers[n % servers][1:]
                count = str(min(share, people - first))
                self.devices.append(
                    _python("-m", "bench.room_devices", url, code, str(first), count, stdin=True)
                )
            self.connect_started = time.monotonic()
            for process in self.devices:
                _expect(process, "CONNECTED")
            self.connect_seconds = time.monotonic() - self.connect_started
            self._store = open_session(place_of(session), SystemClock())
        except BaseException:
            self.close()
            raise
        self.commits: list[tuple[float, float, bool]] = []
        """When each timed commit was made, the remaining seconds it left the phase with, and
        whether devices were writing at the time."""

    def tell(self, command: str, count: int) -> None:
        """Spread a command over the device processes; returns once they have all done it."""
        each = -(-count // len(self.devices))
        for process in self.devices:
            assert process.stdin is not None
            process.stdin.write(f"{command} {each}\n")
            process.stdin.flush()
        for process in self.devices:
            _expect(process, "DONE")

    def timed_commits(self, during: str | None = None, count: int = 0) -> None:
        """Facilitator commits (a minute added, each), while devices do `during` if given."""
        for _ in range(COMMITS):
            if during:
                self.tell(during, count)
            made = time.monotonic()
            self.store.extend(1)
            left = self.store.snapshot().remaining(time.time())
            self.commits.append((made, left, during is not None))
            time.sleep(SPACING)

    def delays(self) -> dict[bool, list[float]]:
        """For each timed commit, how long until the last device had a state sent after it;
        quiet commits under False, those made while devices wrote under True."""
        arrivals: list[list[tuple[float, float | None]]] = []
        for process in self.devices:
            assert process.stdin is not None
            process.stdin.write("DUMP\n")
            process.stdin.flush()
            arrivals.extend(json.loads(_expect(process, "[")))
        out: dict[bool, list[float]] = {False: [], True: []}
        for commit, remaining, busy in self.commits:
            # The commit added a minute: the first state after it with that minute in it.
            # States sent for the devices' own ideas and ballots in between do not count.
            firsts = [
                next((t for t, left in times if t >= commit and (left or 0) > remaining - 30), None)
                for times in arrivals
            ]
            if all(t is not None for t in firsts):
                out[busy].append(max(t for t in firsts if t is not None) - commit)
            else:
                out[busy].append(float("inf"))  # a device never heard of this commit
        return out

    @property
    def store(self) -> Store:
        """The facilitator's store, on the same session."""
        assert self._store is not None
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        for process in self.devices:
            process.kill()
            process.wait(10)
        for server, _, _ in self.servers:
            server.send_signal(signal.SIGINT)
        for server, _, _ in self.servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)


@dataclass
class RoomFigures:
    people: int
    connect_seconds: float
    rss_mb: float
    idle_cpu: float
    busy_cpu: float
    p50: float
    p95: float
    quiet_p95: float
    busy_p95: float
    database_idle_cpu: float | None = None
    database_busy_cpu: float | None = None
    """The database server's share of one core, for a session in a database on this machine."""


DatabaseCpu = Callable[[], float | None]
"""CPU seconds so far of the database server's processes for the session, if known."""


def _spent(before: float | None, after: float | None, seconds: float) -> float | None:
    return None if before is None or after is None else (after - before) / seconds


def measure_room(
    session: str, people: int, servers: int = 1, database_cpu: DatabaseCpu | None = None
) -> RoomFigures:
    room = Room(session, people, servers)
    database = database_cpu or (lambda: None)
    try:
        server = [process.pid for process, _, _ in room.servers]
        database_before = database()
        idle = cpu_share(server, IDLE_SECONDS)
        database_idle = _spent(database_before, database(), IDLE_SECONDS)
        room.store.start()
        room.store.next_phase()  # capture: some devices send ideas
        time.sleep(SPACING)
        room.timed_commits()
        before, database_before = usage(server).cpu_seconds, database()
        started = time.monotonic()
        room.timed_commits("SUBMIT", max(1, people // 10))
        room.store.next_phase()
        room.store.next_phase()  # vote: some devices cast ballots
        room.store.reveal()
        time.sleep(SPACING)
        room.timed_commits("VOTE", max(1, people // 30))
        elapsed = time.monotonic() - started
        busy = (usage(server).cpu_seconds - before) / elapsed
        database_busy = _spent(database_before, database(), elapsed)
        rss = usage(server).rss_kb / 1024
        split = room.delays()
    finally:
        room.close()
    return RoomFigures(
        people,
        room.connect_seconds,
        rss,
        idle,
        busy,
        median(split[False] + split[True]),
        percentile(split[False] + split[True], 0.95),
        percentile(split[False], 0.95),
        percentile(split[True], 0.95),
        database_idle,
        database_busy,
    )


def measure_processes(folder: Path, people: int) -> tuple[float, float]:
    """Memory (MB, summed) and CPU (share of a core, summed) of one participant console per
    person, all open on one session file and idle."""
    session = session_file(folder, people, "consoles")
    env = dict(os.environ, PYTHONPATH=str(ROOT), BENCH_HOLD="600")
    consoles = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.child", "join", str(session), "--as", f"person {i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for i in range(people)
    ]
    try:
        for console in consoles:
            _expect(console, "READY")
        pids = [c.pid for c in consoles]
        time.sleep(2.0)  # past start-up work
        cpu = cpu_share(pids, IDLE_SECONDS)
        rss = usage(pids).rss_kb / 1024
    finally:
        for console in consoles:
            console.kill()
            console.wait(10)
    return rss, cpu


def run(section: Section, runs: int, quick: bool) -> None:
    sizes = QUICK_SIZES if quick else SIZES
    with tempfile.TemporaryDirectory() as folder:
        figures = [
            measure_room(str(session_file(Path(folder), people)), people) for people in sizes
        ]
        processes_mb, processes_cpu = measure_processes(Path(folder), PROCESSES_SIDE_BY_SIDE)
    section.add(
        "One `rmworkshop serve` process; devices simulated with aiohttp in"
        f" {DEVICE_PROCESSES} other processes on the same 2 cores, each device on its own live"
        " event stream from one of several loopback addresses. CPU is the server's share of one"
        f" core: idle over {IDLE_SECONDS:.0f} s with everyone connected, busy while a tenth of"
        " the room sends ideas and a thirtieth votes. Delay is from a facilitator commit to the"
        f" last device receiving the new state, over {3 * COMMITS} commits: {COMMITS} in a quiet"
        f" room, and {2 * COMMITS} each made just after a tenth of the room sent an idea at once"
        " (or a thirtieth cast a ballot), each of which is a commit of its own."
    )
    section.add("")
    rows = []
    for f in figures:
        big = f.people == max(sizes)
        rows.append(
            [
                str(f.people),
                f"{f.rss_mb:.0f} MB"
                + (f" ({verdict(f.rss_mb < MEMORY_TARGET_MB)})" if big else ""),
                f"{f.idle_cpu:.1%}",
                f"{f.busy_cpu:.1%}",
                ms(f.p50),
                ms(f.p95) + (f" ({verdict(f.p95 <= LATENCY_TARGET)})" if big else ""),
                ms(f.quiet_p95),
                ms(f.busy_p95),
                f"{f.connect_seconds:.0f} s",
            ]
        )
    section.table(
        [
            "participants",
            "server memory",
            "CPU idle",
            "CPU busy",
            "p50",
            "p95",
            "p95 quiet",
            "p95 busy",
            "all joined in",
        ],
        rows,
    )
    section.add("")
    served = next(f for f in figures if f.people == PROCESSES_SIDE_BY_SIDE)
    section.add(
        f"Side by side at {PROCESSES_SIDE_BY_SIDE} participants, idle, in the same run: one"
        " participant console process per person (`rmworkshop join FILE`, headless), as each"
        " browser tab cost before the participant server."
    )
    section.add("")
    section.table(
        ["", "memory", "CPU idle"],
        [
            [
                f"{PROCESSES_SIDE_BY_SIDE} console processes",
                f"{processes_mb:.0f} MB",
                f"{processes_cpu:.1%}",
            ],
            ["one participant server", f"{served.rss_mb:.0f} MB", f"{served.idle_cpu:.1%}"],
            [
                "ratio",
                f"{processes_mb / served.rss_mb:.0f}x",
                f"{processes_cpu / max(served.idle_cpu, 0.001):.0f}x",
            ],
        ],
    )
