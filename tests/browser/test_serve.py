"""The participant console in a real browser: `rmworkshop serve` driven by headless chromium.

Under CI=true a missing browser fails this test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.text import clean
from rmworkshop.store import SessionStore
from tests.helpers import run_cli

pytestmark = pytest.mark.slow

CHROMIUM_NAMES = ("chromium", "chromium-browser")
WAIT_SECONDS = 30.0
HOSTILE = "[@click=app.quit]quit[/] \U0001f642 \u202eevil\u202c zero\u200bwidth"
TYPED = (
    "[@click=app.quit]x[/]",
    "[link=https://e.com]y[/link]",
    "[b]bold[/b] [red]red[/] [/]",
    "<script>alert(1)</script>",
    "back\\slash \\[not markup] \\",
    # No zero-width joiner: the browser's keyboard path drops it before rmworkshop sees it.
    "\u6539\u5584\u63d0\u6848 \U0001f469\U0001f3fd \U0001f642 emoji and CJK",
)
"""Hostile ideas a keyboard can type: each must be stored exactly as `clean` makes it."""
LAST = "Still listening after all that"


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def eventually(condition: Callable[[], bool], what: str) -> None:
    """Poll the session file until `condition` holds: the browser round trip is real I/O."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"within {WAIT_SECONDS:.0f} s: {what}")
        time.sleep(0.1)


# The top-left corner holds each screen's title line: the join gate, "who are you?", then the
# console with "you are NAME". Nothing blinks or counts down there, so a change in it means the
# next screen is up, as a person would see before typing on.
HEADING = {"x": 0, "y": 0, "width": 500, "height": 40}


def heading(page: Page) -> bytes:
    return page.screenshot(clip=HEADING)  # type: ignore[arg-type]


def next_screen(page: Page, before: bytes) -> bytes:
    """Wait until the heading differs from `before`, like a person waiting for a screen."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (now := heading(page)) == before:
        if time.monotonic() > deadline:
            raise AssertionError(f"the browser showed no new screen within {WAIT_SECONDS:.0f} s")
        page.wait_for_timeout(100)
    return now


def open_console(browser: Browser, url: str) -> tuple[Page, bytes]:
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    page.goto(url)
    blank = heading(page)
    page.wait_for_selector("body.-first-byte", timeout=WAIT_SECONDS * 1000)
    gate = next_screen(page, blank)
    page.locator(".textual-terminal").click()
    return page, gate


@dataclass
class Served:
    url: str
    code: str
    session: Path
    process: subprocess.Popen[str]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    session = tmp_path / "browser.workshop"
    run_cli("new", "cross-generational-brainstorm", "--session", str(session))
    run_cli("add", str(session), "Ana", "--level", "junior")
    run_cli("start", str(session))
    run_cli("next", str(session))  # silent brainstorm: capture
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rmworkshop", "serve", str(session), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    banner: list[str] = []
    while not any("Join code:" in line for line in banner):
        line = process.stdout.readline()
        if not line:
            process.wait(5)
            raise AssertionError("serve stopped:\n" + "".join(banner))
        banner.append(line)
    text = "".join(banner)
    url = re.search(r"Open:\s+(\S+)", text)
    code = re.search(r"Join code:\s+(\S+)", text)
    assert url and code, text
    assert url.group(1) == f"http://127.0.0.1:{port}", "binds to this host only by default"
    try:
        yield Served(url.group(1), code.group(1), session, process)
    finally:
        process.terminate()
        process.wait(10)


def ideas_in(session: Path) -> int:
    with SessionStore.open(session, FakeClock()) as store:
        return store.snapshot().idea_count


def has_ideas(session: Path, count: int) -> bool:
    return ideas_in(session) == count


def wrong_codes(session: Path) -> int:
    with SessionStore.open(session, FakeClock(time.time())) as store:
        return store.join_failures()[0]


def test_a_browser_joins_with_the_code_and_submits_an_idea(served: Served, tmp_path: Path) -> None:
    executable = chromium()
    screenshot = tmp_path / "browser-participant.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        try:
            page, gate = open_console(browser, served.url)
            page.keyboard.type(served.code)
            page.keyboard.press("Enter")
            who = next_screen(page, gate)
            page.keyboard.press("Enter")  # who are you? Ana, the only name, is highlighted
            next_screen(page, who)
            page.keyboard.type("Let [b]juniors[/b] run the tool demos")
            page.keyboard.press("Enter")
            eventually(lambda: ideas_in(served.session) == 1, "the idea reaches the session file")
            page.keyboard.type(HOSTILE)
            page.keyboard.press("Enter")
            eventually(lambda: ideas_in(served.session) == 2, "a hostile idea is taken literally")
            for count, text in enumerate(TYPED, 3):
                page.keyboard.type(text)
                page.keyboard.press("Enter")
                eventually(partial(has_ideas, served.session, count), f"{text!r} is stored")
            # An action tag that ran (app.quit) would have closed the console: it still takes ideas.
            page.keyboard.type(LAST)
            page.keyboard.press("Enter")
            stored = 3 + len(TYPED)
            eventually(lambda: ideas_in(served.session) == stored, "the console still works")
            assert served.process.poll() is None, "serve is still running"
            page.screenshot(path=str(screenshot))

            intruder, _ = open_console(browser, served.url)
            intruder.keyboard.type("AAA-AAA")
            intruder.keyboard.press("Enter")
            eventually(lambda: wrong_codes(served.session) == 1, "the wrong code is refused")
            # Still at the gate: what follows is typed into the code box, never submitted.
            intruder.keyboard.press("ArrowDown")
            intruder.keyboard.press("Enter")
            intruder.keyboard.type("an intruder's idea")
            intruder.keyboard.press("Enter")
        finally:
            browser.close()
    assert ideas_in(served.session) == stored
    with SessionStore.open(served.session, FakeClock()) as store:
        store.reveal()
        assert sorted(idea.text for idea in store.snapshot().ideas) == sorted(
            ["Let [b]juniors[/b] run the tool demos", clean(HOSTILE), *map(clean, TYPED), LAST]
        )
    assert screenshot.stat().st_size > 10_000
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    keep = os.environ.get("RMWORKSHOP_SCREENSHOTS")
    if keep:
        shutil.copy(screenshot, Path(keep) / screenshot.name)
