"""The programme's trends in the review console: what to act on, the trend table and a chart
for each figure. Only the facilitator's screen shows the flags kept out of shared reports."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import DataTable

from rmworkshop.outcomes.trend_views import NOT_KNOWN_NOTE, charts, headers, rows
from rmworkshop.outcomes.trends import Trends, trends
from rmworkshop.ui.review.opened import DrawsOpened
from rmworkshop.ui.review.trend_charts import TrendChart
from rmworkshop.ui.widgets.key_bar import PALETTE, KeyBar
from rmworkshop.ui.widgets.literal import Literal


def flag_lines(found: Trends) -> Text:
    if not found.flags:
        return Text("Nothing to act on: every pair has met, no action is overdue.", "dim")
    lines = []
    for flag in found.flags:
        line = Text("• ", "bold yellow")
        line.append(flag.text)
        if flag.private:
            line.append("  (facilitator only: never in a shared report)", "dim")
        lines.append(line)
    return Text("\n").join(lines)


class TrendsReview(DrawsOpened):
    """Trends of every session open in the console, in date order."""

    BINDINGS = [Binding("escape", "back", "Actions")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def _trends(self) -> Trends:
        return trends([file.outcomes for file in self.opened.files], self.opened.today)

    def compose(self) -> ComposeResult:
        found = self._trends()
        with VerticalScroll(id="trends"):
            yield Literal(id="trends-title", classes="title")
            yield Literal("To act on", classes="panel-title")
            yield Literal(id="trends-flags")
            yield DataTable[Text](
                id="trend-table", fixed_columns=1, cursor_type="row", zebra_stripes=True
            )
            yield Literal(NOT_KNOWN_NOTE, classes="hint")
            with Grid(id="trend-charts"):
                for chart in charts(found):
                    yield TrendChart(chart)
        yield KeyBar(give_way=("reload", PALETTE))

    def on_mount(self) -> None:
        self.refresh_data()
        # The table is read only: the keys scroll the whole screen (↓, PageDown, End), so that
        # the charts under the table are reached from the keyboard too.
        self.query_one(DataTable).can_focus = False
        self.query_one("#trends", VerticalScroll).focus()

    def refresh_data(self) -> None:
        found = self._trends()
        sessions = found.sessions
        span = f"{sessions[0].day} to {sessions[-1].day}" if sessions else ""
        self.query_one("#trends-title", Literal).set(
            f"Trends: {len(sessions)} sessions, {span}   (as of {self.opened.today.isoformat()})"
        )
        self.query_one("#trends-flags", Literal).set(flag_lines(found))
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(Text("Figure"), key="figure")
        for number, day in enumerate(headers(found)):
            table.add_column(Text(day), key=f"session-{number}")
        table.add_column(Text("Good"), key="good")
        for row in rows(found):
            label = Text(("  " if row.level else "") + row.label, "" if row.level else "bold")
            cells = [Text(value, justify="right") for value in row.cells]
            table.add_row(label, *cells, Text(row.good, "dim"))
        for widget, chart in zip(self.query(TrendChart), charts(found), strict=True):
            widget.draw(chart)

    def action_back(self) -> None:
        self.app.pop_screen()
