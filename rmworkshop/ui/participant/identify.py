"""Who are you? Pick your name from the session, or add yourself with a level (and, if you
like, your team, what you can teach and want to learn, and whether you will mentor)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from rmworkshop.core.errors import Refused
from rmworkshop.core.people import typed_profile
from rmworkshop.remote.participant_state import ParticipantState, Roll
from rmworkshop.ui.participant_messages import Identify
from rmworkshop.ui.session_screen import SessionScreen
from rmworkshop.ui.widgets.key_bar import PALETTE, KeyBar
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal


class IdentifyScreen(SessionScreen[ParticipantState]):
    _levels_set = False
    _roll: Roll | None = None
    """The roll of names drawn last."""

    def compose(self) -> ComposeResult:
        # Scrolls, so that on a small terminal the optional fields never hide the level; it
        # takes no focus itself, so Tab goes straight from one field to the next.
        card = VerticalScroll(id="identify", classes="card")
        card.can_focus = False
        with card:
            yield Literal(id="identify-title", classes="title")
            yield Label("Pick your name (Enter):", classes="panel-title")
            yield OptionList(id="names")
            yield Label(
                "Or add yourself: your name, then your level.",
                id="add-title",
                classes="panel-title",
            )
            yield LineInput(placeholder="Your name", id="new-name")
            # For mentoring pairs; all optional, so they come before the level that sends.
            yield LineInput(placeholder="Your team (optional)", id="new-team")
            yield LineInput(
                placeholder="Topics you can teach, separated by commas", id="new-teaches"
            )
            yield LineInput(placeholder="Topics you want to learn", id="new-learns")
            yield Checkbox("I am willing to mentor", value=True, id="new-mentor")
            yield Select[str]([], id="new-level", prompt="Your level", allow_blank=True)
            yield Literal(id="identify-error", classes="error")
        yield KeyBar(give_way=(PALETTE,))

    def draw(self, session: ParticipantState) -> None:
        """Draws only what it is given: the backend read the roll of names with the state."""
        self.query_one("#identify-title", Literal).set(session.title)
        if session.roll is None:
            if session.trouble:  # the names could not be read: the next state tries again
                self.query_one("#identify-error", Literal).set(session.trouble)
            return
        if session.roll == self._roll:
            return
        self._roll = session.roll
        self._draw_roll(session.roll)

    def _draw_roll(self, roll: Roll) -> None:
        names = self.query_one("#names", OptionList)
        # By name, as people look for their own; names another device holds are not offered.
        wanted = sorted((p for p in roll.people if not p.claimed), key=lambda p: p.name.casefold())
        if names.option_count != len(wanted):
            names.clear_options()
            names.add_options([Option(Text(p.name), id=p.name) for p in wanted])
            if wanted:
                names.highlighted = 0  # Enter picks at once; arrows move from the top
        # Once voting has started only the facilitator adds people: a latecomer asks them.
        adding = ("#new-name", "#new-team", "#new-teaches", "#new-learns", "#new-mentor")
        for selector in ("#add-title", *adding, "#new-level"):
            self.query_one(selector).display = roll.can_add
        if not roll.can_add:
            self.query_one("#identify-error", Literal).set(
                "Voting has started: if your name is not listed, ask the facilitator to add you."
            )
        if not self._levels_set:  # a session's levels never change
            self._levels_set = True
            levels = self.query_one("#new-level", Select)
            levels.set_options([(level, level) for level in roll.levels])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(Identify(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # The name as typed before Enter, not after it, when Enter was pressed in the name.
        name = event.value if event.input.id == "new-name" else None
        self._add(name if name is not None else self.query_one("#new-name", Input).value)

    def on_select_changed(self) -> None:
        name = self.query_one("#new-name", Input).value
        if name.strip():
            self._add(name)

    def _add(self, name: str) -> None:
        level = self.query_one("#new-level", Select).value
        if not name.strip():
            self.query_one("#identify-error", Literal).set("Type your name first.")
            return
        if not isinstance(level, str):
            self.query_one("#identify-error", Literal).set("Choose your level.")
            return
        try:
            profile = typed_profile(
                self.query_one("#new-team", Input).value or None,
                self.query_one("#new-teaches", Input).value,
                self.query_one("#new-learns", Input).value,
                self.query_one("#new-mentor", Checkbox).value,
            )
        except Refused as error:
            self.query_one("#identify-error", Literal).set(str(error))
            return
        self.post_message(Identify(name, level, profile))
