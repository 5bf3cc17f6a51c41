"""Processes the benchmarks start: idea submitters, a timed facilitator, store workers.

python -m bench.workers submitter SESSION SECONDS SEED
python -m bench.workers facilitator SESSION
python -m bench.workers store|raw|raw-pg|raw-pg-locked SESSION INDEX IDEAS

SESSION is a file, or for `store` also a PostgreSQL address; for `raw-pg...`, a database's URL.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from pathlib import Path


def submitter(session: Path, seconds: float, seed: int) -> None:
    """Submit ideas at random intervals; print the monotonic time of each commit."""
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    rng = random.Random(seed)
    store = SessionStore.open(session, SystemClock())
    print("ready", flush=True)
    sys.stdin.readline()
    end = time.monotonic() + seconds
    sent = 0
    while True:
        time.sleep(rng.uniform(0.5, 5.5))  # a person typing: one idea every three seconds
        if time.monotonic() >= end:
            break
        store.submit(f"idea {seed}-{sent}")
        print(f"commit {time.monotonic():.6f}", flush=True)
        sent += 1
    store.close()


def facilitator(session: Path) -> None:
    """The facilitator console, headless, printing when its idea count changes on screen."""
    from textual.screen import Screen
    from textual.widgets import Digits

    from rmworkshop.core.session import Session
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock
    from rmworkshop.ui.facilitator.app import FacilitatorApp
    from rmworkshop.ui.facilitator.live import LiveScreen

    def stamp(value: str) -> None:
        print(f"shown {value} {time.monotonic():.6f}", flush=True)

    class TimedLive(LiveScreen):
        shown = ""

        def draw(self, session: Session) -> None:
            # Screens draw from the app's `SessionChanged`, after the app has read the file:
            # the count is read here, once this screen has drawn it.
            super().draw(session)
            value = self.query_one("#idea-count", Digits).value
            if value != self.shown:
                self.shown = value
                # Stamped once the frame with the new count has been drawn.
                self.call_after_refresh(stamp, value)

    class Timed(FacilitatorApp):
        # Textual finds CSS beside the class's module; this subclass lives elsewhere.
        CSS_PATH = [
            str(Path(sys.modules[FacilitatorApp.__module__].__file__ or "").parent / path)
            for path in (
                FacilitatorApp.CSS_PATH
                if isinstance(FacilitatorApp.CSS_PATH, list)
                else [FacilitatorApp.CSS_PATH or ""]
            )
        ]

        def first_screen(self) -> Screen[None]:
            return TimedLive()  # the session is under way, in its capture phase

        def on_ready(self) -> None:
            print("ready", flush=True)

    clock = SystemClock()
    Timed(SessionStore.open(session, clock), clock).run(headless=True, size=(120, 36))


def store_worker(session: str, index: int, ideas: int) -> None:
    """Through the real store: submit ideas, then (after "vote") cast one ballot."""
    from rmworkshop.sessions import open_session, place_of
    from rmworkshop.system import SystemClock

    store = open_session(place_of(session), SystemClock())
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(ideas):
        store.submit(f"idea {index}-{n}")
    print("submitted", flush=True)
    sys.stdin.readline()
    store.cast_ballot(f"p{index}", {index % (ideas * 10) + 1: 1})
    print("done", flush=True)
    sys.stdin.readline()  # connected until told: the parent reads the server's CPU time first
    store.close()


def raw_worker(database: Path, index: int, ideas: int) -> None:
    """The same number of single-row transactions through sqlite3 alone, same pragmas."""
    db = sqlite3.connect(database, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA secure_delete=ON")
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(ideas):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO ideas (key, text) VALUES (?, ?)", (f"{index}-{n}", f"idea {n}"))
        db.execute("COMMIT")
    print("submitted", flush=True)
    sys.stdin.readline()
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE tally SET votes = votes + 1 WHERE id = ?", (index % 10,))
    db.execute("UPDATE voters SET voted = 1 WHERE id = ?", (index,))
    db.execute("COMMIT")
    print("done", flush=True)
    db.close()


def raw_pg_worker(url: str, index: int, ideas: int, locked: bool) -> None:
    """The same number of single-row transactions through psycopg alone, one connection.
    `locked`: each also first raises a version in one shared row and ends with a notification,
    as every write of the store did before its submissions shared the session's lock, so that
    they run one after another."""
    import psycopg

    def transaction(*statements: tuple[str, tuple[object, ...]]) -> None:
        with db.transaction():
            if locked:
                db.execute("UPDATE version SET n = n + 1 WHERE id = 0")
            for statement, values in statements:
                db.execute(statement, values)
            if locked:
                db.execute("SELECT pg_notify('bench', 'raw')")

    with psycopg.connect(url, autocommit=True) as db:
        print("ready", flush=True)
        sys.stdin.readline()
        for n in range(ideas):
            transaction(("INSERT INTO ideas (key, text) VALUES (%s, %s)", (f"{index}-{n}", "idea")))
        print("submitted", flush=True)
        sys.stdin.readline()
        transaction(
            ("UPDATE tally SET votes = votes + 1 WHERE id = %s", (index % 10,)),
            ("UPDATE voters SET voted = 1 WHERE id = %s", (index,)),
        )
        print("done", flush=True)
        sys.stdin.readline()


if __name__ == "__main__":
    kind, path, *rest = sys.argv[1:]
    if kind == "submitter":
        submitter(Path(path), float(rest[0]), int(rest[1]))
    elif kind == "facilitator":
        facilitator(Path(path))
    elif kind == "store":
        store_worker(path, int(rest[0]), int(rest[1]))
    elif kind in ("raw-pg", "raw-pg-locked"):
        raw_pg_worker(path, int(rest[0]), int(rest[1]), kind == "raw-pg-locked")
    else:
        raw_worker(Path(path), int(rest[0]), int(rest[1]))
