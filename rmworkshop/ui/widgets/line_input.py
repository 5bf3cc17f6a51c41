"""The one text input every console uses: ideas, names, the join code and dialogs.

Textual's `Input` submits through a key binding, which runs only after the keys queued behind
Enter have been typed in: a burst of "alpha", Enter, "beta", Enter sent "alphabeta" twice.
Here Enter is handled in the order the keys came, so each Enter sends exactly the text typed
before it, once. A paste of several lines is kept whole, its lines joined by spaces.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input


class LineInput(Input):
    def __init__(self, value: str = "", *, clear_on_submit: bool = False, **options: Any) -> None:
        super().__init__(value, **options)
        self.clear_on_submit = clear_on_submit
        """Empty the field as Enter is pressed, so text typed after it starts afresh."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key != "enter":
            return  # Textual calls `Input._on_key` next, for everything but Enter
        event.stop()
        event.prevent_default()
        value = self.value
        if self.clear_on_submit:
            self.value = ""
        checked = self.validate(value) if "submitted" in self.validate_on else None
        self.post_message(self.Submitted(self, value, checked))

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            self.notify(f"The {len(lines)} pasted lines were joined into one line.")
        if lines:
            self.replace(" ".join(lines), *self.selection)
        event.stop()
        event.prevent_default()  # Textual's own paste would keep the first line only

    def restore(self, text: str) -> None:
        """Put back text that was sent but refused, before anything typed since."""
        self.value = text + self.value
        self.cursor_position = len(text)
