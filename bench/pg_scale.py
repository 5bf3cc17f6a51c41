"""9. Scale of one database: 1,000 sessions in it. `rmworkshop sessions URL` listing them, and
a facilitator opening one of them, against the same in an empty database.

Two new databases on the same server: one left empty for the listing's baseline (it then gets
the one session the console opens), and one with the same session among 1,000 others, made by
`PostgresStore.create` in a loop (each a roster of twenty, not started). The console's session
is under way in its capture phase, with a few ideas, in both.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable

from bench import postgres
from bench.common import ROOT, Section, launch, median, ms, verdict

SESSIONS = 1000
QUICK_SESSIONS = 100
PEOPLE = 20
TARGET = 0.100
"""Seconds more than with an empty database, for the listing and for opening a session."""
OPENED = "the one opened"


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _listing(database: str) -> tuple[float, float]:
    """`rmworkshop sessions URL` as a command: wall and CPU seconds, process start included."""
    cpu = _children_cpu()
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rmworkshop", "sessions", database],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    return time.monotonic() - start, _children_cpu() - cpu


def _opening(address: str) -> tuple[float, float]:
    """The facilitator's store opened as a console opens it and its first snapshot read, in
    this process: wall and CPU seconds (of this process; the database's work is in the wall
    time only)."""
    from rmworkshop.sessions import console_session, place_of
    from rmworkshop.system import SystemClock

    cpu = time.process_time()
    start = time.monotonic()
    with console_session(place_of(address), SystemClock()) as store:
        store.snapshot()
    return time.monotonic() - start, time.process_time() - cpu


def _opened_session(database: str) -> str:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.postgres import PostgresStore, parse
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    roster = Roster(people=[Person(name=f"person {i}", level="mid") for i in range(PEOPLE)])
    address = postgres.with_session(database, OPENED)
    with PostgresStore.create(parse(address), agenda, name, SystemClock(), roster=roster) as store:
        store.start()
        store.next_phase()
        store.submit_many([f"Idea number {n}" for n in range(30)])
    return address


def _fill(database: str, sessions: int) -> float:
    """`sessions` more sessions in the database; returns the seconds it took."""
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.postgres import PostgresStore, parse
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    roster = Roster(people=[Person(name=f"person {i}", level="mid") for i in range(PEOPLE)])
    clock = SystemClock()
    start = time.monotonic()
    for n in range(sessions):
        address = parse(postgres.with_session(database, f"session {n:04d}"))
        PostgresStore.create(address, agenda, name, clock, roster=roster).close()
    return time.monotonic() - start


def _medians(
    runs: int, measure: Callable[[str], tuple[float, float]], empty: str, full: str
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Wall and CPU medians in the empty and the full database, measured in turns."""
    found: dict[str, list[tuple[float, float]]] = {empty: [], full: []}
    measure(empty)  # the first of a kind warms the caches of both ends for every other
    for _ in range(runs):
        for where in (empty, full):
            found[where].append(measure(where))
    return (
        (median([w for w, _ in found[empty]]), median([c for _, c in found[empty]])),
        (median([w for w, _ in found[full]]), median([c for _, c in found[full]])),
    )


def _first_frames(runs: int, empty: str, full: str) -> tuple[float, float] | None:
    """The real facilitator console, from process start to its first frame (None when it did
    not start)."""
    times: dict[str, list[float]] = {empty: [], full: []}
    try:
        launch(["run", "--session", empty])
        for _ in range(runs):
            for where in (empty, full):
                times[where].append(launch(["run", "--session", where]).seconds)
    except RuntimeError:
        return None
    return median(times[empty]), median(times[full])


def _row(what: str, empty: tuple[float, float], full: tuple[float, float]) -> list[str]:
    more = full[0] - empty[0]
    return [
        what,
        ms(empty[0]),
        ms(full[0]),
        f"{more * 1000:+.0f} ms",
        f"{full[0] / empty[0]:.2f}",
        f"< +{ms(TARGET)} ({verdict(more < TARGET)})",
        f"{ms(empty[1])} / {ms(full[1])}",
    ]


def run(section: Section, runs: int, quick: bool) -> None:
    url = postgres.server()
    if url is None:
        section.add(postgres.MISSING)
        return
    sessions = QUICK_SESSIONS if quick else SESSIONS
    runs = 1 if quick else runs
    with postgres.database(url, "empty") as empty, postgres.database(url, "full") as full:
        filling = _fill(full, sessions - 1)
        full_address = _opened_session(full)
        # The empty one with no session yet; a long listing, so fewer runs of it.
        listing = _medians(min(runs, 3), _listing, empty, full)
        empty_address = _opened_session(empty)
        opening = _medians(runs * 3, _opening, empty_address, full_address)
        frames = _first_frames(runs, empty_address, full_address)
    section.add(
        f"{sessions:,} sessions in one database (each a roster of {PEOPLE}), against an empty"
        f" database on the same server. Made by `PostgresStore.create` in a loop:"
        f" {filling:.0f} s, {filling / (sessions - 1) * 1000:.0f} ms a session. Listing:"
        " `rmworkshop sessions URL` as a command, process start included, which reads each"
        " session's summary (phase, people) from its registry row. Opening: the facilitator's store"
        " opened as a console opens it, and its first snapshot read, in one process; and the"
        " real facilitator console (`rmworkshop run --session ADDRESS`, headless) from process"
        " start to its first frame. The session opened is the same in both databases (under way,"
        " 30 ideas); the empty database holds it alone once its listing has been timed. Medians"
        f" of {min(runs, 3)} runs of the listing, {3 * runs} of the store and {runs} of the"
        " console, measured in turns, after one run not counted; CPU is the command's or"
        " this process's, not the database server's."
    )
    section.add("")
    rows = [
        _row("`rmworkshop sessions URL`", *listing),
        _row("store opened, first snapshot", *opening),
    ]
    if frames is not None:
        empty_frame, full_frame = frames
        more = full_frame - empty_frame
        rows.append(
            [
                "facilitator console, first frame",
                ms(empty_frame),
                ms(full_frame),
                f"{more * 1000:+.0f} ms",
                f"{full_frame / empty_frame:.2f}",
                f"< +{ms(TARGET)} ({verdict(more < TARGET)})",
                "",
            ]
        )
    section.table(
        ["measure", "empty database", f"{sessions:,} sessions", "more", "ratio", "target", "CPU"],
        rows,
    )
    if frames is None:
        section.add("")
        section.add("The facilitator console did not reach its first frame on the database.")
