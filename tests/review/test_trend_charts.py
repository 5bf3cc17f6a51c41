"""The trend charts as drawn in the terminal: each date centred under its session's tick, each
bar centred on it and standing on the axis, read from the text the chart renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import open_files
from rmworkshop.outcomes.trend_views import Chart, Series
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.trend_charts import TrendChart
from tests.trends_programme import TODAY, programme

Run = tuple[int, int]
"""First and last column of a run of characters."""


def runs(line: str, char: str | None = None) -> list[Run]:
    """Runs of `char` in `line` (of anything but blanks, without `char`)."""
    found: list[Run] = []
    start = None
    for column, drawn in enumerate(f"{line} "):
        inside = drawn == char if char else drawn != " "
        if inside and start is None:
            start = column
        elif not inside and start is not None:
            found.append((start, column - 1))
            start = None
    return found


def middle(run: Run) -> float:
    return (run[0] + run[1]) / 2


class Drawing:
    """A chart's lines as rendered: the x axis with its ticks, the dates under it, and the
    bars standing on the axis (the row just above it)."""

    def __init__(self, chart: TrendChart) -> None:
        self.lines = [chart.render_line(y).text for y in range(chart.size.height)]
        axis = next(n for n, line in enumerate(self.lines) if "└" in line)
        self.ticks = [column for column, char in enumerate(self.lines[axis]) if char == "┬"]
        self.under = self.lines[axis + 1]
        self.dates = runs(self.under)
        self.bars = runs(self.lines[axis - 1], "█")
        self.text = "\n".join(self.lines)

    def date_under(self, tick: int) -> str | None:
        """The date centred under the tick, if there is one (half a column either way: a
        date has an even number of characters)."""
        for run in self.dates:
            if abs(middle(run) - tick) <= 0.5:
                return self.under[run[0] : run[1] + 1]
        return None


def assert_lined_up(drawing: Drawing, chart: Chart) -> None:
    """Every date drawn is under its own session's tick; every bar is on its session's tick."""
    assert len(drawing.ticks) == len(chart.sessions), drawing.text
    for run in drawing.dates:
        tick = min(drawing.ticks, key=lambda t: abs(t - middle(run)))
        assert abs(middle(run) - tick) <= 0.5, f"a date off its tick\n{drawing.text}"
        assert drawing.date_under(tick) == chart.sessions[drawing.ticks.index(tick)]
    if chart.kind == "stacked":
        standing = [
            tick
            for n, tick in enumerate(drawing.ticks)
            if sum(series.values[n] or 0 for series in chart.series) > 0
        ]
        assert len(drawing.bars) == len(standing), f"a bar off the axis or merged\n{drawing.text}"
        for run, tick in zip(drawing.bars, standing, strict=True):
            assert run[0] <= tick <= run[1] and abs(middle(run) - tick) <= 1, drawing.text


async def test_the_consoles_charts_put_each_date_under_its_bar(tmp_path: Path) -> None:
    paths = []
    for number, outcomes in enumerate(programme()):
        paths.append(tmp_path / f"session-{number}.toml")
        outcome_files.write(outcomes, paths[-1])
    app = make_review(open_files(paths), TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        charts = list(app.screen.query(TrendChart))
        assert {chart.chart.kind for chart in charts} == {"line", "stacked"}
        for chart in charts:
            drawing = Drawing(chart)
            assert_lined_up(drawing, chart.chart)
            shown = [drawing.date_under(tick) for tick in drawing.ticks]
            assert shown == chart.chart.sessions, f"room for every date\n{drawing.text}"


class OneChart(App[None]):
    def __init__(self, chart: Chart, width: int) -> None:
        super().__init__()
        self._chart, self._width = chart, width

    def compose(self) -> ComposeResult:
        widget = TrendChart(self._chart)
        widget.styles.width = self._width
        yield widget


def stacked(sessions: int) -> Chart:
    days = [f"2026-{month:02d}-01" for month in range(1, sessions + 1)]
    lowest: list[float | None] = [float(n % 2) for n in range(sessions)]  # zero: every other
    upper: list[float | None] = [float(n % 3 + 1) for n in range(sessions)]
    unknown: list[float | None] = [None if n == 1 else 1.0 for n in range(sessions)]
    return Chart(
        "Actions by status",
        "done rising",
        "actions",
        "stacked",
        days,
        [Series("done", lowest), Series("open", upper), Series("late", unknown)],
    )


@pytest.mark.parametrize(("sessions", "width"), [(4, 40), (5, 56), (8, 56), (8, 78), (12, 78)])
async def test_dates_and_bars_line_up_at_any_size(sessions: int, width: int) -> None:
    chart = stacked(sessions)
    app = OneChart(chart, width)
    async with app.run_test(size=(width + 2, 16)) as pilot:
        await pilot.pause()
        drawing = Drawing(app.query_one(TrendChart))
    assert_lined_up(drawing, chart)
    shown = [drawing.date_under(tick) for tick in drawing.ticks]
    assert shown[0] == chart.sessions[0], "the first session is always dated"
    dated = [n for n, date in enumerate(shown) if date is not None]
    assert len(dated) >= 2, f"dates are left out only for room\n{drawing.text}"
    step = dated[1] - dated[0]
    assert dated == list(range(0, sessions, step)), "every second (third...) session, evenly"
