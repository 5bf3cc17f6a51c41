"""The live screen: agenda, countdown, prompt and the panel for the current phase."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable

from rmworkshop.core.rules import Action
from rmworkshop.core.rules.ballots import close_risk
from rmworkshop.core.rules.ideas import reveal_risk
from rmworkshop.core.rules.offers import facilitator_offers
from rmworkshop.core.session import Session
from rmworkshop.core.wording import counted
from rmworkshop.ui import messages
from rmworkshop.ui.facilitator.panels import (
    ActionsPanel,
    BoardPanel,
    CapturePanel,
    ClosingPanel,
    InfoPanel,
    SpeakingPanel,
    VotePanel,
)
from rmworkshop.ui.phase_screen import PhaseScreen
from rmworkshop.ui.widgets.agenda_list import AgendaList
from rmworkshop.ui.widgets.idea_board import IdeaBoard
from rmworkshop.ui.widgets.key_bar import KeyBar
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PanelFactory, PhasePanel

if TYPE_CHECKING:
    from textual.widget import Widget

# The dialogs and the pairs panel (with the pairing notes) load when first used, not at start.


def _pairs_panel(*, id: str) -> Widget:
    from rmworkshop.ui.facilitator.pairs_panel import PairsPanel

    return PairsPanel(id=id)


def _checkin_panel(*, id: str) -> Widget:
    from rmworkshop.ui.facilitator.checkin_panel import CheckinPanel

    return CheckinPanel(id=id)


# What each key does, in the core's terms: the footer offers a key while the core allows it.
_RULES = {
    "next_speaker": {Action.TURN_NEXT},
    "pass_turn": {Action.TURN_PASS},
    "end_turn": {Action.TURN_END},
    "close_voting": {Action.CLOSE_VOTING},
    "owners": {Action.SET_OWNERS},
    "pause": {Action.PAUSE, Action.RESUME},
    "extend": {Action.EXTEND},
    "next_phase": {Action.NEXT_PHASE},
    "back_phase": {Action.BACK_PHASE},
    "reveal": {Action.REVEAL},
    "mark": {Action.MERGE},
    "merge": {Action.MERGE},
    "unmerge": {Action.UNMERGE},
    "suggestions": {Action.SUGGEST},
    "swap_pair": {Action.SWAP_PAIRS},
    "hands": {Action.RAISE_HAND, Action.LOWER_HAND},
}


MINOR_KEYS = ("export", "people", "quit", "extend")
"""Keys that leave the bar, first named first, when every key of the phase does not fit: a
phase's own keys, pause, next phase and help stay in sight at 80 columns."""

PANELS = {
    "info": InfoPanel,
    "capture": CapturePanel,
    "board-panel": BoardPanel,
    "speaking": SpeakingPanel,
    "vote": VotePanel,
    "actions": ActionsPanel,
    "closing": ClosingPanel,
    "pairs": _pairs_panel,
    "checkin": _checkin_panel,
}
"""The panel for each kind of phase, built the first time it is shown."""


