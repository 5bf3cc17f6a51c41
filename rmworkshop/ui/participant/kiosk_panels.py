"""The kiosk's own panels: capture that forgets at once, and "who is voting?"."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Label, OptionList
from textual.widgets.option_list import Option

from rmworkshop.remote.participant_state import ParticipantState
from rmworkshop.ui.participant.panels import Panel
from rmworkshop.ui.participant.voting_panels import VotePanel
from rmworkshop.ui.participant_messages import Answered, BeginBallot, SubmitIdea
from rmworkshop.ui.widgets.idea_count import IdeaCount
from rmworkshop.ui.widgets.line_input import LineInput
from rmworkshop.ui.widgets.literal import Literal

THANKS = "Thank you: your idea is in. The screen is clear for the next person."


class KioskCapturePanel(Panel):
    """Type, send, and the screen forgets: no list of ideas, nothing to scroll back to."""

    FOCUS = "#idea"

    def compose(self) -> ComposeResult:
        yield Label(
            "Type your idea and press Enter. Nobody can see who wrote it.", classes="panel-title"
        )
        # No max_length: a longer idea is refused with a message, not silently cut short;
        # the count under the box says how long it is against the limit as it is typed.
        yield LineInput(id="idea", placeholder="Type one idea", clear_on_submit=True)
        yield IdeaCount(id="idea-count")
        yield Literal(id="kiosk-note", classes="banner")

    def draw(self, session: ParticipantState) -> None:
        """Nothing here depends on the session: what others typed is never shown."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SubmitIdea(event.value, reply_to=self))

    @on(Answered)
    def _answered(self, answer: Answered) -> None:
        note = self.query_one("#kiosk-note", Literal)
        if answer.refusal is None:
            note.set(Text(THANKS, style="bold green"))
        else:
            self._restored = answer.text
            self.query_one("#idea", LineInput).restore(answer.text)
            note.set(Text(answer.refusal, style="bold red"))

    _restored: str | None = None
    """A refused idea put back in the field: the refusal stays until someone types."""

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(IdeaCount).count(event.value)
        restored, self._restored = self._restored, None
        if event.value and event.value != restored:
            self.query_one("#kiosk-note", Literal).set("")

    def forget(self) -> None:
        """Clear a half-typed idea that someone walked away from."""
        self.query_one("#idea", Input).value = ""
        self.query_one("#kiosk-note", Literal).set("")


class KioskVotePanel(VotePanel):
    """First "who is voting?", listing only people who have not voted; then their ballot."""

    def compose(self) -> ComposeResult:
        yield Label(
            "Who is voting? Pick your name and press Enter.",
            id="voters-title",
            classes="panel-title",
        )
        yield OptionList(id="voters")
        yield Literal(id="voters-note", classes="hint")
        yield from super().compose()

    @property
    def picking(self) -> bool:
        return self.seat.voter is None

    def take_focus(self) -> None:
        self.query_one("#voters" if self.picking else "#ballot").focus()

    _drawn_for: str | None = None
    """Whose ballot was on screen when this panel was last drawn."""

    def draw(self, session: ParticipantState) -> None:
        picking = self.picking
        waiting = sorted(session.waiting, key=str.casefold)  # people look for their name
        closed = session.ballot is None  # when everyone has voted, nobody may cast either
        # With nobody left to vote, or voting closed, only the note stays.
        listing = picking and bool(waiting) and not closed
        self.query_one("#voters-title").display = listing
        self.query_one("#voters").display = listing
        self.query_one("#voters-note").display = picking
        for selector in ("#ballot-status", "#ballot", "#ballot-detail"):
            self.query_one(selector).display = not picking
        # Each voter starts at the top: a cursor left where the last voter put their dots,
        # or a name left highlighted, would tell the next person something about them.
        fresh = self._drawn_for != self.seat.voter
        self._drawn_for = self.seat.voter
        if not picking:
            if fresh:
                self.query_one("#ballot", DataTable).move_cursor(row=0, animate=False)
            super().draw(session)
            return
        voters = self.query_one("#voters", OptionList)
        ids = list(waiting)
        if [voters.get_option_at_index(i).id for i in range(voters.option_count)] != ids:
            voters.clear_options()
            voters.add_options([Option(Text(name), id=name) for name in waiting])
            fresh = True
        if fresh and waiting:
            voters.highlighted = 0
        note = self.query_one("#voters-note", Literal)
        if closed:
            note.set("Voting has closed.")
        elif not waiting:
            note.set("Everyone who votes at this terminal has voted. Thank you!")
        else:
            note.set(f"{len(waiting)} still to vote. Your ballot is secret: nobody sees it.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(BeginBallot(event.option.id))
