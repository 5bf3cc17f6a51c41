"""One process of a crash-consistency trial: a facilitator console, a participant console, or a
command worker, driven by a script and killed by the test at a random moment.

Run as ``python -m tests.hardening.crash_driver ROLE``. The process imports everything, prints
``READY`` and then serves trials: a JSON line on standard input starts one (``session``,
``seed``, ``scenario`` and the role's own fields; the session is a file or a PostgreSQL
address), the line ``STOP`` ends it, and the process waits for the next. Reusing processes
keeps each trial well under two seconds.

Every write is reported on standard output, flushed: ``DO {...}`` just before the action and
``OK {...}`` once it has returned successfully (``NO {...}`` when it was refused). A write is
acknowledged once its ``OK`` line is out, and the test then expects it in the file whatever
happens to the process afterwards.

- ``facilitator``: the real facilitator console (`make_facilitator`) running headless; presses
  the console's keys (their bound actions): pause and resume, +1 minute, reveal, next phase,
  close the vote. Each
  ``OK`` carries the phase, its state and the remaining time the console then shows.
- ``participant``: the real participant console (`ParticipantApp`) running headless for one
  person: submits ideas during capture, or casts that person's ballot during the vote.
- ``commands``: runs ``rmworkshop submit`` and ``rmworkshop ballot`` through the command-line
  entry point, one after another, as a script would.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import io
import json
import queue
import random
import sys
import threading
import time
from typing import Any

from rmworkshop.cli import main as cli_main
from rmworkshop.core.session import Session
from rmworkshop.sessions import open_session, place_of
from rmworkshop.system import SystemClock

SIZE = (100, 30)
ACTIONS = {
    "space": "pause",
    "plus": "extend",
    "r": "reveal",
    "greater_than_sign": "next_phase",
    "c": "close_voting",
}
"""The facilitator's keys (see `LiveScreen.BINDINGS`) and the actions they are bound to."""
CONSOLES = {
    "facilitator": "rmworkshop.ui.facilitator.app.factory",
    "participant": "rmworkshop.ui.participant.app",
}
inbox: queue.Queue[str] = queue.Queue()
stopping = threading.Event()


def emit(word: str, payload: dict[str, Any] | None = None) -> None:
    line = word if payload is None else f"{word} {json.dumps(payload)}"
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def listen() -> None:
    for line in sys.stdin:
        if line.strip() == "STOP":
            stopping.set()
        else:
            inbox.put(line)
    stopping.set()
    inbox.put("")


def clock_state(session: Session) -> dict[str, Any]:
    now = time.time()
    return {
        "t": now,
        "index": session.index,
        "state": session.state,
        "remaining": session.remaining(now),
        "revealed": len(session.ideas),
        "closed": session.voting.closed,
    }


async def facilitator(trial: dict[str, Any]) -> None:
    from rmworkshop.ui.facilitator.app.factory import make_facilitator

    clock = SystemClock()
    rng = random.Random(trial["seed"])
    app = make_facilitator(open_session(place_of(trial["session"]), clock), clock)
    async with app.run_test(headless=True, size=SIZE) as pilot:
        emit("STARTED", clock_state(app.session))
        moved = False
        while not stopping.is_set():
            session = app.session
            keys = ["space", "space", "plus"]
            if session.kind == "capture":
                keys.append("r")
            if session.kind == "vote" and not session.voting.closed and rng.random() < 0.15:
                keys = ["c"]
            if not moved and rng.random() < 0.08:
                keys, moved = ["greater_than_sign"], True
            key = rng.choice(keys)
            emit("DO", {"key": key, "t": time.time(), "before": clock_state(session)})
            # The action the key is bound to, run the way the binding runs it; a simulated key
            # press would add a wait for the screen to settle after every action.
            screen = app.screen
            await app.run_action(ACTIONS[key], screen)
            await _written(pilot)  # the screen asks the app by message: let it answer
            if key == "c" or (key == "r" and app.screen is not screen):
                # Closing voting asks first, and so does revealing fewer than three new ideas
                # after a reveal; the driver means it.
                await app.run_action("answer(True)", app.screen)
                await _written(pilot)
            emit("OK", {"key": key, **clock_state(app.session)})
            await asyncio.sleep(rng.uniform(0.01, 0.06))


