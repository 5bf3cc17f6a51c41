"""One trend chart in the terminal, drawn by plotext through textual-plotext.

The chart draws what `trend_views.Chart` holds; a session whose figure is not known has no
point (a line breaks there) and no bar, never a zero.
"""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot

from rmworkshop.outcomes.trend_views import Chart

# plotext's own colour names, one per series, in order.
COLOURS = ("cyan", "magenta", "orange", "green", "blue", "red", "gray")


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
            heights = [[value or 0 for value in series.values] for series in chart.series]
            if heights:
                colours = [COLOURS[n % len(COLOURS)] for n in range(len(heights))]
                labels = [series.name for series in chart.series]
                # plotext takes `labels` and a colour per series; its stubs say otherwise.
                stacked: Any = plt.stacked_bar
                stacked(positions, heights, labels=labels, color=colours)
        else:
            for number, series in enumerate(chart.series):
                self._line(positions, series.values, series.name, COLOURS[number % len(COLOURS)])
            if chart.target is not None and chart.known():
                plt.horizontal_line(chart.target, color="gray")
        # Dates under the sessions, after the bars (which set ticks of their own); every few
        # dates only, so that the labels do not run into each other.
        step = max(1, len(positions) // 4)
        plt.xticks(positions[::step], chart.sessions[::step])
        self.refresh()

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
