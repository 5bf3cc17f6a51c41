"""The merge suggestions panel: groups of revealed cards that look like the same idea, most
alike first, each card in full. One key merges the highlighted group (keeping the wording
picked with the arrows, the first by default), one dismisses it; neither happens by itself.

The suggestions are computed in a thread worker of their own (the model loads there on first
use), never on the screen's thread; a model that cannot load is one line, and the console goes
on as before.
"""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rmworkshop.core.errors import Refused
from rmworkshop.core.session import Session
from rmworkshop.core.suggestions import Suggestion
from rmworkshop.ui.messages import (
    DismissedRead,
    DismissSuggestion,
    Merge,
    ReadDismissed,
    SessionChanged,
)
from rmworkshop.ui.widgets.key_bar import KeyBar
from rmworkshop.ui.widgets.literal import Literal

HINT = "↑↓ choose a group   ←→ the wording to keep   Enter merges   d dismisses   Esc closes"


def group_text(suggestion: Suggestion, session: Session, keep: int) -> Text:
    """One suggestion as plain text (never markup): how alike, then every card in full, the
    one whose wording is kept marked."""
    text = Text(f"{round(suggestion.score * 100)}% alike\n", style="bold")
    width = max(len(str(number)) for number in suggestion.ideas) + 1
    for position, number in enumerate(suggestion.ideas):
        idea = session.idea(number)
        kept = number == keep
        text.append("  ▶ keep " if kept else "         ", style="bold" if kept else "")
        text.append(f"#{number}".ljust(width) + "  ", style="dim")
        text.append(idea.text if idea is not None else "")
        if position < len(suggestion.ideas) - 1:
            text.append("\n")
    return text


class SuggestionsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    SuggestionsScreen #suggestions {
        height: 90%;
    }
    SuggestionsScreen #suggestion-list {
        height: 1fr;
    }
    """
    BINDINGS = [
        Binding("escape", "dismiss_screen", "Close"),
        Binding("enter", "merge", "Merge", priority=True),
        Binding("d", "dismiss_suggestion", "Dismiss"),
        Binding("left", "keep(-1)", "Keep ←", show=False),
        Binding("right", "keep(1)", "Keep →", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.suggestions: list[Suggestion] = []
        self._keep: dict[tuple[int, ...], int] = {}
        self._asked = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="suggestions"):
            yield Literal("Merge suggestions", classes="panel-title")
            yield Literal("Looking for cards that say the same thing…", id="suggestions-status")
            yield OptionList(id="suggestion-list")
            yield Literal(HINT, classes="hint")
        yield KeyBar(give_way=("export", "quit"), show_command_palette=False)

    def on_mount(self) -> None:
        self._ask()

    def _ask(self) -> None:
        self.post_message(ReadDismissed(self))

    @on(SessionChanged)
    def _session_changed(self, message: SessionChanged) -> None:
        self.session = message.session
        self._ask()

    @on(DismissedRead)
    def _dismissed_read(self, message: DismissedRead) -> None:
        self._compute(self.session, message.dismissed)

    @work(thread=True, exclusive=True, group="suggestions", exit_on_error=False)
    def _compute(self, session: Session, dismissed: Collection[frozenset[int]]) -> None:
        from rmworkshop.suggestions import suggestions_for

        try:
            found = suggestions_for(session, dismissed)
        except Refused as refusal:
            self.app.call_from_thread(self._show_line, str(refusal))
            return
        except Exception:  # the model's libraries: one line, and everything else works
            self.app.call_from_thread(
                self._show_line, "Merge suggestions are unavailable: they could not be computed."
            )
            return
        self.app.call_from_thread(self._show, session, found)

    def _show_line(self, line: str) -> None:
        if not self.is_attached:
            return  # closed while the suggestions were being computed
        self.suggestions = []
        self.query_one(OptionList).clear_options()
        self.query_one("#suggestions-status", Literal).set(line)

    def _show(self, session: Session, found: list[Suggestion]) -> None:
        if session is not self.session or not self.is_attached:
            return  # a newer snapshot is being worked on, or the panel was closed
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        self.suggestions = found
        self._keep = {s.ideas: self._keep.get(s.ideas, s.ideas[0]) for s in found}
        options.clear_options()
        options.add_options([Option(group_text(s, session, self._keep[s.ideas])) for s in found])
        if found:
            options.highlighted = min(highlighted or 0, len(found) - 1)
            options.focus()
        status = (
            f"{len(found)} group(s) of cards look like the same idea, most alike first."
            if found
            else "No suggestions: no cards look alike."
        )
        self.query_one("#suggestions-status", Literal).set(status)

    def _current(self) -> Suggestion | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.suggestions):
            return None
        return self.suggestions[index]

    def action_keep(self, step: int) -> None:
        current = self._current()
        if current is None:
            return
        ideas = current.ideas
        position = (ideas.index(self._keep[ideas]) + step) % len(ideas)
        self._keep[ideas] = ideas[position]
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is not None:
            options.replace_option_prompt_at_index(
                index, group_text(current, self.session, self._keep[ideas])
            )

    def action_merge(self) -> None:
        current = self._current()
        if current is None:
            return
        keep = self._keep[current.ideas]
        self.post_message(Merge(keep, [n for n in current.ideas if n != keep]))

    def action_dismiss_suggestion(self) -> None:
        current = self._current()
        if current is not None:
            self.post_message(DismissSuggestion(list(current.ideas)))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
