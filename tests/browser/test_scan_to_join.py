"""A scanned QR code joins with one tap: its link carries the join code in the fragment, which
the page takes and removes from the address bar before anything else happens."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Request, expect

from rmworkshop.qr import join_link
from tests.browser.serving import PHONE, TIMEOUT_MS, Served, new_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]
expect.set_options(timeout=TIMEOUT_MS)


def test_the_qr_codes_link_joins_without_typing_and_leaves_no_code_behind(
    served: Served, browser: Browser
) -> None:
    _, page = new_page(browser, PHONE)
    sent: list[str] = []

    def request(made: Request) -> None:
        sent.append(made.url)

    page.on("request", request)
    page.goto(join_link(served.url, served.code))
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    assert "#" not in page.url and served.code not in page.url
    assert not any(served.code in url for url in sent), "the code is in no address sent"
    assert page.evaluate("window.location.hash") == ""


def test_a_link_with_a_wrong_code_says_so_on_the_join_screen(
    served: Served, browser: Browser
) -> None:
    _, page = new_page(browser, PHONE)
    page.goto(join_link(served.url, "ZZZZ-ZZZZ"))
    expect(page.get_by_role("alert")).not_to_be_empty()
    expect(page.get_by_label("Join code")).to_be_visible()
    assert "#" not in page.url


def test_the_names_follow_the_room_and_someone_marked_away_picks_theirs(
    served: Served, browser: Browser
) -> None:
    from rmworkshop.core.clock import FakeClock
    from rmworkshop.store.sqlite import SessionStore
    from tests.browser.serving import facilitator

    facilitator(served.session, "away", "Bo")
    _, page = new_page(browser, PHONE)
    page.goto(join_link(served.url, served.code))
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    bo = page.get_by_role("button", name="Bo")
    expect(bo).to_contain_text("marked away")  # late or back: still on the list
    facilitator(served.session, "add", "Zed", "--level", "junior")
    expect(page.get_by_role("button", name="Zed")).to_be_visible()  # no reload needed
    bo.click()
    expect(page.locator("#who")).to_contain_text("You are Bo")
    with SessionStore.open(served.session, FakeClock()) as store:
        person = store.snapshot().person("Bo")
    assert person is not None and person.present, "picking the name says they are here"
