"""A programme of sessions: every action across the outcomes files, filtered and followed up."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from rmworkshop.core.text import shown
from rmworkshop.core.wording import counted
from rmworkshop.outcomes.followup import (
    NO_OWNER,
    STATUS_FILTERS,
    Action,
    Filter,
    actions,
    actions_line,
    count,
    owners,
    select,
    session_label,
)
from rmworkshop.outcomes.schema import Idea
from rmworkshop.ui.review import cells
from rmworkshop.ui.review.follow_up import FollowUpScreen
from rmworkshop.ui.review.modals import Choice, ChoiceDialog
from rmworkshop.ui.review.opened import Opened
from rmworkshop.ui.review.pairs import PairsBox, PairsTable
from rmworkshop.ui.review.panels import IdeaDetail
from rmworkshop.ui.review.session_review import SessionReview
from rmworkshop.ui.review.table import Column, RowTable
from rmworkshop.ui.widgets.key_bar import PALETTE, KeyBar
from rmworkshop.ui.widgets.literal import Literal

ANY = "\x00any"
"""The filter choice that shows every owner or every status (no name can contain NUL)."""


def columns(ideas: Iterable[Idea]) -> tuple[Column, ...]:
    return (
        Column("Session", 26, min_width=12),
        Column("Rank", cells.rank_width(ideas), "right"),
        Column("Action"),
        Column("Owners", 16, min_width=8),
        Column("Due", 10),
        Column("Status", 20, min_width=20),  # "overdue, in-progress" whole
    )


class ProgrammeReview(FollowUpScreen):
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("f", "owner_filter", "By owner"),
        Binding("t", "status_filter", "By status"),
        Binding("c", "clear_filters", "Clear"),
        Binding("g", "trends", "Trends"),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, opened: Opened) -> None:
        super().__init__(opened)
        self._all: list[Action] = []
        self._filter = Filter()
        self._labels: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="programme-head"):
            yield Literal(id="programme-title", classes="title")
            yield Literal(id="programme-counts")
            yield Literal(id="programme-filter", classes="hint")
        yield RowTable[Action](
            columns(idea for file in self.opened.files for idea in file.outcomes.ideas),
            self._cells,
            key=lambda action: (action.file, action.index),
            id="actions",
        )
        yield IdeaDetail(id="action-detail")
        yield PairsBox(self.opened.files, programme=True)
        # At 80 columns the key that clears the filters (dimmed, with none on) gives way first;
        # with a filter on, it stays and the trends' key gives way.
        yield KeyBar(give_way=("reload", PALETTE, "quit", "trends", "first_step"))

    @property
    def table(self) -> RowTable[Action]:
        return self.query_one("#actions", RowTable)

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.focus()

    def _cells(self, action: Action) -> Sequence[Text]:
        idea, today = action.idea, self.opened.today
        return (
            Text(self._labels[action.file]),
            cells.rank(idea),
            cells.idea_text(idea),
            cells.owners(idea),
            cells.due(idea, today),
            cells.status(idea, today),
        )

    def refresh_data(self) -> None:
        files = self.opened.files
        self._all = actions([file.outcomes for file in files])
        sessions = [file.outcomes.session for file in files]
        self._labels = [f"{s.started:%Y-%m-%d} {cells.one_line(s.title)}" for s in sessions]
        counts = count((action.idea for action in self._all), self.opened.today)
        self.query_one("#programme-title", Literal).set(
            f"Programme: {counted(len(files), 'session')}, {actions_line(counts)}"
            f"   (as of {self.opened.today.isoformat()})"
        )
        line = Text("Actions: ", "dim")
        for status, number in counts.statuses.items():
            line.append(f"{status} ", cells.STATUS_STYLES[status])
            line.append(f"{number}", "bold")
            line.append("   ")
        line.append(f"overdue {counts.overdue}", cells.OVERDUE if counts.overdue else "dim")
        self.query_one("#programme-counts", Literal).set(line)
        self.query_one(PairsTable).show(files)
        self._apply()

    def _apply(self) -> None:
        shown = select(self._all, self._filter, self.opened.today)
        empty = "No action matches these filters (c clears them)."
        self.table.set_rows(shown, empty=empty if self._all else "No actions in these files.")
        self.query_one("#programme-filter", Literal).set(
            f"Showing {len(shown)} of {counted(len(self._all), 'idea')}"
            f"   {self._filter.describe()}"
            + ("   (c clears the filters)" if self._filter.active else "")
        )
        self._show_detail()
        self.refresh_bindings()  # the key that clears the filters is offered while one is on

    def _show_detail(self) -> None:
        action = self.table.current
        detail = self.query_one(IdeaDetail)
        if action is None:
            detail.show(None, self.opened.today)
            return
        file = self.opened.files[action.file]
        # The file name too: two sessions of one agenda on one day share a title and a date.
        label = f"{session_label(file.outcomes)}, {shown(file.path.name)}"
        detail.show(action.idea, self.opened.today, label)

    def on_row_table_highlighted(self) -> None:
        self._show_detail()

    def on_row_table_selected(self) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filters":
            return True if self._filter.active else None  # nothing to clear: dimmed
        return True

    def selected(self) -> tuple[int, int] | None:
        action = self.table.current
        return None if action is None else (action.file, action.index)

    # -- actions -----------------------------------------------------------------------------
    def action_open(self) -> None:
        action = self.table.current
        if action is not None:
            self.app.push_screen(
                SessionReview(self.opened, action.file, action.index, from_programme=True)
            )

    def action_trends(self) -> None:
        # Imported here: the charts' library loads only when the trends are first shown.
        from rmworkshop.ui.review.trends_review import TrendsReview

        self.app.push_screen(TrendsReview(self.opened))

    def action_owner_filter(self) -> None:
        ideas = [action.idea for action in self._all]
        unowned = sum(1 for idea in ideas if not idea.owners)
        choices = [
            Choice("Everyone", ANY, str(len(ideas))),
            Choice("Nobody yet", NO_OWNER, str(unowned)),
            *(Choice(name, name, str(number)) for name, number in owners(ideas)),
        ]
        owner = self._filter.owner

        def chosen(value: str | None) -> None:
            if value is not None:
                self._filter = Filter(None if value == ANY else value, self._filter.status)
                self._apply()

        current = ANY if owner is None else owner
        dialog = ChoiceDialog("Show the actions of", choices, current=current, search=True)
        self.app.push_screen(dialog, chosen)

    def action_status_filter(self) -> None:
        # Counts of the rows each choice shows: every idea listed, owned or not.
        counts = count((a.idea for a in self._all), self.opened.today, owned_only=False)
        numbers = {str(status): number for status, number in counts.statuses.items()}
        numbers["overdue"] = counts.overdue
        choices = [Choice("Any status", ANY, str(counts.total))]
        choices += [Choice(status, status, str(numbers[status])) for status in STATUS_FILTERS]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            status = next((s for s in STATUS_FILTERS if s == value), None)
            self._filter = Filter(self._filter.owner, status)
            self._apply()

        dialog = ChoiceDialog(
            "Show actions with status", choices, current=self._filter.status or ANY
        )
        self.app.push_screen(dialog, chosen)

    def action_clear_filters(self) -> None:
        self._filter = Filter()
        self._apply()
