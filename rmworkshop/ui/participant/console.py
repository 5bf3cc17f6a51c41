"""The participant's screen: the phase, its countdown and prompt, and what they can do now."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from importlib import import_module

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget

from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.ui import participant_messages
from rmworkshop.ui.participant.panels import InfoPanel, Panel
from rmworkshop.ui.participant.seat import Seat
from rmworkshop.ui.phase_screen import PhaseScreen
from rmworkshop.ui.widgets.key_bar import PALETTE, KeyBar
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PanelFactory, PhasePanel

LOADED_LATER = {
    "capture": ("capture_panel", "CapturePanel"),
    "speaking": ("speaking_panel", "SpeakingPanel"),
    "vote": ("voting_panels", "VotePanel"),
    "actions": ("voting_panels", "ActionsPanel"),
    "pairs": ("pairs_panel", "PairsPanel"),
    "checkin": ("checkin_panel", "CheckinPanel"),
}
"""Panels imported the first time their phase comes (module in this package, class), with
what they are built on (the ballot's table, the pairing notes): a console opening in another
phase does not pay for them."""


def later_panel(kind: str) -> Callable[..., Widget]:
    """The class of a panel loaded later, imported now."""
    module, name = LOADED_LATER[kind]
    panel: Callable[..., Widget] = getattr(
        import_module(f"rmworkshop.ui.participant.{module}"), name
    )
    return panel


def _build_later(kind: str, seat: Seat, *, id: str) -> Widget:
    return later_panel(kind)(seat, id=id)


_KEYS = {
    "hand": "hand",
    "add_dot": "cast",
    "remove_dot": "cast",
    "cast": "cast",
    "volunteer": "volunteer",
}
"""What each key needs the server (or the core, for a local console) to allow now."""


class ParticipantScreen(PhaseScreen[ParticipantState]):
    BINDINGS = [
        Binding("h", "hand", "Hand up/down"),
        Binding("plus,equals_sign,right", "add_dot", "Add dot", key_display="+"),
        Binding("minus,left", "remove_dot", "Remove dot", key_display="-"),
        Binding("v", "cast", "Cast ballot"),
        Binding("o", "volunteer", "Volunteer as owner"),
    ]

    AUTO_FOCUS = ""  # each phase panel chooses its own focus

    def __init__(self, seat: Seat) -> None:
        super().__init__()
        self.seat = seat

    def compose(self) -> ComposeResult:
        with Vertical(id="participant"):
            yield from self.compose_phase()
        yield KeyBar(give_way=(PALETTE, "quit"))

    def compose_names(self) -> ComposeResult:
        yield Literal(id="who", classes="hint")
        yield Literal(id="phase-name", classes="phase-name")

    def panels(self) -> Mapping[str, PanelFactory]:
        """The panel for each kind of phase; a kiosk swaps some of them for its own."""
        later = {kind: partial(_build_later, kind, self.seat) for kind in LOADED_LATER}
        return {"info": partial(InfoPanel, self.seat), **later}

    def who(self) -> str:
        me = self.seat.who(self.session)
        return f"you are {me}" if me else ""

    def panel_id(self, session: ParticipantState) -> str:
        if not session.is_started or session.is_finished:
            return "info"
        kind = session.phase.kind
        if kind == "capture":
            return "capture"
        if kind in ("share", "discuss"):
            return "speaking"
        if kind == "vote":  # once voting has closed, the results at once, not a blank
            return "actions" if session.results else "vote"
        if kind in ("actions", "pairs"):
            return kind
        if kind == "checkin" and session.checkin is not None:
            return kind
        return "info"

    def draw(self, session: ParticipantState) -> None:
        now = self.app.clock.now()
        who = "   ·   ".join(part for part in (self.who(), session.trouble) if part)
        self.query_one("#who", Literal).set(
            f"{session.title}   ·   {who}" if who else session.title
        )
        if not session.is_started:
            name = "Waiting for the facilitator to start"
        elif session.is_finished:
            name = "The session has finished. Thank you!"
        elif session.phase.state == "paused":
            name = f"{session.phase.name}   (paused by the facilitator)"
        else:
            name = session.phase.name
        self.query_one("#phase-name", Literal).set(name)
        prompt = self.query_one("#prompt", Literal)
        prompt.set(session.phase.prompt if session.is_started else session.summary)
        prompt.display = self.panel_id(session) != "info"
        self.show_panel(session, now)
        self.refresh_keys()
        self.draw_clock()

    def panel_switched(self, panel: PhasePanel[ParticipantState]) -> None:
        # Keys must reach this phase's panel, not a widget left focused in another one.
        panel.take_focus()

    def draw_clock(self) -> None:
        session = self.session
        running = session.is_started and not session.is_finished
        now = self.app.clock.now()
        self.draw_countdown(running, session.remaining(now), session.phase.state == "paused")
        panel = self.current_panel()
        if panel is not None and running:
            panel.tick(session, now)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "volunteer" and self.panel_id(self.session) != "actions":
            return False  # one volunteers for an idea picked from the results table
        needed = _KEYS.get(action)
        return needed is None or needed in self.session.allowed

    def _selected(self, panel_id: str = "vote") -> int | None:
        """The idea picked on that phase's panel, once the panel exists."""
        panels = self.query(f"#{panel_id}")
        panel = panels.first() if panels else None
        return panel.selected() if isinstance(panel, Panel) else None

    def action_hand(self) -> None:
        self.post_message(participant_messages.ToggleHand())

    def action_add_dot(self) -> None:
        number = self._selected()
        if number is not None:
            self.post_message(participant_messages.ChangeDots(number, +1))

    def action_remove_dot(self) -> None:
        number = self._selected()
        if number is not None:
            self.post_message(participant_messages.ChangeDots(number, -1))

    def action_cast(self) -> None:
        self.post_message(participant_messages.Cast())

    def action_volunteer(self) -> None:
        number = self._selected("actions")
        if number is not None:
            self.post_message(participant_messages.Volunteer(number))
