"""Fixtures for the browser tests: a session on a small agenda, and Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.serving import AGENDA, ROSTER, axe_source, chromium
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


@pytest.fixture
def browser() -> Iterator[Browser]:
    executable = chromium()
    axe_source()  # fail or skip before starting anything
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()
