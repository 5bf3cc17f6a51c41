"""The moment voting closes, phones show the ranked results and say so, and what a screen
reader announces is queued: no message replaces another before it could be read."""

from __future__ import annotations

import os
from itertools import pairwise

import pytest
from playwright.sync_api import Browser, Page, expect

from rmworkshop.participation.view import VOTE_CLOSED_PROMPT
from tests.browser.serving import (
    PHONE,
    TIMEOUT_MS,
    Served,
    audit,
    facilitator,
    join_as,
    new_page,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)

RECORD_ANNOUNCEMENTS = """
window.__heard = [];
new MutationObserver(() => {
  const live = document.getElementById("live");
  if (live && live.textContent) window.__heard.push([performance.now(), live.textContent]);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def heard(page: Page) -> list[tuple[float, str]]:
    return [(at, text) for at, text in page.evaluate("window.__heard")]


def test_results_show_and_are_announced_the_moment_voting_closes(
    served: Served, browser: Browser
) -> None:
    facilitator(served.session, "start")
    facilitator(served.session, "next")  # capture
    facilitator(served.session, "submit", "Monthly reverse mentoring")
    facilitator(served.session, "submit", "Fewer status meetings")
    facilitator(served.session, "next")  # share
    facilitator(served.session, "next")  # vote
    _, phone = new_page(browser, PHONE)
    phone.add_init_script(RECORD_ANNOUNCEMENTS)
    join_as(phone, served, "Ana")
    expect(phone.locator("#ballot li")).to_have_count(2)
    expect(phone.locator("#results")).to_be_hidden()
    phone.locator("#ballot li").first.get_by_role("button", name="Put a dot").click()
    phone.get_by_role("button", name="Cast my ballot").click()
    # Fewer dots than the budget: the page asks once, where the person is looking.
    expect(phone.locator("#unused")).to_have_text("You still have 2 dots to give.")
    expect(phone.locator("#unused")).to_be_in_viewport()
    assert not phone.locator("#voted").is_visible()
    phone.get_by_role("button", name="Cast with 2 dots unused").click()
    expect(phone.locator("#voted")).to_be_visible()
    expect(phone.locator("#voted")).to_be_focused()
    expect(phone.locator("#voted")).to_be_in_viewport()
    # Their own dots stay in view, read only; nothing to press on a cast ballot.
    expect(phone.locator("#ballot .cast-dots")).to_have_text(["Your dots: 1", "Your dots: 0"])
    expect(phone.locator("#ballot button")).to_have_count(0)
    facilitator(served.session, "close-vote", "--force")

    expect(phone.locator("#result-list li")).to_have_count(2)
    expect(phone.locator("#prompt")).to_have_text(VOTE_CLOSED_PROMPT)
    expect(phone.locator("#vote")).to_be_hidden()
    phone.wait_for_function(
        "() => window.__heard.some(([, text]) => text.startsWith('Voting has closed'))"
    )
    said = heard(phone)
    texts = [text for _, text in said]
    cast = texts.index("Your ballot is cast.")
    closed = next(i for i, text in enumerate(texts) if text.startswith("Voting has closed"))
    assert cast < closed
    # Each message stays until it could be read: none is replaced within a second.
    changes = [said[0]] + [b for a, b in pairwise(said) if a[1] != b[1]]
    assert all(b[0] - a[0] >= 1000 for a, b in pairwise(changes))
    audit(phone, "results in the vote phase")


def test_dots_left_stay_in_view_down_a_long_ballot_on_a_small_phone(
    served: Served, browser: Browser
) -> None:
    facilitator(served.session, "start")
    facilitator(served.session, "next")  # capture
    for number in range(18):
        facilitator(served.session, "submit", f"Idea number {number} " + "with words " * 8)
    facilitator(served.session, "next")  # share
    facilitator(served.session, "next")  # vote
    _, phone = new_page(browser, {**PHONE, "viewport": {"width": 320, "height": 640}})
    join_as(phone, served, "Ana")
    expect(phone.locator("#ballot li")).to_have_count(18)
    # Clicking scrolls down to the last idea (and waits out a redraw of the list).
    phone.locator("#ballot li").last.get_by_role("button", name="Put a dot").click()
    expect(phone.locator("#dots-left")).to_contain_text("Dots left: 2 of 3")
    expect(phone.locator("#dots-left")).to_be_in_viewport()
    if os.environ.get("RMW_SCREENSHOTS"):
        phone.screenshot(path=os.environ["RMW_SCREENSHOTS"] + "/long-ballot.png")


def test_revealed_ideas_are_the_rooms_wall_while_people_share(
    served: Served, browser: Browser
) -> None:
    facilitator(served.session, "start")
    facilitator(served.session, "next")  # capture
    texts = ["Monthly reverse mentoring", "Fewer status meetings", "<b>Open</b> calendars"]
    for text in texts:
        facilitator(served.session, "submit", text)
    _, phone = new_page(browser, PHONE)
    join_as(phone, served, "Ana")
    expect(phone.get_by_label("One idea")).to_be_visible()
    expect(phone.locator("#wall")).to_be_hidden()  # nothing before the reveal
    facilitator(served.session, "reveal")
    facilitator(served.session, "next")  # share
    expect(phone.locator("#wall-list li")).to_have_count(3)
    shown = phone.locator("#wall-list .text").all_text_contents()
    assert sorted(shown) == sorted(texts), "each idea in full, as text"
    assert phone.locator("#wall-list b").count() == 0
    audit(phone, "the room's wall")
    # Sharing comes first: ideas are still taken, behind a button, not as the phase's box.
    late = phone.get_by_role("button", name="Send a late idea")
    expect(late).to_be_visible()
    expect(phone.get_by_label("One idea")).to_be_hidden()
    late.click()
    expect(phone.get_by_label("One idea")).to_be_focused()
    phone.get_by_label("One idea").fill("A late one")
    phone.get_by_label("One idea").press("Enter")
    expect(phone.locator("#mine li")).to_have_text(["A late one"])
