"""What a save changed, said in words on the facilitator's own screen, and failure lines kept
free of names (a failure line may be read aloud, logged or shown on a shared screen)."""

from __future__ import annotations

from collections.abc import Iterable

from rmworkshop.core.session import Idea


def idea_change(before: Idea, after: Idea) -> str:
    """``Owners of #3: Bo, Chen (added: Chen; removed: Dee). Due 2026-12-15.``

    Says exactly what the save changed: owners added and removed, the due date and the first
    step; "unchanged" when it changed nothing.
    """
    said: list[str] = []
    added = [name for name in after.owners if name not in before.owners]
    removed = [name for name in before.owners if name not in after.owners]
    if added or removed:
        owners = ", ".join(after.owners) or "nobody"
        detail = "; ".join(
            f"{label}: {', '.join(names)}"
            for label, names in (("added", added), ("removed", removed))
            if names
        )
        said.append(f"Owners of #{after.number}: {owners} ({detail}).")
    if after.due != before.due:
        said.append(f"Due {after.due.isoformat()}." if after.due else "No due date.")
    if after.first_step != before.first_step:
        said.append("First step saved." if after.first_step else "First step cleared.")
    return " ".join(said) or f"Idea #{after.number} unchanged."


def unnamed(line: str, names: Iterable[str]) -> str:
    """A refusal as it may be shown in a failure line: as it is when it names nobody in the
    session, or else only that it was refused."""
    folded = line.casefold()
    if any(name.casefold() in folded for name in names if name):
        return "The session refused the change."
    return line
