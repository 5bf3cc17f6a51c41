"""Fixtures for the browser tests: a session on a small agenda, and Debian's chromium."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.serving import AGENDA, ROSTER, Served, axe_source, chromium, start_serving
from tests.helpers import assert_ok, call_cli


@pytest.fixture
def session(tmp_path: Path) -> Path:
    agenda = tmp_path / "agenda.toml"
    agenda.write_text(AGENDA, encoding="utf-8")
    roster = tmp_path / "roster.toml"
    roster.write_text(ROSTER, encoding="utf-8")
    path = tmp_path / "browser.workshop"
    assert_ok(call_cli("new", agenda, "--roster", roster, "--session", path))
    return path


SOCKET_FOLDER_MAX = 60
"""Chromium makes its singleton socket in a folder in TMPDIR, and a Unix socket's path has at
most 107 bytes: under a longer temporary folder than this, it would not start at all."""


@pytest.fixture
def socket_folder() -> Iterator[Path]:
    """A private folder with a short path, for chromium's TMPDIR: the run's own temporary
    folder when its path is short, else the system's /tmp."""
    base = tempfile.gettempdir()
    short = base if len(base) <= SOCKET_FOLDER_MAX else "/tmp"
    folder = Path(tempfile.mkdtemp(prefix="rmw-chromium-", dir=short))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def browser(socket_folder: Path) -> Iterator[Browser]:
    executable = chromium()
    axe_source()  # fail or skip before starting anything
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=["--no-sandbox"],
            env={**os.environ, "TMPDIR": str(socket_folder)},
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def served(session: Path) -> Iterator[Served]:
    """`rmworkshop serve` on the session, on loopback, stopped after the test."""
    serving = start_serving(session)
    try:
        yield serving
    finally:
        serving.stop()
