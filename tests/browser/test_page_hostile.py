"""Hostile text sent through the page is stored as cleaned and shown literally, and runs
nothing: checked in the page's DOM, with the page's CSP header, and on every screen that shows
participant text (the ideas you sent, the ballot, your name)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import Refused
from rmworkshop.core.text import clean_idea
from rmworkshop.store.sqlite import SessionStore
from tests.browser.serving import (
    PHONE,
    TIMEOUT_MS,
    Served,
    audit,
    eventually,
    facilitator,
    new_page,
)
from tests.helpers import hostile_inputs

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)

HTML = (
    '<img src=x onerror="window.__ran=1">',
    '"><svg onload="window.__ran=1"></svg>',
    '<a href="javascript:window.__ran=1">link</a> &amp; &lt;b&gt;',
    "</textarea><script>window.__ran=1</script>",
)
NAME = "<i>Zoë</i>"


def expected(typed: str) -> str | None:
    try:
        return clean_idea(typed)
    except Refused:
        return None


def injected(page: Page) -> int:
    """Elements inside participant text, and scripts the page did not ship."""
    found = "#mine li *, #ballot .text *, #who *, img, svg, iframe, script:not([src])"
    count: int = page.evaluate(
        "(found) => document.querySelectorAll(found).length + (window.__ran ? 1000 : 0)", found
    )
    return count


def test_hostile_ideas_and_names_show_literally_and_run_nothing(
    served: Served, browser: Browser
) -> None:
    facilitator(served.session, "start")
    facilitator(served.session, "next")  # capture
    _, page = new_page(browser, PHONE)
    response = page.goto(served.url)
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.get_by_label("Join code").fill(served.code)
    page.get_by_role("button", name="Join").click()
    page.get_by_label("Your name").fill(NAME)
    page.get_by_label("Your level").select_option("mid")
    page.get_by_text("For mentoring pairs (optional)").click()
    page.get_by_label("Your team").fill("<b>Ops</b>")
    page.get_by_label("Topics you could teach").fill("AI tools, [red]Slack[/]")
    page.get_by_label("I am willing to mentor").uncheck()
    page.get_by_role("button", name="Add me").click()
    expect(page.locator("#who")).to_have_text(f"You are {NAME} (mid)")
    with SessionStore.open(served.session, FakeClock()) as store:
        me = store.snapshot().person(NAME)
    assert me is not None
    assert (me.team, me.teaches, me.learns, me.mentor) == (
        "<b>Ops</b>",
        ("AI tools", "[red]Slack[/]"),
        (),
        False,
    )

    stored: list[str] = []
    box = page.get_by_label("One idea")
    for text in [*hostile_inputs(), *HTML]:
        box.fill(text)
        typed = box.input_value()  # as the browser holds it (a textarea turns \r into \n)
        want = expected(typed)
        before = len(stored)
        box.press("Enter")
        if want is None:
            expect(page.get_by_role("alert")).not_to_be_empty()
            box.fill("")
            continue
        stored.append(want)
        expect(page.locator("#mine li")).to_have_count(before + 1)
    assert page.locator("#mine li").all_text_contents() == stored
    assert injected(page) == 0

    with SessionStore.open(served.session, FakeClock()) as store:
        eventually(lambda: store.snapshot().idea_count == len(stored), "every idea is stored")
    facilitator(served.session, "next")  # share
    facilitator(served.session, "next")  # vote: the ideas revealed to everyone
    expect(page.locator("#ballot li")).to_have_count(len(stored))
    shown = page.locator("#ballot .text").all_text_contents()
    assert sorted(shown) == sorted(stored)
    assert injected(page) == 0
    audit(page, "ballot of hostile ideas")
