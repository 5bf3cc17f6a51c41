"""How ideas read on screen: literal, one-line `Text` cells, with overdue actions in red.

Everything here comes from a file that participants' words went into, so it is cleaned of
control characters and escape sequences and never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.text import Text

from rmworkshop.core.text import clean
from rmworkshop.core.wording import rank_label
from rmworkshop.outcomes.followup import is_overdue
from rmworkshop.outcomes.schema import Idea

OVERDUE = "bold red"
STATUS_STYLES = {"open": "", "in-progress": "yellow", "done": "green", "dropped": "dim"}
_EIGHTHS = " ▏▎▍▌▋▊▉"


def rank_width(ideas: Iterable[Idea]) -> int:
    """Room for the longest rank, with its tie mark, and for the heading "Rank"."""
    return max([4, *(len(str(idea.rank)) + 1 for idea in ideas)])


def one_line(text: str) -> str:
    """Text as it may reach the terminal: no controls, on one line."""
    return " ".join(clean(text).split())


def rank(idea: Idea) -> Text:
    return Text(rank_label(idea.rank, idea.tied))


def owners(idea: Idea) -> Text:
    return Text(", ".join(one_line(owner) for owner in idea.owners) or "—")


def due(idea: Idea, today: date) -> Text:
    if idea.due is None:
        return Text("—", style="dim")
    return Text(idea.due.isoformat(), style=OVERDUE if is_overdue(idea, today) else "")


def status(idea: Idea, today: date, *, compact: bool = False) -> Text:
    """The status; an overdue action says so first, in red (only that, when `compact`)."""
    if is_overdue(idea, today):
        return Text("overdue" if compact else f"overdue, {idea.status}", style=OVERDUE)
    return Text(idea.status, style=STATUS_STYLES.get(idea.status, ""))


def idea_text(idea: Idea) -> Text:
    text = Text(one_line(idea.text))
    if idea.merged:
        text.append(f" (+{len(idea.merged)} merged)", style="dim")
    return text


def bar(share: float, width: int, style: str) -> Text:
    """A horizontal bar `share` of `width` cells long, in eighths of a cell."""
    eighths = round(max(0.0, min(share, 1.0)) * width * 8)
    full, part = divmod(eighths, 8)
    drawn = "█" * full + (_EIGHTHS[part] if part else "")
    return Text(drawn.ljust(width), style=style)
