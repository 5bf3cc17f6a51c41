"""What a participant sees while voting and after: the ballot, and the ranked results.

These panels load when their phase first comes, with the table widget they are built on: a
console opening in another phase does not pay for them.
"""

from __future__ import annotations

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from rmworkshop.core.wording import rank_label
from rmworkshop.remote.participant_state import ParticipantState, Result
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.participant.seat import unused_question
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.rows import cursor_number


class BallotTable(DataTable[Text | str | int]):
    """The ideas on a ballot. Left and right put dots on and take them off (the screen's keys),
    so they never scroll the table sideways: long ideas are cut to fit instead."""

    def action_cursor_right(self) -> None:
        raise SkipAction

    def action_cursor_left(self) -> None:
        raise SkipAction

    def on_mount(self) -> None:
        # Its own columns, set by itself: a panel that asked for them from its own mount could
        # find the table gone when its screen is replaced while still mounting (a refused name
        # at start-up sends the console to "who are you?" at once).
        self.add_column("Dots", key="dots")
        self.add_column("#", key="number")
        self.add_column("Idea", key="idea")


class VotePanel(Panel):
    """Build a ballot with + and -, then cast it once."""

    FOCUS = "#ballot"

    def compose(self) -> ComposeResult:
        yield Literal(id="ballot-status", classes="panel-title")
        yield BallotTable(id="ballot", cursor_type="row", zebra_stripes=True)
        yield Literal(id="ballot-detail", classes="detail")

    def draw(self, session: ParticipantState) -> None:
        seat = self.seat
        ballot = session.ballot
        if ballot is None:  # voting has closed (or not opened): nothing to put dots on
            self.query_one("#ballot-status", Literal).set("Voting has closed.")
            self.query_one("#ballot", DataTable).clear()
            self.query_one("#ballot-detail", Literal).set("")
            return
        cast = seat.has_voted(session)
        status = self.query_one("#ballot-status", Literal)
        if cast:
            status.set(
                Text(
                    "Your ballot is cast. Thank you: nobody can see how you voted.",
                    style="bold green",
                )
            )
        else:
            left = ballot.dots - sum(seat.ballot.values())
            line = Text(
                f"Dots left: {left} of {ballot.dots}   (at most {ballot.max_per_idea} per idea)"
                "   + adds, - removes, v casts your ballot"
            )
            if seat.unused_asked == left:
                line.append("\n" + unused_question(left), style="bold yellow")
            status.set(line)
        table = self.query_one("#ballot", DataTable)
        rows = [(idea.number, idea.text) for idea in ballot.ideas]
        keep = table.cursor_row
        # Dots and number columns, cell padding and the scrollbar: the idea gets the rest.
        room = max(12, (table.size.width or 80) - ballot.max_per_idea - 14)
        table.clear()
        for number, text in rows:
            dots = seat.ballot.get(number, 0)
            cell = Text(" ".join(text.split()), no_wrap=True)
            cell.truncate(room, overflow="ellipsis")
            table.add_row("●" * dots or "·", number, cell, key=str(number))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1), animate=False)
        self._show_detail()

    def on_resize(self) -> None:
        if self.display and self.session is not None and self.session.ballot is not None:
            self.draw(self.session)

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected idea in full, since the table cuts long ones."""
        number = self.selected()
        session = self.session
        idea = session.idea(number) if number is not None and session is not None else None
        detail = self.query_one("#ballot-detail", Literal)
        text = Text()
        if idea is not None:
            text = Text(f"#{idea.number}  ", style="bold")
            text.append(" ".join(idea.text.split()))
        if text.plain == detail.plain:
            return  # unchanged: a poll must not scroll the ballot back
        detail.set(text)
        # A longer idea makes the detail taller and the table shorter: keep the row in view.
        table = self.query_one("#ballot", DataTable)
        table.call_after_refresh(table.move_cursor, scroll=True)

    def selected(self) -> int | None:
        return cursor_number(self.query_one("#ballot", DataTable))


class ActionsPanel(Panel):
    """The ranked results; o volunteers you as an owner of the selected idea."""

    FOCUS = "#results"

    def compose(self) -> ComposeResult:
        yield Label(
            "Results, and who will take each idea forward. o volunteers you.", classes="panel-title"
        )
        yield ResultsTable(id="results", cursor_type="row", zebra_stripes=True)

    def draw(self, session: ParticipantState) -> None:
        self.query_one("#results", ResultsTable).show(session.results or ())

    def selected(self) -> int | None:
        return self.query_one("#results", ResultsTable).selected_number


class ResultsTable(DataTable[Text | str | int]):
    """The ranked ideas with their owners; rows are rebuilt only when the results change."""

    _shown: tuple[Result, ...] | None = None

    def on_mount(self) -> None:
        for label in ("Rank", "Votes", "#", "Idea", "Owners", "Due", "First step"):
            self.add_column(label, key=label)

    def show(self, results: tuple[Result, ...]) -> None:
        if results == self._shown:
            return
        self._shown = results
        keep = self.cursor_row
        self.clear()
        for result in results:
            idea = Text(" ".join(result.text.split()))
            idea.truncate(38, overflow="ellipsis")
            self.add_row(
                rank_label(result.rank, result.tied),
                result.votes,
                result.number,
                idea,
                Text(", ".join(result.owners) or "—"),
                result.due or "—",
                Text(result.first_step or "—"),
                key=str(result.number),
            )
        if results:
            self.move_cursor(row=min(keep, len(results) - 1), animate=False)

    @property
    def selected_number(self) -> int | None:
        return cursor_number(self)
