"""One session's outcomes: ranked ideas with the selected one in full, airtime and timing."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer

from rmworkshop.core.text import shown
from rmworkshop.outcomes.schema import Outcomes
from rmworkshop.ui.review import cells
from rmworkshop.ui.review.follow_up import FollowUpScreen
from rmworkshop.ui.review.opened import Opened
from rmworkshop.ui.review.pairs import PairsBox, PairsTable
from rmworkshop.ui.review.panels import (
    AirtimePanel,
    IdeaDetail,
    SessionHeader,
    TimingPanel,
)
from rmworkshop.ui.review.table import Column, RowTable
from rmworkshop.ui.widgets.key_bar import PALETTE, KeyBar


def columns(outcomes: Outcomes) -> tuple[Column, ...]:
    votes = max([5, *(len(str(idea.votes)) for idea in outcomes.ideas)])
    return (
        Column("Rank", cells.rank_width(outcomes.ideas), "right"),
        Column("Idea"),
        Column("Votes", votes, "right"),
        Column("Owners", 14, min_width=8),
        Column("Due", 10),
        Column("Status", 11, min_width=11),  # "in-progress" whole
    )


class SessionReview(FollowUpScreen):
    """The review console for one outcomes file (`file` is its position in the app)."""

    BINDINGS = [
        Binding("escape", "back", "All sessions"),
        Binding("a", "switch_view", "Airtime/ideas"),
    ]
    # Below these sizes the ideas and the session figures take turns on the screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(
        self, opened: Opened, file: int, index: int = 0, *, from_programme: bool = False
    ) -> None:
        super().__init__(opened)
        self.file = file
        self._start = index
        self._from_programme = from_programme

    @property
    def outcomes(self) -> Outcomes:
        return self.opened.files[self.file].outcomes

    def compose(self) -> ComposeResult:
        yield SessionHeader(id="header")
        with Horizontal(id="middle"):
            yield RowTable[int](
                columns(self.outcomes),
                self._cells,
                key=lambda index: index,
                empty="No ideas were recorded.",
                id="ideas",
            )
            yield IdeaDetail(id="detail")
        yield PairsBox(self.opened.files, programme=False)
        # Scrollable: on a small screen, or with many phases, the figures are taller than it.
        with ScrollableContainer(id="bottom"):
            yield AirtimePanel(id="airtime")
            yield TimingPanel(id="timing")
        yield KeyBar(give_way=("reload", PALETTE, "quit", "first_step"))

    def _cells(self, index: int) -> Sequence[Text]:
        idea = self.outcomes.ideas[index]
        today = self.opened.today
        return (
            cells.rank(idea),
            cells.idea_text(idea),
            Text(str(idea.votes)),
            cells.owners(idea),
            cells.due(idea, today),
            cells.status(idea, today, compact=True),
        )

    def on_mount(self) -> None:
        self.refresh_data()
        self.table.move_to(self._start)
        self.table.focus()

    @property
    def table(self) -> RowTable[int]:
        return self.query_one("#ideas", RowTable)

    def refresh_data(self) -> None:
        outcomes = self.outcomes
        self.query_one(SessionHeader).show(outcomes, shown(self.opened.files[self.file].path))
        self.query_one(AirtimePanel).show(outcomes)
        self.query_one(TimingPanel).show(outcomes)
        self.query_one(PairsTable).show(self.opened.files, only=self.file)
        # A reload may bring more or fewer ideas; the cursor stays on the same position.
        self.table.set_rows(range(len(outcomes.ideas)))
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.table.current
        idea = self.outcomes.ideas[index] if index is not None else None
        self.query_one(IdeaDetail).show(idea, self.opened.today)

    def on_row_table_highlighted(self) -> None:
        self._show_detail()

    def selected(self) -> tuple[int, int] | None:
        index = self.table.current
        return None if index is None else (self.file, index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._from_programme
        compact = self.has_class("-narrow") or self.has_class("-short")
        if action == "switch_view":
            return compact
        if action in ("status", "owners", "due", "first_step", "impact"):
            return not (compact and self.has_class("-figures"))  # the ideas are hidden
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()

    def action_switch_view(self) -> None:
        self.toggle_class("-figures")
        if self.has_class("-figures"):
            self.query_one("#bottom").focus()  # so that the arrow keys scroll the figures
        else:
            self.table.focus()
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()
