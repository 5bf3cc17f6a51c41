"""Trend charts as inline SVG, drawn by matplotlib's SVG backend.

Nothing in the SVG runs or loads anything: text stays text (no embedded font, no link), and
labels read from files are plain strings, which matplotlib escapes and never reads as maths.
"""

from __future__ import annotations

import re
import warnings
from io import StringIO
from typing import TYPE_CHECKING, Any

from rmworkshop.outcomes.trend_views import Chart

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#555555")
"""The Okabe-Ito palette: told apart by people who see colours differently."""
SETTINGS: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text as <text>, in the reader's own font; nothing embedded
    "svg.hashsalt": "rmworkshop",  # the same ids every time, so a report is reproducible
    "svg.id": None,
    "text.parse_math": False,  # "$x$" in a level name is text, not maths
    "text.usetex": False,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.DOTALL)
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')


def svg(chart: Chart, label: str) -> str:
    """The chart as an `<svg>` element, labelled for screen readers by `label` (an id)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with rc_context(SETTINGS), warnings.catch_warnings():
        # A name in a script the default font lacks draws as boxes; the table has it whole.
        warnings.simplefilter("ignore", UserWarning)
        # Fixed margins (room for the legend on the right): a layout engine costs more
        # time than the drawing itself.
        figure = Figure(figsize=(6.4, 3.0))
        figure.subplots_adjust(left=0.09, right=0.76, top=0.95, bottom=0.12)
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        _draw(axes, chart)
        out = StringIO()
        figure.savefig(
            out, format="svg", metadata=dict.fromkeys(("Date", "Creator", "Format", "Type"))
        )
    element = _PROLOGUE.sub("", out.getvalue())
    # Sized by the page (max-width: 100%), kept in proportion by the viewBox.
    element = _SIZE.sub(r"<svg\1", element, count=1)
    return element.replace("<svg", f'<svg role="img" aria-labelledby="{label}"', 1)


def _draw(axes: Any, chart: Chart) -> None:
    positions = list(range(len(chart.sessions)))
    if chart.kind == "stacked":
        bottom = [0.0] * len(positions)
        for number, series in enumerate(chart.series):
            heights = [value or 0.0 for value in series.values]
            axes.bar(
                positions,
                heights,
                bottom=bottom,
                label=series.name,
                color=COLOURS[number % len(COLOURS)],
                width=0.6,
            )
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    else:
        for number, series in enumerate(chart.series):
            # NaN breaks the line where a figure is not known, rather than drawing a zero.
            values = [float("nan") if v is None else v for v in series.values]
            axes.plot(
                positions,
                values,
                marker="o",
                label=series.name,
                color=COLOURS[number % len(COLOURS)],
            )
        if chart.target is not None:
            axes.axhline(chart.target, color="#888888", linestyle="--", linewidth=1)
    known = [v for series in chart.series for v in series.values if v is not None]
    if chart.kind == "stacked":  # a stacked bar is as tall as its session's total
        known = [
            sum(series.values[n] or 0.0 for series in chart.series)
            for n in range(len(chart.sessions))
        ]
    if chart.target is not None:
        known.append(chart.target)
    if known and min(known) >= 0:
        # Counts and shares from zero, so a small change does not look like a large one.
        axes.set_ylim(0, max(max(known) * 1.15, 1.0))
    axes.set_ylabel(chart.unit)
    step = max(1, len(positions) // 8)
    axes.set_xticks(positions[::step], chart.sessions[::step])
    if len(chart.series) > 1:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if not chart.known():
        axes.text(0.5, 0.5, "not known", ha="center", va="center", transform=axes.transAxes)
