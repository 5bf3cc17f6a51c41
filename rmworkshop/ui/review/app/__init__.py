"""The review console app: a thin shell that owns the opened files and saves edits to them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from rmworkshop import memory
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.text import shown
from rmworkshop.core.wording import counted
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import ChangedOnDisk, OutcomesFile
from rmworkshop.outcomes.edits import Edit
from rmworkshop.ui.help import KeyGuide
from rmworkshop.ui.review.opened import DrawsOpened, Opened, SaveEdit
from rmworkshop.ui.review.programme_review import ProgrammeReview
from rmworkshop.ui.review.session_review import SessionReview

# Footer labels are short; the help screen and the command palette say more.
LONG_NAMES = {
    "open": "Open the session of this action",
    "owner_filter": "Filter by owner",
    "status_filter": "Filter by status (or overdue)",
    "clear_filters": "Clear the filters",
    "switch_view": "Switch between the ideas and the airtime and timing",
    "due": "Due date",
    "reload": "Reload the files from disk",
    "trends": "Trends across the sessions, with charts",
}


class ReviewApp(App[None]):
    CSS_PATH = ["../../base.tcss", "../review.tcss"]
    TITLE = "rmworkshop review"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+r", "reload", "Reload"),
        Binding("ctrl+q,q", "quit", "Quit"),
    ]

    def __init__(self, files: Sequence[OutcomesFile], today: date) -> None:
        super().__init__()
        self.opened = Opened(list(files), today)
        self.guide = KeyGuide(
            self,
            names=LONG_NAMES,
            extra=[("↑ ↓ PgUp PgDn", "Move through the list")],
            help_lists_all=False,
        )

    def on_ready(self) -> None:
        memory.started()  # the first frame is on screen

    def on_mount(self) -> None:
        if len(self.opened.files) == 1:
            self.push_screen(SessionReview(self.opened, 0))
        else:
            self.push_screen(ProgrammeReview(self.opened))

    def _redraw(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, DrawsOpened):
                screen.refresh_data()

    def on_save_edit(self, request: SaveEdit) -> None:
        self.save(request.file, request.edit)

    def save(self, file: int, edit: Edit) -> bool:
        """Write one edit to its file at once; a refusal is a notice, and nothing changes."""
        files = self.opened.files
        try:
            saved = outcome_files.save_edit(files[file], edit)
        except ChangedOnDisk as refusal:
            message = f"{refusal} Ctrl+R reloads the files."
            self.notify(message, severity="error", markup=False, timeout=15)
            return False
        except Refused as refusal:
            self.notify(str(refusal), severity="error", markup=False, timeout=10)
            return False
        files[file] = saved.file
        self._redraw()
        note = f"Saved {edit.describe()} in {shown(saved.file.path)}."
        if saved.rewritten:
            note += " The file was rewritten in the standard layout."
        self.notify(note, markup=False)
        return True

    def action_reload(self) -> None:
        try:
            files = outcome_files.open_files([file.path for file in self.opened.files])
        except BadFile as refusal:
            self.notify(f"Not reloaded: {refusal}", severity="error", markup=False, timeout=15)
            return
        self.opened.files[:] = files
        self._redraw()
        self.notify(f"Reloaded {counted(len(files), 'file')} from disk.")

    # -- help and command palette ----------------------------------------------------------
    def action_help(self) -> None:
        self.guide.show_help()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from self.guide.commands(screen)
