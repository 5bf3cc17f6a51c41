"""Running `rmworkshop serve` for the browser tests, and the tools they use in the page:
Debian's chromium and the axe-core accessibility audit from npm."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.helpers import THREE_PEOPLE, assert_ok, call_cli, tool_missing

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
WAIT_SECONDS = 30.0
TIMEOUT_MS = WAIT_SECONDS * 1000
AGENDA = """\
title = "Browser workshop"
summary = "A workshop run from phones"
[voting]
dots = 3
max_per_idea = 2
[[phases]]
name = "Welcome"
kind = "info"
minutes = 5
prompt = "Welcome, everyone"
[[phases]]
name = "Silent brainstorm"
kind = "capture"
minutes = 10
prompt = "What should leaders learn from us?"
[[phases]]
name = "Share round"
kind = "share"
minutes = 10
[[phases]]
name = "Vote"
kind = "vote"
minutes = 5
[[phases]]
name = "Discuss"
kind = "discuss"
minutes = 10
[[phases]]
name = "Actions"
kind = "actions"
minutes = 10
"""
ROSTER = THREE_PEOPLE
PHONE: dict[str, object] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: dict[str, object] = {"viewport": {"width": 1280, "height": 800}}


def chromium() -> str:
    """Debian's chromium; under CI=true its absence fails the test instead of skipping it."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    tool_missing("Debian's chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")


def axe_source() -> str:
    if not AXE.is_file():
        tool_missing("axe-core is not installed (npm ci, in the repository)")
    return AXE.read_text(encoding="utf-8")


def audit(page: Page, screen: str) -> None:
    """No serious or critical accessibility violations on what the page shows now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())  # evaluated by the test, so the page's CSP still holds
    result: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{screen}: {bad}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def eventually(condition: Callable[[], bool], what: str) -> None:
    """Wait for the session file to show something: the browser round trip is real I/O."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"within {WAIT_SECONDS:.0f} s: {what}")
        time.sleep(0.05)


@dataclass
class Served:
    url: str
    code: str
    session: Path
    port: int
    process: subprocess.Popen[str]
    banner: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start_serving(session: Path, port: int | None = None) -> Served:
    port = port or free_port()
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
    return Served(url.group(1), code.group(1), session, port, process, text)


def facilitator(session: Path, *args: str) -> None:
    assert_ok(call_cli(*args[:1], session, *args[1:]))


def new_page(browser: Browser, size: dict[str, object]) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**size)  # type: ignore[arg-type]
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"the page opened a dialog: {dialog.message}"))
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


def join_as(page: Page, served: Served, name: str) -> None:
    """Open the page, type the join code and pick `name` from the list."""
    page.goto(served.url)
    page.get_by_label("Join code").fill(served.code)
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name=name).click()
