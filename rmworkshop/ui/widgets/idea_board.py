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

NARROW_BELOW = 80
OWNERS = 16
FIRST_STEP = 18
MIN_IDEA = 16
"""Cells for the owners and first-step columns (cut with an ellipsis; the detail below the
table has them whole), and the least the idea column gets."""


class IdeaBoard(DataTable[Text | str | int]):
    DEFAULT_CSS = """
    IdeaBoard { height: 1fr; }
    """

    def __init__(self, mode: BoardMode, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.mode: BoardMode = mode
        self.marked: set[int] = set()
        self._signature: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        self._add_columns()

    def _columns(self) -> tuple[str, ...]:
        if self.mode == "board":
            return ("", "#", "Idea")
        if self.mode == "results":
            return ("Rank", "Votes", "#", "Idea")
        # Votes show in the detail below; the first step too, when the table is narrow.
        return ("Rank", "#", "Idea", "Owners", "Due") + (() if self.narrow else ("First step",))

    def _add_columns(self) -> None:
        self._shown_columns = self._columns()
        for label in self._shown_columns:
            self.add_column(label, key=label or "mark")

    @property
    def narrow(self) -> bool:
        """Under 80 cells (a terminal of 80 columns): the actions table leaves out a column."""
        return 0 < self.size.width < NARROW_BELOW

    def on_resize(self) -> None:
        if self._signature is None or self._signature[-1] == self.width_for_idea:
            return  # nothing shown yet, or shown at this width already
        # Columns keep the width of their widest cell so far: start them afresh.
        self.clear(columns=True)
        self._add_columns()
        self._signature = None
        if self._session is not None:
            self.show(self._session)

    _session: Session | None = None

    def show(self, session: Session) -> None:
        self._session = session
        if not self.marked <= {idea.number for idea in session.votable}:
            self.marked.clear()  # a merge used the marked ideas up
        # Everything a row shows comes from the revealed ideas and the marks, so comparing
        # those first skips building thousands of cells when only, say, the count changed.
        signature = (
            session.ideas,
            session.voting.closed,
            frozenset(self.marked),
            self.width_for_idea,
        )
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
        """Room for the idea column: what the table's width leaves after the other columns
        (each with a cell of padding either side, and room for a scroll bar)."""
        if not self.size.width:
            return 38 if self.mode == "actions" else 72
        others = {"board": 1 + 3, "results": 4 + 5 + 3, "actions": 4 + 3 + OWNERS + 10}[self.mode]
        if self.mode == "actions" and not self.narrow:
            others += FIRST_STEP
        gaps = 2 * len(self._columns()) + 2
        return max(MIN_IDEA, self.size.width - others - gaps)

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
            text = _text(idea, merged_count.get(ranked.number, 0), self.width_for_idea)
            cells: Sequence[Text | str | int] = (rank, ranked.votes, ranked.number, text)
            if self.mode == "actions":
                cells = (
                    rank,
                    ranked.number,
                    text,
                    _cut(", ".join(idea.owners) or "—", OWNERS),
                    idea.due.isoformat() if idea.due else "—",
                )
                if not self.narrow:
                    cells = (*cells, _cut(idea.first_step or "—", FIRST_STEP))
            out.append((ranked.number, tuple(cells)))
        return tuple(out)


def _cut(text: str, cells: int) -> Text:
    """One line of participant text, at most `cells` wide, cut with an ellipsis."""
    line = Text(" ".join(text.split()))
    line.truncate(cells, overflow="ellipsis")
    return line


def _mark(marked: bool) -> Text:
    return Text("●" if marked else " ", style="bold yellow" if marked else "")


def _text(idea: Idea, merged: int, cells: int) -> Text:
    """The idea on one line, cut with an ellipsis; the full text shows below the table."""
    text = Text(" ".join(idea.text.split()))
    text.truncate(cells, overflow="ellipsis")
    if merged:
        text.append(f"  (+{merged} merged)", style="dim")
    return text
