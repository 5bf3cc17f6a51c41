"""Mentoring pairs beside the actions in review: who mentors whom, their topics, whether
they have met, and the impact note. `s` and `i` edit the selected pair, as for actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from rmworkshop.files.outcomes import OutcomesFile
from rmworkshop.outcomes.followup import session_label
from rmworkshop.outcomes.schema import Pair
from rmworkshop.ui.review.cells import one_line
from rmworkshop.ui.review.table import Column, RowTable

PAIR_STATUS_STYLES = {"open": "", "met": "green", "stuck": "yellow", "ended": "dim"}
PAIR_STATUS_NOTES = {
    "open": "not met yet",
    "met": "they have met and keep meeting",
    "stuck": "they met, but it is not going anywhere",
    "ended": "the pairing has ended",
}


@dataclass(frozen=True, slots=True)
class PairRow:
    file: int
    index: int
    pair: Pair


def pair_rows(files: Sequence[OutcomesFile], only: int | None = None) -> list[PairRow]:
    return [
        PairRow(number, index, pair)
        for number, file in enumerate(files)
        if only is None or number == only
        for index, pair in enumerate(file.outcomes.pairs)
    ]


def _names(names: Sequence[str]) -> Text:
    return Text(", ".join(one_line(name) for name in names))


class PairsTable(RowTable[PairRow]):
    """The pairs of one session, or of every session with a Session column."""

    DEFAULT_CSS = """
    PairsTable {
        height: auto;
        max-height: 9;
        border-top: hkey $primary-darken-2;
    }
    """

    def __init__(self, files: Sequence[OutcomesFile], programme: bool, *, id: str) -> None:
        self._files = files
        columns = [
            Column("Mentors", 16, min_width=8),
            Column("Mentees", 22, min_width=8),
            Column("Topics", 18, min_width=6),
            Column("Pair", 6),
            Column("Impact"),
        ]
        if programme:
            columns.insert(0, Column("Session", 26, min_width=12))
        self._programme = programme
        super().__init__(columns, self._cells, key=lambda row: (row.file, row.index), id=id)

    def _cells(self, row: PairRow) -> Sequence[Text]:
        pair = row.pair
        cells = [
            _names(pair.mentors),
            _names(pair.mentees),
            Text(", ".join(one_line(topic) for topic in pair.topics) or "—"),
            Text(pair.status, style=PAIR_STATUS_STYLES[pair.status]),
            Text(one_line(pair.impact) or "—"),
        ]
        if self._programme:
            cells.insert(0, Text(one_line(session_label(self._files[row.file].outcomes))))
        return cells

    def show(self, files: Sequence[OutcomesFile], only: int | None = None) -> None:
        self._files = files
        rows = pair_rows(files, only)
        self.set_rows(rows)
        if self.parent is not None:
            self.parent.display = bool(rows)


class PairsBox(Vertical):
    """Holds the pairs table below the actions; hidden when the files have no pairs."""

    DEFAULT_CSS = """
    PairsBox {
        height: auto;
    }
    """

    def __init__(self, files: Sequence[OutcomesFile], programme: bool) -> None:
        super().__init__()
        self._table = PairsTable(files, programme, id="pairs")

    def compose(self) -> ComposeResult:
        yield self._table
