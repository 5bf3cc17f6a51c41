"""The programme's HTML report in Debian's chromium, at desktop and phone size: it renders,
asks for nothing but itself, axe-core finds no serious or critical problem, and each chart
is drawn beside its data table."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Request, Route

from rmworkshop.report.page import report
from tests.browser.serving import audit
from tests.trends_programme import TODAY, programme

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_report_renders_alone_and_passes_axe(
    browser: Browser, tmp_path: Path, size: tuple[int, int]
) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text(report(programme(hostile=True), TODAY), encoding="utf-8")
    address = page_file.as_uri()
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    asked: list[str] = []

    def refuse_others(route: Route, request: Request) -> None:
        if request.url == address:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", refuse_others)
    page = context.new_page()
    page.on("request", lambda request: asked.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text))
    page.goto(address)
    assert asked == [address]
    assert errors == []
    assert page.locator("h1").inner_text().startswith("Programme report: 4 sessions")
    charts = page.locator("section.trend")
    assert charts.count() == 8
    for n in range(charts.count()):
        chart = charts.nth(n)
        svg = chart.locator("svg")
        assert svg.count() == 1
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        assert box["x"] + box["width"] <= size[0] + 1  # no chart runs off the screen
        table = chart.locator("table")
        assert table.count() == 1
        assert table.locator("tbody tr").count() == 4  # a row per session
    # Hostile text is shown as typed, and nothing it holds ran.
    assert "<script>alert(1)</script>[b]bold[/b] & red" in page.locator("main").inner_text()
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    audit(page, f"report at {size[0]}x{size[1]}")
    assert asked == [address]  # axe, evaluated by the test, fetched nothing either
    context.close()
