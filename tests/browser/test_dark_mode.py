"""A phone in dark mode gets the page light on dark, with the same contrast checks as in light,
and what the phase is about first (the pair card in a pairs phase)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.serving import (
    PHONE,
    TIMEOUT_MS,
    Served,
    audit,
    facilitator,
    new_page,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)


def background(page: Page, selector: str) -> str:
    colour: str = page.eval_on_selector(selector, "node => getComputedStyle(node).backgroundColor")
    return colour


def shoot(page: Page, name: str) -> None:
    if os.environ.get("RMW_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['RMW_SCREENSHOTS']}/{name}.png", full_page=True)


def test_dark_mode_is_light_on_dark_and_passes_the_contrast_checks(
    served: Served, browser: Browser
) -> None:
    facilitator(served.session, "start")
    facilitator(served.session, "next")  # capture
    facilitator(served.session, "submit", "Monthly reverse mentoring")
    _, phone = new_page(browser, PHONE)
    phone.emulate_media(color_scheme="dark")
    phone.goto(served.url)
    assert background(phone, "body") == "rgb(17, 19, 24)"
    audit(phone, "join, dark")
    phone.get_by_label("Join code").fill(served.code)
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("heading", name="Who are you?")).to_be_visible()
    audit(phone, "names, dark")
    phone.get_by_role("button", name="Ana").click()
    expect(phone.get_by_label("One idea")).to_be_visible()
    phone.get_by_label("One idea").fill("x" * 510)  # the count in red, over the limit
    audit(phone, "capture, dark")
    shoot(phone, "dark-capture")
    facilitator(served.session, "next")  # share
    facilitator(served.session, "next")  # vote
    expect(phone.locator("#ballot li")).to_have_count(1)
    audit(phone, "ballot, dark")
    shoot(phone, "dark-ballot")
    # What the phase is about comes first: the pair card sits above every other panel.
    first = phone.evaluate("() => document.querySelector('#session-screen > section.panel').id")
    assert first == "pair"
    phone.emulate_media(color_scheme="light")
    assert background(phone, "body") == "rgb(244, 245, 247)"
