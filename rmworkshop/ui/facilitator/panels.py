"""One panel per phase kind, each showing only what that phase needs.

Panels never write: they read a `Session` snapshot. Keys live on the live screen.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Digits, Label

from rmworkshop.core.airtime import balance_lines
from rmworkshop.core.session import Session
from rmworkshop.core.wording import counted, rank_label
from rmworkshop.ui.widgets.countdown import Countdown
from rmworkshop.ui.widgets.idea_board import IdeaBoard
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PhasePanel

TURN_WARNING_SECONDS = 15
"""A speaker's countdown changes colour for the last seconds of their turn."""


class InfoPanel(PhasePanel[Session]):
    """Info and break phases: the prompt, large."""

    def compose(self) -> ComposeResult:
        yield Literal(id="big-prompt")

    def show(self, session: Session, now: float) -> None:
        prompt = session.phase.prompt or session.phase.name
        self.query_one("#big-prompt", Literal).set(prompt)


class CapturePanel(PhasePanel[Session]):
    """Capture: the number of ideas received, and nothing else."""

    def compose(self) -> ComposeResult:
        yield Label("Ideas received", classes="panel-title")
        yield Digits("0", id="idea-count")
        yield Label(
            "Texts stay hidden until you reveal them (r). Participants see only their own.",
            classes="hint",
        )

    def show(self, session: Session, now: float) -> None:
        self.query_one("#idea-count", Digits).update(str(session.idea_count))


class BoardPanel(PhasePanel[Session]):
    """Revealed ideas, shuffled and numbered; duplicates can be marked and merged."""

    def take_focus(self) -> None:
        """The table on show takes the keys as soon as the panel is shown: arrows move its
        cursor at once, and m, o and Enter act on the row that cursor shows."""
        table = self.table()
        if table is not None:
            table.focus()

    def compose(self) -> ComposeResult:
        yield Literal(id="board-status", classes="panel-title")
        yield IdeaBoard("board", id="board")
        yield Literal(id="board-detail", classes="detail")

    _session: Session | None = None

    def show(self, session: Session, now: float) -> None:
        self._session = session
        board = self.query_one(IdeaBoard)
        board.show(session)
        hidden = session.idea_count - len(session.votable)
        count = len(session.votable)
        status = f"{counted(count, 'idea')} revealed"
        if hidden > 0:
            status += f", {hidden} more not yet revealed (r)"
        if session.kind == "vote":
            status = _ballots_line(session) + "   " + status
        if board.marked:
            status += f"   marked: {', '.join(f'#{n}' for n in sorted(board.marked))} (M merges)"
        self.query_one("#board-status", Literal).set(status)
        self._detail(session)

    def table(self) -> IdeaBoard | None:
        """The table on show in this panel; None while the panel is still being built."""
        return next((board for board in self.query(IdeaBoard) if board.display), None)

    def _detail(self, session: Session) -> None:
        table = self.table()
        number = table.selected_number if table is not None else None
        idea = session.idea(number) if number is not None else None
        detail = self.query_one("#board-detail", Literal)
        text = f"#{idea.number}  {idea.text}" if idea else ""
        if idea is not None and table is not None and table.mode == "actions":
            # The whole of what the table cuts short, or leaves out on a narrow terminal.
            owners = ", ".join(idea.owners) or "nobody yet"
            due = idea.due.isoformat() if idea.due else "none"
            text += (
                f"\n{counted(idea.votes or 0, 'vote')}   owners: {owners}   due: {due}"
                f"   first step: {idea.first_step or 'none'}"
            )
        if text != detail.plain:
            detail.set(text)
            if table is not None:
                # A longer idea makes the detail taller and the board shorter: keep the row in
                # view. Only on a change, so a poll never scrolls the board back.
                table.call_after_refresh(table.move_cursor, scroll=True)

    def on_data_table_row_highlighted(self) -> None:
        if self._session is not None:
            self._detail(self._session)


class VotePanel(BoardPanel):
    """Vote: ballots cast out of people present, dots and cap; tallies only once closed."""

    def compose(self) -> ComposeResult:
        yield Literal(id="board-status", classes="panel-title")
        yield Literal(id="not-voted", classes="hint")
        yield IdeaBoard("board", id="board")
        yield IdeaBoard("results", id="results")
        yield Literal(id="board-detail", classes="detail")

    def show(self, session: Session, now: float) -> None:
        self._session = session
        closed = session.voting.closed
        waiting = self.query_one("#not-voted", Literal)
        waiting.display = not closed
        if not closed:
            waiting.set(_yet_to_vote_line(session))
        board = self.query_one("#board", IdeaBoard)
        results = self.query_one("#results", IdeaBoard)
        switched = board.display == closed
        board.display = not closed
        results.display = closed
        if switched:  # voting closed under the cursor: the results take the keys
            self.call_after_refresh(self.take_focus)
        if closed:
            results.show(session)
            status = _ballots_line(session) + "   Voting closed. Ranked results (= marks a tie):"
            self.query_one("#board-status", Literal).set(status)
            self._detail(session)
            return
        super().show(session, now)
        if session.voting.ballots:
            hint = "   Tallies stay hidden until you close voting (c)."
        else:
            hint = "   Merge duplicates before the first ballot: m marks, M merges."
        label = self.query_one("#board-status", Literal)
        label.set(label.plain + hint)


