"""What the page says to a screen reader: a pair swap is announced, and after volunteering the
focus stays on the idea the person volunteered for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.serving import PHONE, TIMEOUT_MS, Served, facilitator, new_page, start_serving
from tests.browser.test_after_the_vote import RECORD_ANNOUNCEMENTS, heard
from tests.helpers import assert_ok, call_cli

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)

AGENDA = """\
title = "Pairs workshop"
summary = "Ideas, a vote, owners and pairs"
[voting]
dots = 3
max_per_idea = 2
[[phases]]
name = "Ideas"
kind = "capture"
minutes = 5
[[phases]]
name = "Vote"
kind = "vote"
minutes = 5
[[phases]]
name = "Owners"
kind = "actions"
minutes = 5
[[phases]]
name = "Pairs"
kind = "pairs"
minutes = 5
"""
ROSTER = """\
[[people]]
name = "Ana"
level = "junior"
[[people]]
name = "Bo"
level = "senior"
[[people]]
name = "Cy"
level = "intern"
[[people]]
name = "Dee"
level = "executive"
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    agenda = tmp_path / "agenda.toml"
    agenda.write_text(AGENDA, encoding="utf-8")
    roster = tmp_path / "roster.toml"
    roster.write_text(ROSTER, encoding="utf-8")
    path = tmp_path / "pairs.workshop"
    assert_ok(call_cli("new", agenda, "--roster", roster, "--session", path))
    serving = start_serving(path)
    try:
        yield serving
    finally:
        serving.stop()


def test_volunteering_keeps_focus_and_a_pair_swap_is_announced(
    served: Served, browser: Browser
) -> None:
    facilitator(served.session, "start")  # ideas
    facilitator(served.session, "submit", "Monthly reverse mentoring")
    facilitator(served.session, "next")  # vote
    facilitator(served.session, "close-vote", "--force")
    facilitator(served.session, "next")  # owners
    _, phone = new_page(browser, PHONE)
    phone.add_init_script(RECORD_ANNOUNCEMENTS)
    phone.goto(served.url)
    phone.get_by_label("Join code").fill(served.code)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_role("button", name="Ana").click()
    volunteer = phone.get_by_role("button", name="Volunteer as owner of idea 1")
    volunteer.click()
    expect(phone.locator("#result-list li").first.locator(".owners")).to_have_text("Owners: Ana")
    focused = phone.evaluate("document.activeElement.dataset.number || document.activeElement.id")
    assert focused == "1", "focus stays on the idea, not dropped to the page"

    facilitator(served.session, "next")  # pairs
    expect(phone.locator("#partners li")).not_to_have_count(0)
    before = phone.locator("#partners").inner_text()
    partner = next(n for n in ("Bo", "Dee") if n in before)
    other = "Dee" if partner == "Bo" else "Bo"
    facilitator(served.session, "pairs", "--swap", partner, other)
    expect(phone.locator("#partners")).to_contain_text(other)
    phone.wait_for_function(
        "() => window.__heard.some(([, t]) => t.startsWith('Your mentoring pair has changed'))"
    )
    said = [text for _, text in heard(phone)]
    assert any(other in text for text in said if text.startswith("Your mentoring pair"))
