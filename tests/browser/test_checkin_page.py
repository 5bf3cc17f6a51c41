"""The pair check-in on a phone: who reads the answers is said before any field, the pair is
named (hostile names as text), the answer is sent once and cannot be sent again, a person in
no pair is told so, and the page passes axe at 320 and 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from rmworkshop.core.checkin import READERS
from tests.browser.serving import (
    PHONE,
    TIMEOUT_MS,
    Served,
    audit,
    facilitator,
    join_as,
    new_page,
    start_serving,
)
from tests.helpers import THREE_PEOPLE, assert_ok, call_cli

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)

HOSTILE = "<img src=x onerror=alert(1)>"
AGENDA = """\
title = "Follow-up"
[[phases]]
name = "Pair check-in"
kind = "checkin"
minutes = 5
prompt = "How is your pair doing?"
[[phases]]
name = "What changed"
kind = "share"
minutes = 5
"""
KICKOFF = f"""\
format = "rmworkshop-outcomes"
version = 2
[session]
title = "Kickoff"
agenda = "kickoff"
started = 2026-10-01T10:00:00Z
participants = 3
[voting]
dots_per_person = 1
max_per_idea = 1
ballots = 0
[[pairs]]
mentors = ["Cy"]
mentees = ["Ana", "{HOSTILE}"]
[airtime]
gini = 0.0
silent = 0
"""
SMALL_PHONE: dict[str, object] = {**PHONE, "viewport": {"width": 320, "height": 640}}


@pytest.fixture
def follow_up(tmp_path: Path) -> Served:
    (tmp_path / "agenda.toml").write_text(AGENDA, encoding="utf-8")
    (tmp_path / "roster.toml").write_text(THREE_PEOPLE, encoding="utf-8")
    (tmp_path / "kickoff.toml").write_text(KICKOFF, encoding="utf-8")
    session = tmp_path / "follow-up.workshop"
    assert_ok(
        call_cli(
            "new",
            tmp_path / "agenda.toml",
            "--roster",
            tmp_path / "roster.toml",
            "--session",
            session,
            "--history",
            tmp_path / "kickoff.toml",
        )
    )
    return start_serving(session)


@pytest.mark.parametrize("size", [SMALL_PHONE, PHONE], ids=["320px", "390px"])
def test_a_phone_checks_in_once(
    follow_up: Served, browser: Browser, size: dict[str, object]
) -> None:
    try:
        facilitator(follow_up.session, "start")
        _, phone = new_page(browser, size)
        join_as(phone, follow_up, "Ana")
        card = phone.locator("#checkin")
        expect(card).to_be_visible()
        readers = phone.locator("#checkin-readers")
        expect(readers).to_have_text(READERS)
        # Who reads the answers comes before the first field, in the page's order.
        assert card.evaluate(
            "c => c.querySelector('#checkin-readers').compareDocumentPosition("
            "c.querySelector('input')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        expect(phone.locator("#checkin-pair")).to_have_text(f"Your pair: you and Cy, {HOSTILE}.")
        assert phone.locator("#checkin img").count() == 0
        assert phone.evaluate("document.documentElement.scrollWidth") <= size["viewport"]["width"]  # type: ignore[index]
        audit(phone, "check-in form")
        phone.get_by_role("button", name="Send my check-in").click()
        expect(phone.locator("#message")).to_contain_text("Pick how often")
        phone.get_by_label("2-3 times").check()
        phone.get_by_label("stuck").check()
        phone.get_by_label("One thing you learned or changed").fill(f"{HOSTILE} **bold**")
        phone.get_by_role("button", name="Send my check-in").click()
        expect(phone.locator("#checkin-done")).to_be_visible()
        expect(phone.locator("#checkin-form")).to_be_hidden()
        audit(phone, "check-in sent")
        checked = call_cli("checkin", follow_up.session)
        assert "1 of 1 pair answered" in checked.stdout
        # The same person once more, from a shell: refused, the first answer stays.
        again = call_cli(
            "checkin", follow_up.session, "--as", "Ana", "--met", "0", "--going", "well"
        )
        assert again.returncode == 2 and "already checked in" in again.stderr
        facilitator(follow_up.session, "next")
        exported = call_cli("export", follow_up.session).stdout
        assert 'going = "stuck"' in exported and 'met = "2-3"' in exported
    finally:
        follow_up.stop()


def test_someone_in_no_pair_is_told_so(follow_up: Served, browser: Browser) -> None:
    try:
        facilitator(follow_up.session, "start")
        _, phone = new_page(browser, PHONE)
        join_as(phone, follow_up, "Bo")
        expect(phone.locator("#checkin-none")).to_be_visible()
        expect(phone.locator("#checkin-form")).to_be_hidden()
        audit(phone, "check-in, no pair")
    finally:
        follow_up.stop()
