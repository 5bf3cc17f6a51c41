"""Small helpers for reading what a console shows."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Digits

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import SessionStore
from rmworkshop.ui.widgets.literal import Literal

PANEL_FOR_KIND = {
    "info": "info",
    "break": "info",
    "capture": "capture",
    "share": "speaking",
    "discuss": "speaking",
    "vote": "vote",
    "actions": "actions",
}
"""Which participant panel each phase kind shows."""


def text_of(app: App[Any], selector: str) -> str:
    return app.screen.query_one(selector, Literal).plain


def digits_of(app: App[Any], selector: str) -> str:
    return app.screen.query_one(selector, Digits).value


def table_rows(app: App[Any], selector: str) -> list[list[str]]:
    table: DataTable[object] = app.screen.query_one(selector, DataTable)
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


def other_process(path: Path, clock: FakeClock) -> SessionStore:
    """A second connection to the session file, as another process would have."""
    return SessionStore.open(path, clock)


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], within: float = 2.0
) -> float:
    """Let the app run until `condition` holds; return how long that took.

    This waits for the app's own polling to notice a change, with a generous deadline
    for busy machines; it never waits for a fixed time.
    """
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > within:
            raise AssertionError(f"condition not met within {within} s")
        await pilot.pause(0.01)
    return time.monotonic() - start
