"""Panels of the review console: the session header, the selected idea, airtime and timing.

Panels only read: they draw from an `Outcomes` (and "today") they are given.
"""

from __future__ import annotations

from datetime import date

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label

from rmworkshop.core.airtime import balance_lines
from rmworkshop.core.wording import counted, minutes
from rmworkshop.outcomes.followup import is_overdue
from rmworkshop.outcomes.schema import Idea, Outcomes
from rmworkshop.outcomes.summary import percent
from rmworkshop.ui.review import cells
from rmworkshop.ui.widgets.literal import Literal

BAR_CELLS = 14


class SessionHeader(Vertical):
    """Title, date, people per level, dots per person and ballots."""

    def compose(self) -> ComposeResult:
        yield Literal(id="session-title")
        yield Literal(id="session-facts", classes="hint")

    def show(self, outcomes: Outcomes, where: str) -> None:
        session, voting = outcomes.session, outcomes.voting
        title = Text.assemble((cells.one_line(session.title), "bold"), (f"   {where}", "dim"))
        self.query_one("#session-title", Literal).set(title)
        when = f"{session.started:%Y-%m-%d %H:%M}"
        if session.finished is not None:
            when += f"-{session.finished:%H:%M}"
        levels = ", ".join(
            f"{count} {cells.one_line(level)}" for level, count in session.headcount.items()
        )
        people = f"{session.participants} people" + (f" ({levels})" if levels else "")
        facts = (
            f"{when} UTC   {people}   {counted(voting.dots_per_person, 'dot')} each, at most"
            f" {voting.max_per_idea} per idea   {counted(voting.ballots, 'ballot')}"
        )
        self.query_one("#session-facts", Literal).set(facts)


def idea_details(idea: Idea, today: date, session: str | None = None) -> RenderableType:
    """Everything about one idea, labelled, wrapped to the panel's width."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    if session is not None:
        grid.add_row("Session", Text(cells.one_line(session)))
    votes = counted(idea.votes, "vote")
    grid.add_row("Rank", Text(f"{cells.rank(idea).plain}   {votes}" + ("  (tied)" * idea.tied)))
    grid.add_row("Idea", Text(cells.one_line(idea.text)))
    state = cells.status(idea, today)
    if is_overdue(idea, today) and idea.due is not None:
        days = (today - idea.due).days
        state = Text(f"{idea.status}, overdue by {counted(days, 'day')}", "bold red")
    grid.add_row("Status", state)
    grid.add_row("Owners", cells.owners(idea))
    grid.add_row("Due", cells.due(idea, today))
    grid.add_row("First step", Text(cells.one_line(idea.first_step or "") or "—"))
    for number, text in enumerate(idea.merged):
        grid.add_row("Merged" if number == 0 else "", Text("• " + cells.one_line(text)))
    impact = cells.one_line(idea.impact)
    grid.add_row("Impact", Text(impact) if impact else Text("none yet (i adds a note)", "dim"))
    return grid


class IdeaDetail(VerticalScroll):
    """The selected idea in full: what the table has to cut short."""

    def compose(self) -> ComposeResult:
        yield Literal(id="detail-body")

    def show(self, idea: Idea | None, today: date, session: str | None = None) -> None:
        body = self.query_one("#detail-body", Literal)
        body.set(idea_details(idea, today, session) if idea else "No idea selected.")


def _good(value: str, explanation: str) -> Text:
    return Text.assemble((value, "bold"), "  ", (explanation, "dim"))


class AirtimePanel(Vertical):
    """Each level's share of speaking time beside its share of people, and the equity figures."""

    def compose(self) -> ComposeResult:
        yield Label("Airtime: who had the floor", classes="panel-title")
        yield Literal(id="airtime-body")

    def show(self, outcomes: Outcomes) -> None:
        airtime = outcomes.airtime
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, max_width=14)
        for _ in range(4):
            grid.add_column(no_wrap=True)
        grid.add_row("", Text("share of time", "dim"), "", Text("share of people", "dim"), "")
        for level in airtime.levels:
            grid.add_row(
                Text(cells.one_line(level.level), "bold"),
                cells.bar(level.share_of_time, BAR_CELLS, "cyan"),
                Text(percent(level.share_of_time).rjust(4)),
                cells.bar(level.share_of_people, BAR_CELLS, "magenta"),
                Text(percent(level.share_of_people).rjust(4)),
            )
        if not airtime.levels:
            grid.add_row(Text("Nobody spoke in a timed turn.", "dim"))
        share = airtime.junior_first_share
        # Each level is judged against its share of people; each figure says what good is.
        verdicts = [
            Text(line, "dim" if line.startswith(("Fair", "Nobody")) else "bold yellow")
            for line in balance_lines(airtime.levels)
        ]
        lines = Text("\n").join(
            [
                *verdicts,
                _good(
                    f"Gini {airtime.gini:.2f}",
                    "0 = everyone equal, 1 = one voice; good is under 0.3.",
                ),
                _good(
                    f"Never spoke: {airtime.silent}",
                    "good is 0: everyone has the floor at least once.",
                ),
                _good(
                    f"Junior first: {percent(share) if share is not None else '—'}",
                    "good is near 100%: the most junior level speaks first.",
                ),
            ]
        )
        body = Table.grid()
        body.add_row(grid)
        body.add_row(lines)
        self.query_one("#airtime-body", Literal).set(body)


class TimingPanel(Vertical):
    """Planned against actual time for each phase."""

    def compose(self) -> ComposeResult:
        yield Label("Time per phase", classes="panel-title")
        yield Literal(id="timing-body")

    def show(self, outcomes: Outcomes) -> None:
        grid = Table.grid(padding=(0, 1))
        # The only column that may shrink, so names take whatever room the numbers leave.
        grid.add_column()
        for _ in range(3):
            grid.add_column(justify="right", no_wrap=True)
        grid.add_row(*(Text(label, "dim") for label in ("Phase", "Planned", "Actual", "Over")))
        planned = actual = 0
        for phase in outcomes.phases:
            planned += phase.planned_seconds
            actual += phase.actual_seconds
            grid.add_row(
                Text(cells.one_line(phase.name), no_wrap=True, overflow="ellipsis"),
                *_times(phase.planned_seconds, phase.actual_seconds),
            )
        if outcomes.phases:
            grid.add_row(Text("Total", "bold"), *_times(planned, actual))
        else:
            grid.add_row(Text("No phases recorded.", "dim"))
        self.query_one("#timing-body", Literal).set(grid)


def _times(planned: int, actual: int) -> tuple[Text, Text, Text]:
    over = actual - planned
    style = "yellow" if over > 0 else "dim"
    sign = "+" if over > 0 else ""
    return (
        Text(minutes(planned)),
        Text(minutes(actual)),
        Text(sign + minutes(over), style),
    )
