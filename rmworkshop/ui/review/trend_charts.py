"""One trend chart in the terminal, drawn by plotext through textual-plotext.

The chart draws what `trend_views.Chart` holds; a session whose figure is not known has no
point (a line breaks there) and no bar, never a zero.

Each session has a slot of the same width, on every chart, with its bar or point in the
middle and its date centred under it. plotext is not left to place the dates: it moves a label
sideways, away from its tick, to clear its neighbours and the edges, so dates ended up under
the gap between two bars or under the next one. It draws the ticks, with blank labels; the
dates are written under the ticks afterwards, every second (third...) one when all do not fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from rmworkshop.outcomes.trend_views import Chart

# plotext's own colour names, one per series, in order.
COLOURS = ("cyan", "magenta", "orange", "green", "blue", "red", "gray")
BAR_WIDTH = 0.5
"""Of a session's slot: the gap between two bars stays wide enough to see at any size."""
AXIS = "└"
TICK = "┬"


class TrendChart(PlotextPlot):
    DEFAULT_CSS = """
    TrendChart {
        height: 14;
        width: 1fr;
    }
    """

    def __init__(self, chart: Chart) -> None:
        super().__init__(classes="trend-chart")
        self.chart = chart

    def on_mount(self) -> None:
        self.draw(self.chart)

    def draw(self, chart: Chart) -> None:
        self.chart = chart
        plt = self.plt
        plt.clear_figure()
        # plotext leaves out a title wider than the chart: the unit is on the axis instead.
        known = "" if chart.known() else " (not known)"
        plt.title(f"{chart.title}; good: {chart.good}{known}")
        plt.ylabel(chart.unit)
        positions: list[float] = list(range(1, len(chart.sessions) + 1))
        if chart.kind == "stacked":
            self._stacked(positions)
        else:
            for number, series in enumerate(chart.series):
                self._line(positions, series.values, series.name, COLOURS[number % len(COLOURS)])
            if chart.target is not None and chart.known():
                plt.horizontal_line(chart.target, color="gray")
        if positions:
            # One slot per session, the same on every chart: bars and points in the middle.
            plt.xlim(0.5, len(positions) + 0.5)
            # A tick under each session; the dates are written under them in `render`.
            plt.xticks(positions, [" "] * len(positions))
        self.refresh()

    def render(self) -> RenderResult:
        drawn = super().render()
        if not isinstance(drawn, Text):
            return drawn
        return with_dates(drawn, self.chart.sessions)

    def _stacked(self, positions: list[float]) -> None:
        """Each series on top of the ones before it, one bar at a time.

        plotext's own stacked bars paint a bar of height zero as blanks over the bars already
        drawn, which left a gap under a bar whose lowest series was zero; and its bar width
        follows the spacing of the bars drawn together. One bar per call has neither problem.
        """
        tops = [0.0] * len(positions)
        cumulative: list[list[float]] = []
        for series in self.chart.series:
            tops = [top + (value or 0) for top, value in zip(tops, series.values, strict=True)]
            cumulative.append(tops)
        # The tallest first: each series below paints over the lower part of it.
        for number in reversed(range(len(cumulative))):
            name = self.chart.series[number].name
            colour = COLOURS[number % len(COLOURS)]
            labelled = False
            for position, height in zip(positions, cumulative[number], strict=True):
                if height <= 0:
                    continue
                self.plt.bar(
                    [position],
                    [height],
                    width=BAR_WIDTH,
                    color=colour,
                    label=None if labelled else name,
                    reset_ticks=False,
                )
                labelled = True

    def _line(
        self, positions: list[float], values: list[float | None], name: str, colour: str
    ) -> None:
        """One line per run of known values, labelled once."""
        runs: list[tuple[list[float], list[float]]] = []
        for position, value in zip(positions, values, strict=True):
            if value is None:
                runs.append(([], []))
                continue
            if not runs or not runs[-1][0] or runs[-1][0][-1] != position - 1:
                runs.append(([], []))
            runs[-1][0].append(position)
            runs[-1][1].append(value)
        labelled = False
        for xs, ys in runs:
            if not xs:
                continue
            self.plt.plot(xs, ys, label=None if labelled else name, color=colour, marker="dot")
            labelled = True


def placed(ticks: Sequence[int], labels: Sequence[str], width: int) -> list[tuple[int, str]]:
    """Where each date starts, centred on its tick, with a blank column between two dates:
    all of them, or every second, third... (from the first) when all do not fit in `width`."""
    if len(ticks) != len(labels):
        return []  # sessions closer than a column apart: no date could be told apart
    for step in range(1, len(labels) + 1):
        chosen = [(ticks[n] - len(labels[n]) // 2, labels[n]) for n in range(0, len(labels), step)]
        ends = [start + len(label) for start, label in chosen]
        inside = chosen[0][0] >= 0 and ends[-1] <= width
        apart = all(end < start for end, (start, _) in zip(ends, chosen[1:], strict=False))
        if inside and apart:
            return chosen
    return []


def with_dates(drawn: Text, sessions: Sequence[str]) -> Text:
    """The chart with the line under its x axis holding the dates, each under its tick."""
    lines = drawn.split("\n", allow_blank=True)
    axis = next((n for n, line in enumerate(lines) if AXIS in line.plain), None)
    if axis is None or axis + 1 >= len(lines):
        return drawn
    ruler = lines[axis].plain
    ticks = [column for column, char in enumerate(ruler) if char == TICK]
    width = len(lines[axis + 1].plain)
    row = Text(" " * width)
    style = _style_at(lines[axis], ticks[0]) if ticks else Style()
    for start, label in placed(ticks, sessions, width):
        row = row[:start] + Text(label, style) + row[start + len(label) :]
    lines[axis + 1] = row
    return Text("\n").join(lines)


def _style_at(line: Text, column: int) -> Style | str:
    """The style of the ticks, for the dates under them."""
    for span in reversed(line.spans):
        if span.start <= column < span.end:
            return span.style
    return line.style
