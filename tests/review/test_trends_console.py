"""The trends in the review console: `g` from the programme view opens the flags (the
facilitator's own too), the trend table and a chart per figure; hostile text in the files is
shown as typed there, in the Markdown and in the HTML report."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import open_files
from rmworkshop.outcomes.followup import markdown
from rmworkshop.report.page import report
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.trend_charts import TrendChart
from rmworkshop.ui.review.trends_review import TrendsReview
from tests.review.checks import text_of
from tests.trends_programme import CLEAN_HOSTILE, HOSTILE, TODAY, programme
from tests.ui.pilot_helpers import Drawn, squeezed

SIZE = (120, 40)


def _files(tmp_path: Path, hostile: bool = False) -> list[Path]:
    paths = []
    for number, outcomes in enumerate(programme(hostile)):
        path = tmp_path / f"session-{number}.toml"
        outcome_files.write(outcomes, path)
        paths.append(path)
    return paths


def _table(app: object) -> list[list[str]]:
    table: DataTable[object] = app.screen.query_one(DataTable)  # type: ignore[attr-defined]
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(n)] for n in range(table.row_count)
    ]


async def test_g_opens_the_trends_with_flags_table_and_charts(tmp_path: Path) -> None:
    app = make_review(open_files(_files(tmp_path)), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TrendsReview)
        assert text_of(app, "#trends-title") == (
            "Trends: 4 sessions, 2026-09-01 to 2026-12-01   (as of 2026-12-20)"
        )
        flags = text_of(app, "#trends-flags")
        assert "• Bo with Quinn: not met since 2026-10-01" in flags
        assert (
            "• People never spoke in two sessions running: 2 on 2026-09-01, 1 on 2026-10-01"
            "  (facilitator only: never in a shared report)"
        ) in flags
        shown = _table(app)
        assert ["Never spoke", "2", "1", "—", "1", "0"] in shown
        assert ["  not met yet", "—", "3", "1", "—", ""] in shown
        charts = list(app.screen.query(TrendChart))
        assert [chart.chart.title for chart in charts][:2] == [
            "People present by level",
            "Ideas per person",
        ]
        assert len(charts) == 8
        assert "Ideas per person; good: steady or rising" in Drawn(app).text()
        scroll = app.screen.query_one("#trends")
        assert scroll.has_focus, "the keys scroll the whole screen, not the table"
        await pilot.press("end")  # the last charts are reached from the keyboard
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        assert "Actions by status; good: none overdue, done rising" in Drawn(app).text()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrendsReview)


async def test_hostile_text_is_shown_as_typed_in_the_console(tmp_path: Path) -> None:
    app = make_review(open_files(_files(tmp_path, hostile=True)), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        flags = text_of(app, "#trends-flags")
        assert f"Junior chair {CLEAN_HOSTILE} (Bo {CLEAN_HOSTILE})" in flags
        assert "\x1b" not in flags
        assert [f"  exec {CLEAN_HOSTILE}", "—", "0", "0", "1", ""] in _table(app)
        drawn = Drawn(app)
        drawn.assert_inert()
        assert squeezed("[b]bold[/b]") in squeezed(drawn.text())


def test_hostile_text_is_literal_in_markdown_and_html() -> None:
    found = programme(hostile=True)
    text = markdown(found, TODAY)
    assert "\x1b" not in text
    assert "<script>" not in text
    assert r"Junior chair \<script\>alert(1)\</script\>\[b\]bold\[/b\] \& red" in text
    page = report(found, TODAY)
    assert "\x1b" not in page
    assert "<script" not in page.lower()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;[b]bold[/b] &amp; red"
    assert f"<td>Junior chair {escaped}</td>" in page
    assert f'<th scope="row" class="part">exec {escaped}</th>' in page
    assert f"<td>Learnt {escaped}</td>" in page
    assert HOSTILE not in page
