"""Small helpers for reading what a console shows."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.errors import NoWidget
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable, Digits

from rmworkshop.core.clock import FakeClock
from rmworkshop.store import Store
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.widgets.literal import Literal

PANEL_FOR_KIND = {
    "info": "info",
    "break": "info",
    "capture": "capture",
    "share": "speaking",
    "discuss": "speaking",
    "vote": "vote",
    "actions": "actions",
    "pairs": "pairs",
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


def other_process(path: Path | None, clock: FakeClock) -> Store:
    """A second connection to the session file, as another process would have."""
    assert path is not None, "a session file"
    return SessionStore.open(path, clock)


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], within: float = 10.0
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


async def settled(pilot: Pilot[Any]) -> None:
    """Let a console finish what was asked of it: every store job (writes, reads, a poll)
    done in its worker, its message handled, and the screens redrawn from the snapshot.

    Keys post requests and return; the store work runs in thread workers that answer by
    message. This waits for exactly that, or until the console says it is waiting for the
    session file (another program holds it: the test decides when it lets go).
    """
    app = pilot.app
    await pilot.pause()
    while getattr(app, "store_busy", False) and not getattr(app, "waiting_for_file", False):
        await pilot.pause(0.005)  # the worker's thread runs meanwhile; its message ends this
    await pilot.pause()


async def polled(pilot: Pilot[Any]) -> None:
    """What the console's next poll does, now: notice other processes' commits and redraw."""
    await settled(pilot)  # a poll already under way may have read before the commit
    pilot.app.poll()  # type: ignore[attr-defined]
    await settled(pilot)


# -- what is drawn, not what a widget was given ----------------------------------------------

DRAWN_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0, DEL, C1 and bidi controls: none may reach the terminal inside drawn text."""
SCROLLBAR_ACTIONS = {
    ("@mouse.down", "grab"),
    ("@mouse.down", "scroll_up"),
    ("@mouse.down", "scroll_down"),
}
"""The only actions Textual itself puts on drawn segments: dragging and paging a scrollbar."""


class Drawn:
    """The screen as the compositor composed it for the terminal, captured once.

    `text_of` reads what a widget was handed; this reads what it drew, so markup that a widget
    interprets (a lost `[b]`, an `@click` on a segment) shows up here and not there.
    """

    def __init__(self, app: App[Any]) -> None:
        self.screen = app.screen
        # The compositor is private, but it is the very thing the driver writes from.
        self.strips: list[Strip] = list(app.screen._compositor.render_strips())

    def text(self, selector: str | None = None) -> str:
        """The characters drawn on screen, or only those inside the widget `selector` matches."""
        if selector is None:
            return "\n".join(strip.text for strip in self.strips)
        widget = self.screen.query_one(selector)
        try:
            shown = self.screen.find_widget(widget).visible_region
        except NoWidget:
            raise AssertionError(f"{selector} is not drawn on screen") from None
        # Inside borders, padding and scrollbars, so what is drawn beside wrapped lines is not
        # read as part of the text.
        region = shown.intersection(widget.scrollable_content_region)
        lines = self.strips[region.y : region.bottom]
        return "\n".join(strip.crop(region.x, region.right).text for strip in lines)

    def assert_inert(self) -> None:
        """No drawn segment carries a control character, a link or a click action."""
        for y, strip in enumerate(self.strips):
            for segment in strip:
                assert not DRAWN_CONTROLS.search(segment.text), (y, segment)
                style = segment.style
                if style is None:
                    continue
                assert not style.link, (y, segment)
                actions = {(k, v) for k, v in (style.meta or {}).items() if k.startswith("@")}
                assert actions <= SCROLLBAR_ACTIONS, (y, segment)


def drawn_text(app: App[Any], selector: str | None = None) -> str:
    """What the screen draws now, or only inside the widget `selector` matches."""
    return Drawn(app).text(selector)


def assert_drawn_inert(app: App[Any]) -> None:
    """Nothing drawn now carries a control character, a link or a click action."""
    Drawn(app).assert_inert()


def squeezed(text: str) -> str:
    """Text without its whitespace, so a line that wrapped still matches what was typed."""
    return "".join(text.split())


def drawn_literally(expected: str, drawn: str) -> bool:
    """`expected` is drawn as typed, allowing only for where lines wrapped."""
    return squeezed(expected) in squeezed(drawn)


def one_idea_to_own(store: Store) -> Store:
    """The session moved to the phase where ideas get owners, holding one revealed idea."""
    store.next_phase()
    store.next_phase()
    store.submit("Reverse-mentoring lunches")
    for _ in range(4):
        store.next_phase()
    return store
