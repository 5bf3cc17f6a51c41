"""The board of revealed ideas: a table that shows each idea's text literally.

One table serves every phase: plain numbered ideas while merging, and ranks, votes and
owners once voting has closed. Rows are rebuilt only when what they show has changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.text import Text
from textual.widgets import DataTable

from rmworkshop.core.session import Idea, Session
from rmworkshop.core.wording import rank_label
from rmworkshop.ui.widgets.rows import cursor_number

BoardMode = Literal["board", "results", "actions"]


class IdeaBoard(DataTable[Text | str | int]):
    DEFAULT_CSS = """
    IdeaBoard { height: 1fr; }
    """

    def __init__(self, mode: BoardMode, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.mode: BoardMode = mode
        self.marked: set[int] = set()
        self._signature: object = None

    def on_mount(self) -> None:
        columns = {
            "board": ("", "#", "Idea"),
            "results": ("Rank", "Votes", "#", "Idea"),
            "actions": ("Rank", "Votes", "#", "Idea", "Owners", "Due", "First step"),
        }[self.mode]
        for label in columns:
            self.add_column(label, key=label or "mark")

    def show(self, session: Session) -> None:
        if not self.marked <= {idea.number for idea in session.votable}:
            self.marked.clear()  # a merge used the marked ideas up
        # Everything a row shows comes from the revealed ideas and the marks, so comparing
        # those first skips building thousands of cells when only, say, the count changed.
        signature = (session.ideas, session.voting.closed, frozenset(self.marked))
        if signature == self._signature:
            return
        self._signature = signature
        rows = self._rows(session)
        keep = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=str(key))
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    @property
    def width_for_idea(self) -> int:
        """Room for the idea column; the actions table also shows owners, due and step."""
        return 38 if self.mode == "actions" else 72

    @property
    def selected_number(self) -> int | None:
        return cursor_number(self)

    def toggle_mark(self) -> None:
        number = self.selected_number
        if number is not None:
            self.marked ^= {number}

    def _rows(self, session: Session) -> tuple[tuple[int, tuple[Text | str | int, ...]], ...]:
        ideas = {idea.number: idea for idea in session.votable}
        merged_count: dict[int, int] = {}
        for idea in session.ideas:
            if idea.merged_into is not None:
                merged_count[idea.merged_into] = merged_count.get(idea.merged_into, 0) + 1
        if self.mode == "board":
            return tuple(
                (
                    n,
                    (
                        _mark(n in self.marked),
                        n,
                        _text(idea, merged_count.get(n, 0), self.width_for_idea),
                    ),
                )
                for n, idea in ideas.items()
            )
        out: list[tuple[int, tuple[Text | str | int, ...]]] = []
        for ranked in session.ranking():
            idea = ideas[ranked.number]
            rank = rank_label(ranked.rank, ranked.tied)
            cells: Sequence[Text | str | int] = (
                rank,
                ranked.votes,
                ranked.number,
                _text(idea, merged_count.get(ranked.number, 0), self.width_for_idea),
            )
            if self.mode == "actions":
                cells = (
                    *cells,
                    Text(", ".join(idea.owners) or "—"),
                    idea.due.isoformat() if idea.due else "—",
                    Text(idea.first_step or "—"),
                )
            out.append((ranked.number, tuple(cells)))
        return tuple(out)


def _mark(marked: bool) -> Text:
    return Text("●" if marked else " ", style="bold yellow" if marked else "")


def _text(idea: Idea, merged: int, cells: int) -> Text:
    """The idea on one line, cut with an ellipsis; the full text shows below the table."""
    text = Text(" ".join(idea.text.split()))
    text.truncate(cells, overflow="ellipsis")
    if merged:
        text.append(f"  (+{merged} merged)", style="dim")
    return text
