"""The live screen: agenda, countdown, prompt and the panel for the current phase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from rmworkshop.core.session import Session
from rmworkshop.ui.facilitator.pairs_panel import PairsPanel
from rmworkshop.ui.facilitator.panels import (
    ActionsPanel,
    BoardPanel,
    CapturePanel,
    ClosingPanel,
    InfoPanel,
    Panel,
    SpeakingPanel,
    VotePanel,
)
from rmworkshop.ui.session_screen import SessionScreen
from rmworkshop.ui.widgets.agenda_list import AgendaList
from rmworkshop.ui.widgets.countdown import Countdown
from rmworkshop.ui.widgets.idea_board import IdeaBoard
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PhasePanels

if TYPE_CHECKING:
    from rmworkshop.ui.facilitator.app import FacilitatorApp

# Which keys make sense in which phase kind; the footer shows only those.
_PHASE_KEYS = {
    "next_speaker": {"share", "discuss"},
    "pass_turn": {"share", "discuss"},
    "end_turn": {"share", "discuss"},
    "close_voting": {"vote"},
    "owners": {"actions"},
    "swap_pair": {"pairs"},
}


PANELS = {
    "info": InfoPanel,
    "capture": CapturePanel,
    "board-panel": BoardPanel,
    "speaking": SpeakingPanel,
    "vote": VotePanel,
    "actions": ActionsPanel,
    "closing": ClosingPanel,
    "pairs": PairsPanel,
}
"""The panel for each kind of phase, built the first time it is shown."""


class LiveScreen(SessionScreen):
    # Phase-specific keys first, so the footer shows them even at 80 columns.
    BINDINGS = [
        Binding("n", "next_speaker", "Next speaker"),
        Binding("p", "pass_turn", "Pass"),
        Binding("e", "end_turn", "End turn"),
        Binding("m", "mark", "Mark dup"),
        Binding("M", "merge", "Merge", key_display="M"),
        Binding("c", "close_voting", "Close vote"),
        Binding("o", "owners", "Owners"),
        Binding("w", "swap_pair", "Swap"),
        Binding("space", "pause", "Pause"),
        Binding("plus,equals_sign", "extend", "+1 min", key_display="+"),
        Binding("greater_than_sign", "next_phase", "Next phase", key_display=">"),
        # Off the footer so every other key fits at 120 columns; help and the palette list it.
        Binding("less_than_sign", "back_phase", "Back", key_display="<", show=False),
        Binding("r", "reveal", "Reveal"),
        Binding("a", "people", "People"),
    ]

    app: FacilitatorApp

    def compose(self) -> ComposeResult:
        with Horizontal(id="live"):
            with Vertical(id="sidebar"):
                yield Literal(id="title", classes="title")
                yield AgendaList(id="agenda")
                yield Literal(id="people-line", classes="hint")
            with Vertical(id="main"):
                with Horizontal(id="phase-head"):
                    with Vertical(id="phase-names"):
                        yield Literal(id="phase-name", classes="phase-name")
                        yield Literal(id="phase-state", classes="hint")
                    yield Countdown("", id="countdown")
                yield Literal(id="prompt", classes="prompt")
                yield PhasePanels(PANELS, self._panel_id(self.app.session), id="panels")
        yield Footer(show_command_palette=False)  # ctrl+p still opens it; ? lists it

    @on(PhasePanels.Built)
    def _panel_built(self) -> None:
        self.show(self.app.session)

    # -- drawing ---------------------------------------------------------------------------
    def _panel_id(self, session: Session) -> str:
        if session.is_finished:
            return "closing"
        kind = session.kind
        if kind == "capture":
            return "board-panel" if session.votable else "capture"
        if kind in ("share", "discuss"):
            return "speaking"
        if kind in ("vote", "actions", "pairs"):
            return kind
        return "info"

    def draw(self, session: Session) -> None:
        now = self.app.clock.now()
        self.query_one("#title", Literal).set(session.agenda.title)
        present = len(session.present)
        self.query_one("#people-line", Literal).set(
            f"{present} present of {len(session.people)} people   (a: who is here)"
        )
        phase = session.phase
        name = (
            "Session finished"
            if session.is_finished
            else (f"{session.index + 1}/{len(session.agenda.phases)}  {phase.name}")
        )
        self.query_one("#phase-name", Literal).set(name)
        prompt = self.query_one("#prompt", Literal)
        prompt.set(phase.prompt)
        prompt.display = not session.is_finished and phase.kind not in ("info", "break")
        switcher = self.query_one("#panels", PhasePanels)
        wanted = self._panel_id(session)
        panel = switcher.panel(wanted)
        if isinstance(panel, Panel):  # None for a moment, while a panel is first built
            if switcher.current != wanted:
                switcher.current = wanted
            panel.show(session, now)
        self.refresh_keys()
        self.draw_clock()

    def draw_clock(self) -> None:
        session = self.app.session
        now = self.app.clock.now()
        self.query_one(AgendaList).show(session, now)
        countdown = self.query_one(Countdown)
        countdown.display = not session.is_finished
        countdown.show(session.remaining(now), paused=session.state == "paused")
        state = {"running": "running", "paused": "PAUSED (space resumes)", "finished": ""}
        kind = session.kind if not session.is_finished else ""
        self.query_one("#phase-state", Literal).set(
            f"{kind}   {state[session.state]}"
            + ("   OVERRUN" if session.remaining(now) < 0 and not session.is_finished else "")
        )
        current = self.query_one("#panels", PhasePanels).visible_content
        if isinstance(current, Panel):
            current.tick(session, now)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "merge"):
            return self._board() is not None
        if action in ("pause", "extend", "next_phase"):
            return not self.app.session.is_finished
        if action == "reveal":  # only while some ideas are still hidden
            session = self.app.session
            return not session.is_finished and session.idea_count > len(session.votable)
        kinds = _PHASE_KEYS.get(action)
        if kinds is None:
            return True
        session = self.app.session
        if session.is_finished or session.kind not in kinds:
            return False
        if action == "close_voting":
            return not session.voting.closed
        return True

    # -- actions ---------------------------------------------------------------------------
    def action_pause(self) -> None:
        store = self.app.store
        self.app.act(store.pause if self.app.session.state == "running" else store.resume)

    def action_extend(self) -> None:
        self.app.act(self.app.store.extend, 1)

    def action_next_phase(self) -> None:
        self.app.act(self.app.store.next_phase)

    def action_back_phase(self) -> None:
        self.app.act(self.app.store.back_phase)

    def action_reveal(self) -> None:
        ok, count = self.app.attempt(self.app.store.reveal)
        if ok:
            self.app.notify(f"Revealed {count} idea{'s' if count != 1 else ''}.")

    def _board(self) -> IdeaBoard | None:
        """The board of revealed ideas, when the current panel shows one for merging."""
        current = self.query_one("#panels", PhasePanels).visible_content
        if not isinstance(current, BoardPanel):
            return None
        table = current.table()
        return table if table is not None and table.mode == "board" else None

    def action_mark(self) -> None:
        board = self._board()
        if board is None:
            self.app.notify("Mark duplicates on the board of revealed ideas.", severity="warning")
            return
        board.toggle_mark()
        self.show(self.app.session)

    def action_merge(self) -> None:
        board = self._board()
        if board is None or len(board.marked) < 2:
            self.app.notify("Mark two or more ideas with m first.", severity="warning")
            return
        keep, *others = sorted(board.marked)
        ok, _ = self.app.attempt(self.app.store.merge, keep, others)
        if ok:
            board.marked.clear()
            self.app.notify(f"Merged {', '.join(f'#{n}' for n in others)} into #{keep}.")
            self.show(self.app.session)

    def action_next_speaker(self) -> None:
        rounds = len(self.app.session.rounds)
        ok, member = self.app.attempt(self.app.store.turn_next)
        started = len(self.app.session.rounds)
        if ok and member is not None and self.app.session.kind == "share" and started > rounds > 0:
            self.app.notify(f"Round {started} begins: {member.name} opens.", markup=False)

    def action_pass_turn(self) -> None:
        self.app.act(self.app.store.turn_pass)

    def action_end_turn(self) -> None:
        self.app.act(self.app.store.turn_end)

    def action_close_voting(self) -> None:
        self.app.act(self.app.store.close_voting)

    def action_owners(self) -> None:
        boards = self.query("#actions #results")
        number = boards.first(IdeaBoard).selected_number if boards else None
        if number is None:
            self.app.notify("There are no ideas to assign.", severity="warning")
            return
        self.app.edit_owners(number)

    def on_data_table_row_selected(self) -> None:
        if self.app.session.kind == "actions" and not self.app.session.is_finished:
            self.action_owners()

    def action_swap_pair(self) -> None:
        panel = self.query_one("#panels", PhasePanels).visible_content
        if not isinstance(panel, PairsPanel):
            return
        person = panel.selected_person()
        if person is None or panel.marked in (None, person):
            panel.marked = None if panel.marked == person else person
        else:
            ok, _ = self.app.attempt(self.app.store.swap_pairs, panel.marked, person)
            if ok:
                self.app.notify(f"Swapped {panel.marked} and {person}.", markup=False)
            panel.marked = None
        self.show(self.app.session)

    def action_people(self) -> None:
        self.app.show_people()