class LiveScreen(PhaseScreen[Session]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Phase-specific keys first, so the footer shows them even at 80 columns.
    BINDINGS = [
        Binding("n", "next_speaker", "Next speaker"),
        Binding("p", "pass_turn", "Pass"),
        Binding("e", "end_turn", "End turn"),
        Binding("m", "mark", "Mark dup"),
        Binding("M", "merge", "Merge", key_display="M"),
        Binding("s", "suggestions", "Suggestions"),
        Binding("u", "unmerge", "Unmerge", show=False),
        Binding("c", "close_voting", "Close vote"),
        Binding("o", "owners", "Owners"),
        Binding("w", "swap_pair", "Swap"),
        Binding("h", "hands", "Hands"),
        Binding("space", "pause", "Pause"),
        Binding("plus,equals_sign", "extend", "+1 min", key_display="+"),
        Binding("greater_than_sign", "next_phase", "Next phase", key_display=">"),
        # Off the footer so every other key fits at 120 columns; help and the palette list it.
        Binding("less_than_sign", "back_phase", "Back", key_display="<", show=False),
        Binding("r", "reveal", "Reveal"),
        Binding("a", "people", "People"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="live"):
            with Vertical(id="sidebar"):
                yield Literal(id="title", classes="title")
                yield AgendaList(id="agenda")
                yield Literal(id="people-line", classes="hint")
            with Vertical(id="main"):
                yield from self.compose_phase()
        # Ctrl+P still opens the palette, and ? lists every key, those that gave way too.
        yield KeyBar(give_way=MINOR_KEYS, show_command_palette=False)

    def compose_names(self) -> ComposeResult:
        yield Literal(id="phase-name", classes="phase-name")
        yield Literal(id="phase-state", classes="hint")

    def panels(self) -> Mapping[str, PanelFactory]:
        return PANELS

    def panel_switched(self, panel: PhasePanel[Session]) -> None:
        # The board, the actions table or the pairs table takes the keys at once.
        panel.call_after_refresh(panel.take_focus)

    # -- drawing ---------------------------------------------------------------------------
    def panel_id(self, session: Session) -> str:
        if session.is_finished:
            return "closing"
        kind = session.kind
        if kind == "capture":
            return "board-panel" if session.votable else "capture"
        if kind in ("share", "discuss"):
            return "speaking"
        if kind in ("vote", "actions", "pairs", "checkin"):
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
        self.show_panel(session, now)
        self._allowed = facilitator_offers(session, now)
        self.refresh_keys()
        self.draw_clock()

    def draw_clock(self) -> None:
        session = self.session
        now = self.app.clock.now()
        self.query_one(AgendaList).show(session, now)
        running = session.is_started and not session.is_finished
        self.draw_countdown(running, session.remaining(now), session.state == "paused")
        state = {"running": "running", "paused": "PAUSED (space resumes)", "finished": ""}
        kind = session.kind if not session.is_finished else ""
        parts = [
            kind,
            state[session.state],
            "OVERRUN" if session.remaining(now) < 0 and not session.is_finished else "",
            f"{len(session.present)} of {len(session.people)} present",
        ]
        self.query_one("#phase-state", Literal).set("   ".join(part for part in parts if part))
        current = self.current_panel()
        if current is not None:
            current.tick(session, now)

    _allowed: frozenset[Action] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "merge", "unmerge") and self._board() is None:
            return False  # marked on the board of revealed ideas, when it is on screen
        needed = _RULES.get(action)
        return needed is None or bool(needed & self._allowed)

    # -- actions: each asks the app, which tells every screen what came of it ---------------
    def action_pause(self) -> None:
        self.post_message(messages.PauseOrResume())

    def action_extend(self) -> None:
        self.post_message(messages.Extend(1))

    def action_next_phase(self) -> None:
        self.post_message(messages.MovePhase(forward=True, since=self.session.phase_number))

    def action_back_phase(self) -> None:
        self.post_message(messages.MovePhase(forward=False, since=self.session.phase_number))

    def action_reveal(self) -> None:
        risk = reveal_risk(self.session)
        if risk is None:
            self.post_message(messages.Reveal())
            return

        def answered(reveal: bool | None) -> None:
            if reveal:
                self.post_message(messages.Reveal(force=True))

        from rmworkshop.ui.facilitator.modals import ConfirmDialog

        question = f"{risk} Reveal them now anyway?"
        self.app.push_screen(ConfirmDialog(question, "Reveal"), answered)

    def _board(self) -> IdeaBoard | None:
        """The board of revealed ideas, when the current panel shows one for merging."""
        current = self.current_panel()
        if not isinstance(current, BoardPanel):
            return None
        table = current.table()
        return table if table is not None and table.mode == "board" else None

    def action_mark(self) -> None:
        board = self._board()
        if board is None:
            self.notify("Mark duplicates on the board of revealed ideas.", severity="warning")
            return
        board.toggle_mark()
        self.redraw()

    def action_merge(self) -> None:
        board = self._board()
        if board is None or len(board.marked) < 2:
            self.notify("Mark two or more ideas with m first.", severity="warning")
            return
        keep, *others = sorted(board.marked)
        self.post_message(messages.Merge(keep, others))

    def action_unmerge(self) -> None:
        board = self._board()
        number = board.selected_number if board is not None else None
        if number is None or not any(i.merged_into == number for i in self.session.ideas):
            self.notify("Select an idea with merged cards to unmerge it.", severity="warning")
            return
        self.post_message(messages.Unmerge(number))

    def action_suggestions(self) -> None:
        # Loaded when first asked for: the panel, and later the model, never at start-up.
        from rmworkshop.ui.facilitator.suggestions import SuggestionsScreen

        self.app.push_screen(SuggestionsScreen(self.session))

    def action_next_speaker(self) -> None:
        self.post_message(messages.Turn("next"))

    def action_pass_turn(self) -> None:
        self.post_message(messages.Turn("pass"))

    def action_end_turn(self) -> None:
        self.post_message(messages.Turn("end"))

    def action_close_voting(self) -> None:
        session = self.session
        ballots = f"{counted(session.voting.ballots, 'ballot')} of {len(session.present)}"
        question = f"Close voting now, with {ballots} cast? The results are shown at once"
        question += " and voting cannot be opened again."
        risk = close_risk(session)
        if risk is not None:
            question += " " + risk
        force = risk is not None

        def answered(close: bool | None) -> None:
            if close:
                self.post_message(messages.CloseVoting(force=force))

        from rmworkshop.ui.facilitator.modals import ConfirmDialog

        self.app.push_screen(ConfirmDialog(question, "Close voting"), answered)

    def action_owners(self, number: int | None = None) -> None:
        if number is None:
            boards = self.query("#actions #results")
            number = boards.first(IdeaBoard).selected_number if boards else None
        if number is None:
            self.notify("There are no ideas to assign.", severity="warning")
            return
        self.post_message(messages.EditOwners(number))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # The row Enter was pressed on, whatever a redraw did to the cursor since.
        if self.session.kind == "actions" and not self.session.is_finished:
            key = event.row_key.value
            self.action_owners(int(key) if key and key.isdigit() else None)

    def action_swap_pair(self) -> None:
        from rmworkshop.ui.facilitator.pairs_panel import PairsPanel

        panel = self.current_panel()
        if not isinstance(panel, PairsPanel):
            return
        person = panel.selected_person()
        if person is None or panel.marked in (None, person):
            panel.marked = None if panel.marked == person else person
        else:
            self.post_message(messages.SwapPair(panel.marked, person))
            panel.marked = None
        self.redraw()

    def action_people(self) -> None:
        self.post_message(messages.ShowPeople())

    def action_hands(self) -> None:
        """Raise or lower a hand for someone without a device, or at the kiosk."""
        self.post_message(messages.ShowHands())