async def _written(pilot: Any) -> None:
    """Until the console has done what it was asked: its write committed (or refused) in its
    worker and the answer handled, so that "OK" is said only of what is stored."""
    await pilot.pause()
    while pilot.app.store_busy:
        await asyncio.sleep(0.005)
    await pilot.pause()


async def participant(trial: dict[str, Any]) -> None:
    from rmworkshop.ui.participant.app import ParticipantApp

    clock = SystemClock()
    rng = random.Random(trial["seed"])
    store = open_session(place_of(trial["session"]), clock)
    app = ParticipantApp(store, clock, name=trial["name"])
    async with app.run_test(headless=True, size=SIZE):
        emit("STARTED")
        number = 0
        ballot = {int(n): d for n, d in trial["ballot"].items()}
        if ballot:
            await asyncio.sleep(rng.uniform(0.0, 0.4))  # people take a moment to choose
        while not stopping.is_set():
            if trial["scenario"] == "capture":
                text = f"{trial['tag']} participant idea {number}"
                number += 1
                emit("DO", {"idea": text})
                refused = await _submit(app, text)
                emit("NO" if refused else "OK", {"idea": text, "why": refused})
            elif ballot:
                # The dots are marked as the + key marks them; casting is what the cast key
                # does (`ParticipantApp.cast`), but with the outcome reported.
                for idea, dots in ballot.items():
                    for _ in range(dots):
                        app.change_dots(idea, +1)
                marked = {n: d for n, d in app.ballot.items() if d}
                if marked == ballot:
                    emit("DO", {"ballot": trial["name"], "choices": ballot})
                    ok = await _cast(app, marked)
                    emit("OK" if ok else "NO", {"ballot": trial["name"], "choices": ballot})
                ballot = {}
            await asyncio.sleep(rng.uniform(0.01, 0.05))


async def _submit(app: Any, text: str) -> str | None:
    """Send an idea as the console does, and wait for the outcome: None, or the refusal."""
    outcome: list[str | None] = []

    def stored(text: str) -> None:
        app.remember_idea(text)
        outcome.append(None)

    app.write(lambda: app.store.submit(text), stored, refused=outcome.append)
    while not outcome:
        await asyncio.sleep(0.01)
    return outcome[0]


async def _cast(app: Any, choices: dict[int, int]) -> bool:
    """Cast as the console does, and wait for the outcome, also when it waits for the file."""
    outcome: list[bool] = []
    app.write(
        lambda: app.store.cast(choices, app.me),
        lambda _: outcome.append(True),
        refused=lambda _: outcome.append(False),
    )
    while not outcome:
        await asyncio.sleep(0.01)
    return outcome[0]


def commands(trial: dict[str, Any]) -> None:
    rng = random.Random(trial["seed"])
    emit("STARTED")
    for job in trial["jobs"]:
        if stopping.is_set():
            break
        emit("DO", job)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(job["argv"])
        if code not in (0, 2):
            raise SystemExit(f"exit {code}: {err.getvalue()}")
        emit("OK" if code == 0 else "NO", {**job, "err": err.getvalue().strip()})
        time.sleep(rng.uniform(0.0, trial["pause"]))
    stopping.wait()


def serve(role: str) -> None:
    # Textual loads before READY, so starting a trial costs only the console's own start.
    if role in CONSOLES:
        importlib.import_module(CONSOLES[role])
    threading.Thread(target=listen, daemon=True).start()
    emit("READY")
    while line := inbox.get():
        trial = json.loads(line)
        stopping.clear()
        if role == "facilitator":
            asyncio.run(facilitator(trial))
        elif role == "participant":
            asyncio.run(participant(trial))
        else:
            commands(trial)
        emit("STOPPED")


if __name__ == "__main__":
    serve(sys.argv[1])
