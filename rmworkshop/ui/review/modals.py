"""Dialogs for follow-up and filters. Each returns its result through `dismiss`.

Typed text is checked by the core before the dialog closes, so a bad due date or an
over-long note is explained in the dialog itself and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from rmworkshop.core.errors import Refused
from rmworkshop.outcomes.edits import Edit
from rmworkshop.ui.review.cells import one_line
from rmworkshop.ui.widgets.literal import Literal


class TextDialog(ModalScreen[Edit | None]):
    """One line of text for one field; `parse` turns it into an `Edit` or refuses it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        subject: str,
        value: str,
        parse: Callable[[str], Edit],
        *,
        hint: str = "",
        placeholder: str = "",
        max_length: int = 0,
    ) -> None:
        super().__init__()
        self._title, self._subject, self._value = title, subject, value
        self._parse, self._hint = parse, hint
        self._placeholder, self._max_length = placeholder, max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="panel-title")
            yield Literal(one_line(self._subject), classes="subject")
            # The value comes from the file: escape sequences in it would reach the terminal.
            yield Input(
                one_line(self._value),
                placeholder=self._placeholder,
                max_length=self._max_length,
                id="dialog-input",
            )
            yield Literal(self._hint, classes="hint")
            yield Literal(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (Enter)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        try:
            edit = self._parse(self.query_one("#dialog-input", Input).value)
        except Refused as refusal:
            self.query_one("#dialog-error", Literal).set(str(refusal))
            return
        self.dismiss(edit)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Choice:
    label: str
    value: str
    note: str = ""
    """Shown dimmed after the label, such as a count."""


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a list; with `search`, typing narrows the list first."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # q closes a list (it would otherwise quit the app); in the search box it is typed.
        Binding("q", "cancel", "Cancel", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice],
        *,
        subject: str = "",
        current: str | None = None,
        search: bool = False,
    ) -> None:
        super().__init__()
        self._title, self._choices, self._subject = title, list(choices), subject
        self._current, self._search = current, search
        self._shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="panel-title")
            if self._subject:
                yield Literal(one_line(self._subject), classes="subject")
            if self._search:
                yield Input(placeholder="Type to narrow the list", id="choice-search")
            yield OptionList(id="choice-list")
            yield Label("Enter picks, Esc cancels.", classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        if not self._search:
            self.query_one(OptionList).focus()

    def _fill(self, needle: str) -> None:
        wanted = needle.casefold().strip()
        self._shown = [c for c in self._choices if wanted in c.label.casefold()]
        options = self.query_one(OptionList)
        options.clear_options()
        width = min(30, max((len(one_line(c.label)) for c in self._shown), default=0))
        options.add_options(
            [
                Option(
                    Text.assemble(one_line(c.label).ljust(width), ("  " + one_line(c.note), "dim"))
                )
                for c in self._shown
            ]
        )
        values = [c.value for c in self._shown]
        if self._shown:
            options.highlighted = values.index(self._current) if self._current in values else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self) -> None:
        self._pick(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option_index)

    def _pick(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._shown):
            self.dismiss(self._shown[index].value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._shown:
            at = (options.highlighted or 0) + step
            options.highlighted = max(0, min(at, len(self._shown) - 1))

    def action_cancel(self) -> None:
        self.dismiss(None)
