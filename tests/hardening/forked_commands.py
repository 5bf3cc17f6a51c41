"""Run many command-line commands at once, each in its own process.

Started as ``python -m tests.hardening.forked_commands`` with a JSON list of jobs on standard
input, each ``{"argv": [...], "at": seconds}``. The parent imports rmworkshop once and forks one
child per job, so a hundred processes start in well under a second; every child opens its own
connection to the session file, as a separate ``rmworkshop`` command would. All children wait
for one start signal, then each sleeps until its ``at`` offset and calls the entry point.

A job ``{"watch": SESSION, "at": seconds, "for": seconds}`` runs no command: it polls the session
through the store API until it first sees voting closed (with ``"until": "moved"``: the session
past its vote phase), and reports what the store showed then under ``"closed"`` (tallies by
display number, the names of those who voted, and the phase's kind).

A job ``{"store": SESSION, "call": METHOD, "at": seconds}`` calls that method of the store
instead of a command, as a console holding the session open does; a refusal or a failure of
the store is code 2 with its one line, as a command's would be.

SESSION is a file or a PostgreSQL address, as a command's argument is.

A job with ``"after": N`` (or a list of jobs) also waits, once its ``at`` offset has passed,
until job N (every job of the list) has returned (a job leaves a mark in a folder of the run
when it is done), so that it starts after that job ends however slowly the machine runs.

Prints one JSON object per job on standard output, in job order: exit code, stderr, and the
wall-clock start and end of the command.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rmworkshop.cli import main as cli_main
from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.core.session import Session
from rmworkshop.sessions import open_session, place_of
from rmworkshop.system import SystemClock

START_MARGIN_SECONDS = 0.1
"""Time between the start signal and the shared time zero, so every child is waiting."""
PRELOADED = (
    "rmworkshop.cli.commands",
    "rmworkshop.cli.voting",
    "rmworkshop.store.sqlite.session",
    "rmworkshop.store.postgres.session",
)
"""The command line imports its handlers when they run; imported once before forking instead,
so a hundred children do not each spend CPU time importing while they should be racing."""


WATCH_POLL_SECONDS = 0.001
"""How often a watcher looks at the session; far shorter than any ballot takes."""


def watch_close(session: str, seconds: float, until: str = "closed") -> dict[str, Any] | None:
    """What the store shows in the first snapshot taken after voting closed (``until="moved"``:
    after the session left its vote phase), or None if that did not happen within ``seconds``.

    In a file, only a commit changes the data version, so a snapshot is read after every commit
    this watcher notices. A database's version is heard a moment after its commit, so there a
    snapshot is read at every poll. Either way, the first one that shows the change is the
    state at the change, give or take the commits of the poll interval just after it.
    """

    def seen_it(state: Session) -> bool:
        return state.voting.closed if until == "closed" else state.kind != "vote"

    deadline = time.monotonic() + seconds
    with open_session(place_of(session), SystemClock()) as store:
        seen = None
        while time.monotonic() < deadline:
            version = store.data_version() if store.path is not None else None
            if version != seen or version is None:
                seen = version
                state = store.snapshot()
                if seen_it(state):
                    return {
                        "tallies": {idea.number: idea.votes for idea in state.votable},
                        "voted": sorted(state.by_id[pid].name for pid in state.voting.voted),
                        "kind": state.kind,
                        "at": time.time(),
                    }
            time.sleep(WATCH_POLL_SECONDS)
    return None


def call_store(session: str, method: str) -> int:
    """One method of the store, called as a console calls it: 0, or 2 with one line."""
    try:
        with open_session(place_of(session), SystemClock()) as store:
            getattr(store, method)()
    except (Refused, StorageError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def child(index: int, job: dict[str, Any], go: int, results: int, done: Path) -> None:
    (zero,) = struct.unpack("d", os.read(go, 8))
    time.sleep(max(0.0, zero + float(job.get("at", 0.0)) - time.time()))
    after = job.get("after", [])
    for other in after if isinstance(after, list) else [after]:
        while not (done / str(other)).exists():
            time.sleep(WATCH_POLL_SECONDS)
    out, err = io.StringIO(), io.StringIO()
    started = time.time()
    closed: dict[str, Any] | None = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if "watch" in job:
                watched = str(job["watch"]), float(job.get("for", 10.0))
                closed = watch_close(*watched, until=str(job.get("until", "closed")))
                code = 0
            elif "store" in job:
                code = call_store(str(job["store"]), str(job["call"]))
            else:
                code = cli_main([str(arg) for arg in job["argv"]])
        except BaseException as error:  # a crash must reach the test, not vanish
            code = 99
            print(f"{type(error).__name__}: {error}", file=sys.stderr)
    ended = time.time()
    (done / str(index)).touch()  # after `ended`: a job that waits for this one starts later
    found = {"job": index, "code": code, "err": err.getvalue()[:1000], "start": started}
    found |= {"end": ended, "closed": closed}
    line = json.dumps(found)
    # One write under PIPE_BUF is atomic, so lines from different children never interleave.
    os.write(results, (line + "\n").encode())


def run(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for module in PRELOADED:
        importlib.import_module(module)
    done = Path(tempfile.mkdtemp(prefix="rmw-forked-"))
    go_read, go_write = os.pipe()
    results_read, results_write = os.pipe()
    children = []
    for index, job in enumerate(jobs):
        pid = os.fork()
        if pid == 0:
            os.close(go_write)
            os.close(results_read)
            status = 0
            try:
                child(index, job, go_read, results_write, done)
            except BaseException:
                status = 3
            finally:
                os._exit(status)
        children.append(pid)
    os.close(go_read)
    os.close(results_write)
    zero = time.time() + START_MARGIN_SECONDS
    os.write(go_write, struct.pack("d", zero) * len(jobs))
    data = b""
    while chunk := os.read(results_read, 65536):
        data += chunk
    for pid in children:
        os.waitpid(pid, 0)
    shutil.rmtree(done, ignore_errors=True)
    found = [json.loads(line) for line in data.decode().splitlines()]
    found.sort(key=lambda item: item["job"])
    assert [item["job"] for item in found] == list(range(len(jobs))), "a child died"
    for item in found:
        item["start"] -= zero
        item["end"] -= zero
        if item["closed"] is not None:
            item["closed"]["at"] -= zero
    return found


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
