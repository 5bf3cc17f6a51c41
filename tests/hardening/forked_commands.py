"""Run many command-line commands at once, each in its own process.

Started as ``python -m tests.hardening.forked_commands`` with a JSON list of jobs on standard
input, each ``{"argv": [...], "at": seconds}``. The parent imports rmworkshop once and forks one
child per job, so a hundred processes start in well under a second; every child opens its own
connection to the session file, as a separate ``rmworkshop`` command would. All children wait
for one start signal, then each sleeps until its ``at`` offset and calls the entry point.

A job ``{"watch": SESSION, "at": seconds, "for": seconds}`` runs no command: it polls the session
file through the store API until it first sees voting closed, and reports what the store showed
then under ``"closed"`` (tallies by display number and the names of those who voted).

A job with ``"after": N`` also waits, once its ``at`` offset has passed, until job N has
returned (job N leaves a mark in a folder of the run when it is done), so that it starts after
that job ends however slowly the machine runs.

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
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock

START_MARGIN_SECONDS = 0.1
"""Time between the start signal and the shared time zero, so every child is waiting."""
PRELOADED = ("rmworkshop.cli.commands", "rmworkshop.cli.voting", "rmworkshop.store.sqlite.session")
"""The command line imports its handlers when they run; imported once before forking instead,
so a hundred children do not each spend CPU time importing while they should be racing."""


WATCH_POLL_SECONDS = 0.001
"""How often a watcher checks ``PRAGMA data_version``; far shorter than any ballot takes."""


def watch_close(session: Path, seconds: float) -> dict[str, Any] | None:
    """What the store shows in the first snapshot taken after voting closed, or None if it
    did not close within ``seconds``.

    Only a commit changes the data version, so a snapshot is read after every commit this
    watcher notices; the first one that shows voting closed is the state at the close, give or
    take the commits of the poll interval just after it.
    """
    deadline = time.monotonic() + seconds
    with SessionStore.open(session, SystemClock()) as store:
        seen = None
        while time.monotonic() < deadline:
            version = store.data_version()
            if version != seen:
                seen = version
                state = store.snapshot()
                if state.voting.closed:
                    return {
                        "tallies": {idea.number: idea.votes for idea in state.votable},
                        "voted": sorted(state.by_id[pid].name for pid in state.voting.voted),
                        "at": time.time(),
                    }
            time.sleep(WATCH_POLL_SECONDS)
    return None


def child(index: int, job: dict[str, Any], go: int, results: int, done: Path) -> None:
    (zero,) = struct.unpack("d", os.read(go, 8))
    time.sleep(max(0.0, zero + float(job.get("at", 0.0)) - time.time()))
    if "after" in job:
        while not (done / str(job["after"])).exists():
            time.sleep(WATCH_POLL_SECONDS)
    out, err = io.StringIO(), io.StringIO()
    started = time.time()
    closed: dict[str, Any] | None = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if "watch" in job:
                closed = watch_close(Path(job["watch"]), float(job.get("for", 10.0)))
                code = 0
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
