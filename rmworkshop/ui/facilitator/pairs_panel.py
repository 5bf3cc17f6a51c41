"""The facilitator's pairs phase: every pair or trio with its shared topics, why anyone is
unmatched or in a trio, and two people marked (w) to swap their places."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable

from rmworkshop.core.pairing import Pairing
from rmworkshop.core.pairing_notes import explain
from rmworkshop.core.session import Session
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PhasePanel
from rmworkshop.ui.widgets.rows import cursor_key


class PairsPanel(PhasePanel[Session]):
    FOCUS = "#pairs-table"

    def compose(self) -> ComposeResult:
        yield Literal(id="pairs-status", classes="panel-title")
        table: DataTable[Text] = DataTable(id="pairs-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "Role", "Person", "Talk about")
        yield table
        yield Literal(id="pairs-notes", classes="hint")

    def on_mount(self) -> None:
        self.marked: str | None = None
        """A person marked with w; the next w swaps them with the person selected then."""
        self._shown: tuple[object, ...] | None = None

    def table(self) -> DataTable[Text]:
        return self.query_one("#pairs-table", DataTable)

    def selected_person(self) -> str | None:
        return cursor_key(self.table())

    def show(self, session: Session, now: float) -> None:
        found = session.latest_pairing()
        pairing = found[1] if found else Pairing(())
        notes = explain(
            pairing, session.people, session.levels, session.pair_history(session.index)
        )
        shown = (pairing, notes, self.marked)
        if shown == self._shown:
            return  # polls that change nothing keep the cursor where it is, cheaply
        self._shown = shown
        level = {person.name: person.level for person in session.people}

        def who(name: str) -> Text:
            mark = "▶ " if name == self.marked else ""
            return Text(f"{mark}{name} ({level.get(name, '?')})")

        table = self.table()
        row = table.cursor_row
        table.clear()
        for number, group in enumerate(pairing.groups, start=1):
            roles = [("mentor", n) for n in group.mentors] + [("mentee", n) for n in group.mentees]
            for place, (role, name) in enumerate(roles):
                first = place == 0
                label = f"{number}" + (" swapped" if group.pinned else "") if first else ""
                topics = ", ".join(group.topics) or "—" if first else ""
                table.add_row(Text(label), Text(role), who(name), Text(topics), key=name)
        placed = {name for group in pairing.groups for name in group.people}
        placed.update(pairing.unmatched, pairing.set_aside)
        later = [p.name for p in session.present if p.name not in placed and pairing.groups]
        for name in (*pairing.unmatched, *pairing.set_aside):
            table.add_row(Text("—"), Text("not paired"), who(name), Text(""), key=name)
        for name in later:  # joined after the pairs were formed: w swaps them in
            table.add_row(Text("—"), Text("came later"), who(name), Text(""), key=name)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        sizes = [len(group.people) for group in pairing.groups]
        status = f"{sizes.count(2)} pairs" + (f", {sizes.count(3)} trio" if 3 in sizes else "")
        if self.marked:
            status += f"   {self.marked} marked: select someone and press w to swap them"
        else:
            status += "   w marks a person to swap"
        self.query_one("#pairs-status", Literal).set(status if pairing.groups else "No pairs yet.")
        self.query_one("#pairs-notes", Literal).set("\n".join(notes))
