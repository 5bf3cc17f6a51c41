"""The agenda as a list: each phase's planned and actual time, the current one marked."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from rmworkshop.core.session import Session
from rmworkshop.core.wording import minutes


class AgendaList(Static):
    DEFAULT_CSS = """
    AgendaList { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._last: object = None

    def show(self, session: Session, now: float) -> None:
        rows = []
        for index, phase in enumerate(session.agenda.phases):
            actual = session.phase_actual(index, now)
            current = index == session.index and session.is_started and not session.is_finished
            done = session.is_finished or index < session.index
            rows.append((index, phase.name, phase.planned_seconds, round(actual), current, done))
        if rows == self._last:
            return
        self._last = rows
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        # Names wrap between words; a word wider than the column ends in "…", never broken.
        table.add_column(ratio=1, overflow="ellipsis")
        table.add_column(justify="right")
        table.add_column(justify="right")
        table.add_row(
            "", Text("Phase", style="bold"), Text("plan", style="bold"), Text("real", style="bold")
        )
        for _index, name, planned, actual, current, done in rows:
            marker = "▶" if current else ("✓" if done else " ")
            style = "bold reverse" if current else ("dim" if done else "")
            over = actual > planned
            table.add_row(
                Text(marker, style=style),
                Text(name, style=style),
                Text(minutes(planned), style=style),
                Text(
                    minutes(actual) if actual or done or current else "",
                    style="red" if over else style,
                ),
            )
        self.update(table)
