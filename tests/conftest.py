"""Settings for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True, scope="session")
def private_state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Console error reports from any test, or any process a test starts, stay in the run's
    temporary folder instead of the user's own state folder.

    In a parallel run each worker is a process of its own with a temporary folder of its own
    (pytest-xdist gives each a `popen-gwN` folder), so this runs once per worker and no two
    workers share a state folder."""
    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if before is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = before


@pytest.fixture(autouse=True)
def pilots_wait_for_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pilot's `pause()` lets a console finish what it is doing, its store work included,
    and `press` presses keys as a person does: each once the console has answered the one
    before it.

    A console runs store work in thread workers that answer by message, so a key press (or
    joining with `--as`) returns before its write is done; a person sees the result a moment
    later and acts on what they see. These wait for exactly that message, never for a fixed
    time; `pause(delay)` is left as it is. A console that says it is waiting for a held file
    is taken as settled: the test decides when the file is let go.
    """
    from textual.pilot import Pilot

    press, pause = Pilot.press, Pilot.pause

    def working(pilot: Pilot[Any]) -> bool:
        app = pilot.app
        return getattr(app, "store_busy", False) and not getattr(app, "waiting_for_file", False)

    async def pause_and_settle(self: Pilot[Any], delay: float | None = None) -> None:
        # In its own app's context: with two consoles in one event loop, the screen update
        # timer that `pause` may create would otherwise belong to the other app, and the
        # screen would never be drawn again once it is not current *there*.
        with self.app._context():
            await pause(self, delay)
        if delay is None and working(self):
            while working(self):
                await pause(self, 0.005)  # the worker's thread runs; its message ends this
            await pause(self)  # and the screens redraw from what it read

    async def press_each(self: Pilot[Any], *keys: str) -> None:
        for key in keys:
            await press(self, key)
            if working(self):
                await pause_and_settle(self)

    monkeypatch.setattr(Pilot, "pause", pause_and_settle)
    monkeypatch.setattr(Pilot, "press", press_each)
