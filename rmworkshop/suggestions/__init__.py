"""Merge suggestions from an embedding model that ships inside an installed package.

`model` loads the model from the installed files only (nothing is downloaded, nothing leaves
the machine) and turns card texts into unit vectors; the grouping rule is the core's
(`rmworkshop.core.suggestions`). Importing this package loads nothing: the model and its
libraries are loaded when suggestions are first asked for.
"""

from __future__ import annotations

from collections.abc import Collection

from rmworkshop.core.errors import Refused
from rmworkshop.core.rules.ideas import check_suggesting
from rmworkshop.core.session import Session
from rmworkshop.core.suggestions import Suggestion, candidates


class ModelUnavailable(Refused):
    """The model could not be loaded; one line, and everything else works."""


def suggestions_for(session: Session, dismissed: Collection[frozenset[int]]) -> list[Suggestion]:
    """The merge suggestions for a session's revealed cards, best first; refused before the
    reveal and after the first ballot, and `ModelUnavailable` when the model cannot load."""
    check_suggesting(session)
    cards = candidates(session)
    if len(cards) < 2:
        return []
    from rmworkshop.core.suggestions import suggest
    from rmworkshop.suggestions.model import embedder

    # Every revealed card, merged or not, sets how rare each word is, so that merging one
    # group does not change how alike the others look.
    everything = [idea.number for idea in session.ideas]
    vectors = embedder().embed([idea.text for idea in session.ideas])
    rows = [everything.index(number) for number, _ in cards]
    return suggest(
        [number for number, _ in cards], [text for _, text in cards], vectors[rows], dismissed
    )


__all__ = ["ModelUnavailable", "Suggestion", "suggestions_for"]
