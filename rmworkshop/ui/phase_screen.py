"""The skeleton the facilitator's live screen and the participant's screen share.

A head with the phase's name and its countdown, the phase's prompt, and one panel per kind of
phase, switched as the session moves on and built the first time it is needed.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from rmworkshop.ui.session_screen import SessionScreen, SnapshotT
from rmworkshop.ui.widgets.countdown import Countdown
from rmworkshop.ui.widgets.literal import Literal
from rmworkshop.ui.widgets.phase_panels import PanelFactory, PhasePanel, PhasePanels


class PhaseScreen(SessionScreen[SnapshotT]):
    _shown: str | None = None

    def compose_phase(self) -> ComposeResult:
        with Horizontal(id="phase-head"):
            with Vertical(id="phase-names"):
                yield from self.compose_names()
            yield Countdown("", id="countdown")
        yield Literal(id="prompt", classes="prompt")
        yield PhasePanels(self.panels(), self.panel_id(self.session), id="panels")

    def compose_names(self) -> ComposeResult:
        """The lines beside the countdown."""
        yield Literal(id="phase-name", classes="phase-name")

    def panels(self) -> Mapping[str, PanelFactory]:
        """The panel for each kind of phase, by id."""
        raise NotImplementedError

    def panel_id(self, session: SnapshotT) -> str:
        """Which panel the session's state calls for."""
        raise NotImplementedError

    @on(PhasePanels.Built)
    def _panel_built(self) -> None:
        self.redraw()

    def show_panel(self, session: SnapshotT, now: float) -> PhasePanel[SnapshotT] | None:
        """Switch to the panel the session calls for and draw it; None while it is built."""
        switcher = self.query_one("#panels", PhasePanels)
        wanted = self.panel_id(session)
        panel = switcher.panel(wanted)
        if not isinstance(panel, PhasePanel):
            return None
        if self._shown != wanted:
            self._shown = switcher.current = wanted
            self.panel_switched(panel)
        panel.show(session, now)
        return panel

    def panel_switched(self, panel: PhasePanel[SnapshotT]) -> None:
        """Hook: a different panel has just come on screen."""

    def current_panel(self) -> PhasePanel[SnapshotT] | None:
        current = self.query_one("#panels", PhasePanels).visible_content
        return current if isinstance(current, PhasePanel) else None

    def draw_countdown(self, running: bool, remaining: float, paused: bool) -> None:
        """The phase's countdown, shown only while the session runs."""
        countdown = self.query_one(Countdown)
        countdown.display = running
        countdown.show(remaining, paused=paused)