class ActionsPanel(BoardPanel):
    """Actions: the ranked ideas with owners, due dates and first steps."""

    def compose(self) -> ComposeResult:
        yield Literal(id="board-status", classes="panel-title")
        yield IdeaBoard("actions", id="results")
        yield Literal(id="board-detail", classes="detail")

    def show(self, session: Session, now: float) -> None:
        self._session = session
        table = self.query_one("#results", IdeaBoard)
        table.show(session)
        owned = sum(1 for idea in session.votable if idea.owners)
        self.query_one("#board-status", Literal).set(
            f"{owned} of {len(session.votable)} ideas have owners."
            "   o (or Enter) assigns owners, a due date and a first step."
        )
        self._detail(session)


class SpeakingPanel(PhasePanel[Session]):
    """Share and discuss: who has the floor, their turn countdown, and who is next."""

    def compose(self) -> ComposeResult:
        yield Literal(id="speaker", classes="panel-title")
        yield Countdown("", id="turn-clock")
        yield Literal(id="queue")
        yield Literal(id="passed", classes="hint")

    def show(self, session: Session, now: float) -> None:
        order = session.speaking_order()
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="dim")
        table.add_column()
        table.add_column(style="dim")
        heading = (
            "Speaking order, most junior first"
            if session.kind == "share"
            else ("Raised hands, fairest first (fewest turns, then most junior, then earliest)")
        )
        table.add_row("", Text(heading, style="bold"), "")
        for place, member in enumerate(order, 1):
            table.add_row(str(place), Text(member.name), Text(member.level))
        if not order and session.kind == "share" and session.round_turns:
            number = len(session.rounds)
            table.add_row(
                "",
                Text(
                    f"Everyone present has had a turn in round {number}."
                    f"  n starts round {number + 1}; > moves on.",
                    style="dim",
                ),
                "",
            )
        elif not order:
            waiting = "Nobody is waiting." if session.kind == "share" else "No hands raised."
            table.add_row("", Text(waiting, style="dim"), "")
        self.query_one("#queue", Literal).set(table)
        passed = []
        if session.kind == "share":
            passed = [session.by_id[t.person_id].name for t in session.round_turns if t.passed]
        self.query_one("#passed", Literal).set(
            ("Passed this round (offered again at the end): " + ", ".join(passed)) if passed else ""
        )
        self.tick(session, now)

    def tick(self, session: Session, now: float) -> None:
        speaker = session.current_speaker
        turn = session.current_turn
        clock = self.query_one("#turn-clock", Countdown)
        label = self.query_one("#speaker", Literal)
        if speaker is None or turn is None:
            label.set("Nobody has the floor.  n gives it to the next person.")
            clock.display = False
            return
        left = session.agenda.speaking.turn_seconds - turn.seconds(now)
        label.set(Text.assemble("Speaking: ", (speaker.name, "bold"), f"  ({speaker.level})"))
        clock.display = True
        clock.show(left, warn_below=TURN_WARNING_SECONDS)


TOP_IDEAS = 5
"""How many ideas the closing summary lists; the export has them all."""


class ClosingPanel(PhasePanel[Session]):
    """After the last phase: the top ideas with owners, and the airtime by level."""

    def compose(self) -> ComposeResult:
        yield Label("Session finished: top ideas", classes="panel-title")
        yield Literal(id="top-ideas")
        yield Label("Airtime by level", classes="panel-title")
        yield Literal(id="airtime")
        yield Label("x exports the outcomes.", classes="hint")

    def show(self, session: Session, now: float) -> None:
        ideas = {idea.number: idea for idea in session.votable}
        ranking = session.ranking()
        top = Text()
        for ranked in ranking[:TOP_IDEAS]:
            idea = ideas[ranked.number]
            owners = ", ".join(idea.owners) or "no owner yet"
            top.append(f"{rank_label(ranked.rank, ranked.tied, align=True)} ", style="bold")
            top.append(idea.text)
            top.append(f"  ({counted(ranked.votes, 'vote')}; {owners})\n", style="dim")
        if len(ranking) > TOP_IDEAS and ranking[TOP_IDEAS].rank == ranking[TOP_IDEAS - 1].rank:
            more = sum(1 for r in ranking[TOP_IDEAS:] if r.rank == ranking[TOP_IDEAS - 1].rank)
            top.append(
                f"   and {more} more tied at rank {ranking[TOP_IDEAS - 1].rank}"
                " (x exports every idea)\n",
                style="dim",
            )
        self.query_one("#top-ideas", Literal).set(top if top.plain else Text("No ideas."))
        air = session.airtime(now)
        lines = Text()
        for level in air.levels:
            bar = "█" * round(level.share_of_time * 30)
            lines.append(f"{level.level:<12}", style="bold")
            lines.append(f"{bar:<30} {level.share_of_time:>4.0%} of time, ")
            lines.append(f"{level.share_of_people:.0%} of people\n")
        for verdict in balance_lines(air.levels):
            lines.append(verdict + "\n")
        lines.append(f"Gini {air.gini:.2f}   never spoke: {air.silent}", style="dim")
        self.query_one("#airtime", Literal).set(lines)


def _yet_to_vote_line(session: Session) -> Text:
    """Who present has not voted yet, by name (never what anyone chose)."""
    waiting = session.yet_to_vote
    if not waiting:
        return Text("Everyone present has voted.")
    return Text.assemble("Not voted yet: ", (", ".join(m.name for m in waiting), "bold"))


def _ballots_line(session: Session) -> str:
    budget = session.budget()
    return (
        f"Ballots {session.voting.ballots}/{len(session.present)}"
        f"   {counted(budget.dots, 'dot')} each,"
        f" at most {budget.max_per_idea} per idea"
    )
