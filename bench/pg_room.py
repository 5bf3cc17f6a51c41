"""8. Live fan-out on PostgreSQL: 1,000 devices split over two `rmworkshop serve` processes
(two ports, two join codes) on one session in a database; from a facilitator's commit to the
last device, of either server, having the new state.

Measured as `bench.room` measures a session file, with its devices (`bench.room_devices`) and
its commits, quiet and busy. The baseline, in the same run: the same 1,000 devices on a session
file served by one process, which is what `bench.room` measures (there at 500). Both sessions
are the same rows: the database's is a copy of the file (`rmworkshop copy`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import postgres
from bench.common import Section, ms, verdict
from bench.room import (
    COMMITS,
    DEVICE_PROCESSES,
    IDLE_SECONDS,
    LATENCY_TARGET,
    DatabaseCpu,
    RoomFigures,
    measure_room,
    session_file,
)

PEOPLE = 1000
QUICK_PEOPLE = 100
SERVERS = 2


def _database_cpu(database: str) -> DatabaseCpu:
    """The CPU time of the database's server processes, those connected when first asked
    (both servers' connections and listeners, and the facilitator's): by then every one of
    them has connected, and none connects later."""
    pids: list[int] = []

    def spent() -> float | None:
        if not pids:
            pids.extend(postgres.backends(database))
        return postgres.cpu_seconds(pids)

    return spent


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _row(label: str, f: RoomFigures) -> list[str]:
    return [
        label,
        f"{f.rss_mb:.0f} MB",
        f"{f.idle_cpu:.1%}",
        f"{f.busy_cpu:.1%}",
        _share(f.database_idle_cpu),
        _share(f.database_busy_cpu),
        ms(f.p50),
        ms(f.p95),
        ms(f.quiet_p95),
        ms(f.busy_p95),
        f"{f.connect_seconds:.0f} s",
    ]


def run(section: Section, runs: int, quick: bool) -> None:
    from rmworkshop.sessions import copy_session, place_of
    from rmworkshop.system import SystemClock

    url = postgres.server()
    if url is None:
        section.add(postgres.MISSING)
        return
    people = QUICK_PEOPLE if quick else PEOPLE
    with tempfile.TemporaryDirectory() as folder, postgres.database(url, "room") as database:
        path = session_file(Path(folder), people)
        address = postgres.with_session(database, "room")
        copy_session(path, place_of(address), SystemClock()).close()  # before anyone joins
        baseline = measure_room(str(path), people)
        figures = measure_room(address, people, SERVERS, _database_cpu(database))
    section.add(
        f"{people} devices on one session, simulated as in the connected participants' benchmark"
        f" ({DEVICE_PROCESSES} device processes on the same 2 cores); here the session is in a"
        f" PostgreSQL database and served by {SERVERS} `rmworkshop serve` processes on two ports,"
        f" half of the devices on each. Baseline: the same {people} devices on a session file"
        " served by one process. Memory and CPU are the serving processes' (summed), and the"
        " database's server processes for the session (its connections and listeners, and the"
        f" facilitator's): idle over {IDLE_SECONDS:.0f} s, busy while a tenth of the room sends"
        " ideas and a thirtieth votes. Delay is from a facilitator commit to the last device,"
        f" of either server, having the new state: {COMMITS} commits in a quiet room and"
        f" {2 * COMMITS} in a busy one. One run of each (devices joining take most of it)."
    )
    section.add("")
    section.table(
        [
            "session",
            "serving memory",
            "serving CPU idle",
            "serving CPU busy",
            "database CPU idle",
            "database CPU busy",
            "p50",
            "p95",
            "p95 quiet",
            "p95 busy",
            "all joined in",
        ],
        [
            _row("file, one server (baseline)", baseline),
            _row(f"PostgreSQL, {SERVERS} servers", figures),
        ],
    )
    section.add("")
    worst = max(figures.quiet_p95, figures.busy_p95)
    section.add(
        f"Target: p95 ≤ {ms(LATENCY_TARGET)}, quiet and busy:"
        f" quiet {ms(figures.quiet_p95)} ({verdict(figures.quiet_p95 <= LATENCY_TARGET)}),"
        f" busy {ms(figures.busy_p95)} ({verdict(figures.busy_p95 <= LATENCY_TARGET)})."
        f" Ratio to the file's p95: {figures.p95 / baseline.p95:.2f} overall,"
        f" {worst / max(baseline.quiet_p95, baseline.busy_p95):.2f} at the worse of quiet and"
        " busy."
    )
