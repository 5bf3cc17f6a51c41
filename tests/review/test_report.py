"""The programme's HTML report, read as text: one page, no script, nothing from elsewhere,
each chart beside its data table, top actions and pairs; written by `review --html`."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.report.page import report
from tests.helpers import assert_ok, call_cli
from tests.trends_programme import TODAY, programme

SECTION = re.compile(r'<section class="trend".*?</section>', re.DOTALL)


def test_one_page_with_each_chart_beside_its_table() -> None:
    page = report(programme(), TODAY)
    assert page.startswith("<!DOCTYPE html>")
    charts = SECTION.findall(page)
    assert len(charts) == 8
    for chart in charts:
        assert chart.count("<svg") == 1
        assert chart.count("<table>") == 1
        label = re.search(r'<h3 id="([^"]+)">', chart)
        assert label is not None
        assert f'aria-labelledby="{label.group(1)}"' in chart.split("<svg", 1)[1]
    gap = next(chart for chart in charts if "against share of people" in chart)
    # The data table holds what the chart draws; "—" where the session cannot say.
    assert (
        '<tr><th scope="row">2026-11-01</th><td class="n">—</td><td class="n">—</td>'
        '<td class="n">—</td></tr>'
    ) in gap
    assert (
        '<tr><th scope="row">2026-12-01</th><td class="n">-20</td><td class="n">22</td>'
        '<td class="n">-2</td></tr>'
    ) in gap


def test_nothing_runs_and_nothing_is_fetched() -> None:
    page = report(programme(), TODAY)
    lowered = page.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]+\son[a-z]+=", lowered)  # no event handler attribute
    for loads in ("<link", "<img", "<iframe", "<object", "<embed", "@import", "src="):
        assert loads not in lowered, loads
    # matplotlib clips with references inside the page itself, and only those.
    assert re.findall(r"url\((.)", page) and set(re.findall(r"url\((.)", page)) == {"#"}
    # The only addresses are the SVG namespaces, which nothing fetches.
    addresses = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "default-src 'none'" in page


def test_top_actions_and_pairs_progress() -> None:
    page = report(programme(), TODAY)
    assert (
        "<tr><td>Junior chair</td><td>Bo</td><td>2026-11-01</td>"
        "<td class=overdue>overdue, open</td><td>2026-10-01</td></tr>"
    ) in page
    assert (
        "<tr><td>Ana</td><td>Marcus</td><td>AI tools</td>"
        "<td>2026-10-01 not met yet → 2026-11-01 met</td><td>Learnt shortcuts</td></tr>"
    ) in page
    assert "<li>Cy with Dev: stuck (paired 2026-10-01)</li>" in page
    # The facilitator's flag is never in a shared report.
    assert "never spoke in two sessions" not in page


def test_review_html_writes_the_report(tmp_path: Path) -> None:
    paths = []
    for number, outcomes in enumerate(programme()):
        path = tmp_path / f"session-{number}.toml"
        outcome_files.write(outcomes, path)
        paths.append(path)
    target = tmp_path / "report.html"
    out = assert_ok(call_cli("review", *paths, "--html", target))
    assert out == f"Wrote {target}\n"
    assert target.read_text(encoding="utf-8") == report(
        [outcome_files.load(path) for path in paths], _today_of(target)
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def _today_of(page: Path) -> date:
    """The day the command wrote the report on (it reads the clock; the test does not)."""
    found = re.search(r"As of (\d{4}-\d{2}-\d{2})", page.read_text(encoding="utf-8"))
    assert found is not None
    return date.fromisoformat(found.group(1))


def test_a_report_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "session.toml"
    outcome_files.write(programme()[0], path)
    result = call_cli("review", path, "--html", tmp_path / "nowhere" / "report.html")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_stacked_chart_is_tall_enough_for_each_sessions_total() -> None:
    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure

    from rmworkshop.outcomes.trend_views import Chart, Series
    from rmworkshop.report.charts import _draw

    chart = Chart(
        "People present by level",
        "every level there",
        "people",
        "stacked",
        ["2026-09-01", "2026-10-01"],
        [Series("junior", [1, 3]), Series("senior", [2, 2]), Series("executive", [2, None])],
    )
    axes = Figure().add_subplot()
    _draw(axes, chart)
    low, high = axes.get_ylim()
    assert low == 0 and high >= 5, "the bars of 5 people stacked are all on the chart"
