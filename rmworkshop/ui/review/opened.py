"""What a review console has open: shared by its app, which saves and reloads, and its
screens, which draw from it and ask for saves by message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message
from textual.screen import Screen

from rmworkshop.files.outcomes import OutcomesFile
from rmworkshop.outcomes.edits import Edit


@dataclass
class Opened:
    """The outcomes files open in one review console, and the day they are reviewed on.

    The list is changed in place by a save or a reload, so every screen sees the new files.
    """

    files: list[OutcomesFile]
    today: date


@dataclass
class SaveEdit(Message):
    """A screen asks for one edit to be written to its file at once."""

    file: int
    edit: Edit


class DrawsOpened(Screen[None]):
    """A screen drawn from the open files: the app redraws it after a save or a reload."""

    def __init__(self, opened: Opened) -> None:
        super().__init__()
        self.opened = opened

    def refresh_data(self) -> None:
        """Redraw from the app's files after a save or a reload."""
        raise NotImplementedError
