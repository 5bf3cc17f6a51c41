"""One limit on an idea's length, the server's, counted in the box as it is typed; an idea the
page cannot send is never lost, even when the next one is typed before the refusal comes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from rmworkshop.core.clock import FakeClock
from rmworkshop.core.text import MAX_IDEA_CHARS
from rmworkshop.store.sqlite import SessionStore
from tests.browser.serving import PHONE, TIMEOUT_MS, Served, facilitator, new_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)


def joined(served: Served, browser: Browser) -> Page:
    facilitator(served.session, "start")
    facilitator(served.session, "next")  # capture
    _, page = new_page(browser, PHONE)
    page.goto(served.url)
    page.get_by_label("Join code").fill(served.code)
    page.get_by_role("button", name="Join").click()
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Your level").select_option("junior")
    page.get_by_role("button", name="Add me").click()
    expect(page.locator("#who")).to_have_text("You are Ana (junior)")
    return page


def stored(served: Served) -> int:
    with SessionStore.open(served.session, FakeClock()) as store:
        return store.snapshot().idea_count


def test_the_box_counts_to_the_servers_limit_and_keeps_a_long_idea(
    served: Served, browser: Browser
) -> None:
    page = joined(served, browser)
    box = page.get_by_label("One idea")
    count = page.locator("#idea-count")
    expect(count).to_have_text(f"0/{MAX_IDEA_CHARS}")
    # Emoji are one character each for the server: the box counts them so, not as UTF-16.
    box.fill("🙂" * MAX_IDEA_CHARS)
    expect(count).to_have_text(f"{MAX_IDEA_CHARS}/{MAX_IDEA_CHARS}")
    expect(count).not_to_have_class("idea-count over")
    too_long = "x" * (MAX_IDEA_CHARS + 3)
    box.fill(too_long)  # nothing is cut short as it is typed or pasted
    expect(count).to_have_text(f"{MAX_IDEA_CHARS + 3}/{MAX_IDEA_CHARS}: 3 too many")
    expect(count).to_have_class("idea-count over")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("shorten this one by 3")
    assert box.input_value() == too_long, "the text stays in the box to be shortened"
    box.fill("🙂" * MAX_IDEA_CHARS)
    box.press("Enter")
    expect(page.locator("#mine li")).to_have_count(1)
    expect(count).to_have_text(f"0/{MAX_IDEA_CHARS}")
    assert stored(served) == 1


def test_a_refused_idea_comes_back_though_the_next_one_is_being_typed(
    served: Served, browser: Browser
) -> None:
    page = joined(served, browser)
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # the answer is late: the room's Wi-Fi is slow

    page.route("**/api/ideas", hold)
    box = page.get_by_label("One idea")
    box.fill("first idea")
    box.press("Enter")
    page.wait_for_function("() => document.getElementById('idea').value === ''")
    box.fill("second idea, half typed")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the first idea was sent"
    held[0].fulfill(
        status=400, content_type="application/json", json={"error": "Ideas are closed now."}
    )
    unsent = page.locator("#unsent li")
    expect(unsent).to_have_count(1)
    expect(unsent.locator(".text")).to_have_text("first idea")
    expect(unsent.locator(".why")).to_have_text("Ideas are closed now.")
    assert box.input_value() == "second idea, half typed", "what is being typed stays"
    unsent.get_by_role("button", name="Edit this one").click()
    assert box.input_value() == "first idea"
    expect(unsent.locator(".text")).to_have_text("second idea, half typed")
    page.unroute("**/api/ideas")
    box.press("Enter")
    expect(page.locator("#mine li")).to_have_text(["first idea"])
    assert stored(served) == 1
