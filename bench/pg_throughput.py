"""7. Store throughput on PostgreSQL: 100 processes submit 20 ideas each then cast a ballot,
through the real store on one session in a database, against raw psycopg single-row
transactions doing the same inserts and updates on the same server.

As `bench.throughput` does for the session file, with the same workers. Each process holds one
connection (the store starts no listener for writes alone): 100 at a time, well inside the
server's limit (300 for a throwaway cluster, 400 for the test server), and the same count of
processes as the file's benchmark, so the two tables read side by side.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench import postgres
from bench.common import Section, median, verdict
from bench.throughput import IDEAS, PROCESSES, TARGET, spawn, step

OPERATIONS = PROCESSES * (IDEAS + 1)
RUNS = 3


@dataclass
class Timed:
    seconds: float
    """Wall time of the two timed steps."""
    client_cpu: float
    """CPU seconds of the writing processes in those steps."""
    server_cpu: float | None
    """CPU seconds of their server processes (None when the server is on another machine)."""


def _timed(kind: str, target: str, database: str, between: Callable[[], None]) -> Timed:
    """As `bench.throughput`'s, with the CPU time of both ends of the connections."""
    workers: list[subprocess.Popen[str]] = [spawn(kind, target, i) for i in range(PROCESSES)]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    clients = [worker.pid for worker in workers]
    servers = postgres.backends(database)
    client_before = postgres.cpu_seconds(clients, server=False) or 0.0
    server_before = postgres.cpu_seconds(servers)
    start = time.monotonic()
    step(workers, "submitted")
    submitting = time.monotonic() - start
    between()  # not timed, and its connection is not among the servers counted
    start = time.monotonic()
    step(workers, "done")
    voting = time.monotonic() - start
    client_after = postgres.cpu_seconds(clients, server=False) or 0.0
    server_after = postgres.cpu_seconds(servers)
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait(30)
    server = (
        server_after - server_before
        if server_after is not None and server_before is not None
        else None
    )
    return Timed(submitting + voting, client_after - client_before, server)


def _store_run(database: str) -> tuple[Timed, str]:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.postgres import PostgresStore, parse
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    address = parse(postgres.with_session(database, "throughput"))
    roster = Roster(people=[Person(name=f"p{i}", level="junior") for i in range(PROCESSES)])
    with PostgresStore.create(address, agenda, name, SystemClock(), roster=roster) as store:
        store.start()
        store.next_phase()

    def to_vote() -> None:
        with PostgresStore.open(address, SystemClock()) as store:
            while store.snapshot().kind != "vote":
                store.next_phase()

    timed = _timed("store", str(address), database, to_vote)
    with PostgresStore.open(address, SystemClock()) as store:
        store.close_voting()
        session = store.snapshot()
        ideas, ballots = session.idea_count, session.voting.ballots
        dots = sum(idea.votes or 0 for idea in session.ideas)
    lost = (PROCESSES * IDEAS - ideas) + (PROCESSES - ballots) + (PROCESSES - dots)
    return timed, f"{ideas} ideas, {ballots} ballots, {dots} dots counted; lost: {lost}"


def _raw_run(database: str, kind: str) -> Timed:
    import psycopg

    with psycopg.connect(database, autocommit=True) as db:
        db.execute("CREATE TABLE ideas (key TEXT PRIMARY KEY, text TEXT NOT NULL)")
        db.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, votes INTEGER NOT NULL DEFAULT 0)")
        db.execute("CREATE TABLE voters (id INTEGER PRIMARY KEY, voted INTEGER NOT NULL DEFAULT 0)")
        db.execute("INSERT INTO tally (id) SELECT generate_series(0, 9)")
        db.execute("INSERT INTO voters (id) SELECT generate_series(0, %s)", (PROCESSES - 1,))
        db.execute("CREATE TABLE version (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        db.execute("INSERT INTO version VALUES (0, 0)")
    return _timed(kind, database, database, lambda: None)


def _settings(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN"
            " ('fsync', 'synchronous_commit', 'max_connections', 'server_version')"
        ).fetchall()
    return ", ".join(f"{name} {setting}" for name, setting in sorted(rows))


def _per_transaction(seconds: list[float | None]) -> str:
    known = [s for s in seconds if s is not None]
    if len(known) < len(seconds) or not known:
        return "n/a"
    return f"{median(known) / OPERATIONS * 1000:.2f} ms"


def _row(
    writer: str, rate: float, runs: list[Timed], ratio: str, target: str = "", met: str = ""
) -> list[str]:
    """One writer's line of the table: its rate, ratio and, per transaction, its CPU."""
    return [
        writer,
        f"{rate:.0f}",
        ratio,
        target,
        met,
        _per_transaction([r.client_cpu for r in runs]),
        _per_transaction([r.server_cpu for r in runs]),
    ]


def run(section: Section, runs: int, quick: bool) -> None:
    url = postgres.server()
    if url is None:
        section.add(postgres.MISSING)
        return
    store_runs: list[Timed] = []
    raw_runs: list[Timed] = []
    locked_runs: list[Timed] = []
    checks = ""
    for _ in range(1 if quick else min(runs, RUNS)):
        with postgres.database(url, "raw") as database:
            raw_runs.append(_raw_run(database, "raw-pg"))
        with postgres.database(url, "locked") as database:
            locked_runs.append(_raw_run(database, "raw-pg-locked"))
        with postgres.database(url, "store") as database:
            timed, checks = _store_run(database)
            store_runs.append(timed)
    store_rate = OPERATIONS / median([r.seconds for r in store_runs])
    raw_rate = OPERATIONS / median([r.seconds for r in raw_runs])
    locked_rate = OPERATIONS / median([r.seconds for r in locked_runs])
    ratio = store_rate / raw_rate
    section.add(
        f"{PROCESSES} processes at once, each {IDEAS} idea submissions and then one ballot"
        f" ({OPERATIONS} write transactions), on one session in a new database, against raw"
        " psycopg single-row transactions (an insert per idea, two updates per ballot) in"
        f" another new database on the same server; median of {len(store_runs)} runs (at most"
        f" {RUNS}: each takes a minute or more here, mostly starting 300 processes)."
        " Process start-up and the move to the vote phase are not timed. CPU is per write"
        " transaction: of the writing processes, and of their server processes (PostgreSQL's"
        f" backends). Server: {_settings(url)}."
    )
    section.add("")
    section.table(
        ["writer", "transactions/s", "ratio", "target", "", "CPU, writers", "CPU, server"],
        [
            _row("raw psycopg, single-row transactions", raw_rate, raw_runs, "1.00"),
            _row(
                "raw psycopg, each also locking one shared row and notifying",
                locked_rate,
                locked_runs,
                f"{locked_rate / raw_rate:.2f}",
            ),
            _row(
                "rmworkshop store",
                store_rate,
                store_runs,
                f"{ratio:.2f}",
                f"≥ {TARGET}",
                verdict(ratio >= TARGET),
            ),
        ],
    )
    section.add("")
    section.add(
        "The second row is not the target's baseline: it is the design the store had before"
        " (2026-12-06), in raw transactions: each write first raised the session's version in"
        " one shared row, which held that row locked until the commit, and ended with a"
        " notification, so that every write of a session ran after the one before. Now"
        " submissions of ideas and ballots run side by side, each raising one of the"
        " session's counters, chosen at random, as it commits (a submission that knows the"
        " stage takes only that counter's row); every other write takes the session's lock"
        " alone, locks all counters, and raises the registry's count. Store"
        f" against that row: {store_rate / locked_rate:.2f}."
    )
    section.add("")
    section.add(f"Last store run: {checks}.")
