"""Merge suggestions: which revealed cards look like the same idea.

The rule is here and only here: given one unit vector per card (from any embedding model, see
`rmworkshop.suggestions`), cards are grouped by average-link clustering of their cosine
similarity, and a group is suggested when its cards are, on average, at least `THRESHOLD`
alike. Groups are scored by that average similarity, best first. A suggestion the facilitator
dismissed never comes back, nor does any part of it. Suggestions never merge by themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rmworkshop.core.session import Session

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

THRESHOLD = 0.40
"""The least average cosine similarity of a suggested group's cards, chosen on the labelled
development set (bench/results.md, "Merge suggestions"): the lowest that keeps pairwise
precision well above 0.75."""


class Suggestion(NamedTuple):
    ideas: tuple[int, ...]
    """Display numbers, in the order the facilitator sees them (the first is kept by default)."""
    score: float
    """How alike the cards are, 0.0 to 1.0: their average pairwise cosine similarity."""

    def as_data(self) -> dict[str, object]:
        return {"ideas": list(self.ideas), "score": round(self.score, 3)}


def average_link(
    similarity: npt.NDArray[np.float64], threshold: float
) -> list[tuple[list[int], float]]:
    """Groups of two or more rows of a symmetric similarity matrix, each with its average
    pairwise similarity, merged greedily (the two most alike groups first) while that average
    stays at or above ``threshold``; most alike first."""
    import numpy as np

    size = similarity.shape[0]
    if size < 2:
        return []
    # Average similarity between groups, updated by the Lance-Williams rule; -inf off the
    # table (a row with itself, or a group already merged into another).
    between = similarity.astype(np.float64, copy=True)
    np.fill_diagonal(between, -np.inf)
    members: list[list[int]] = [[row] for row in range(size)]
    within = [1.0] * size
    alive = np.ones(size, dtype=bool)
    while True:
        flat = int(np.argmax(between))
        first, second = divmod(flat, size)
        best = float(between[first, second])
        if not best >= threshold:  # also stops on -inf and NaN
            break
        a, b = len(members[first]), len(members[second])
        pairs_a, pairs_b = a * (a - 1) / 2, b * (b - 1) / 2
        across = a * b
        total = pairs_a + pairs_b + across
        within[first] = (within[first] * pairs_a + within[second] * pairs_b + best * across) / total
        merged = (between[first] * a + between[second] * b) / (a + b)
        between[first, :] = merged
        between[:, first] = merged
        between[second, :] = -np.inf
        between[:, second] = -np.inf
        between[first, first] = -np.inf
        between[~alive, first] = -np.inf
        between[first, ~alive] = -np.inf
        members[first] = members[first] + members[second]
        members[second] = []
        alive[second] = False
    groups = [
        (sorted(members[row]), min(1.0, max(0.0, within[row])))
        for row in range(size)
        if alive[row] and len(members[row]) >= 2
    ]
    groups.sort(key=lambda group: (-group[1], group[0]))
    return groups


def suggest(
    numbers: Sequence[int],
    vectors: npt.NDArray[np.float32],
    dismissed: Collection[frozenset[int]] = (),
    threshold: float = THRESHOLD,
) -> list[Suggestion]:
    """The suggestions for the cards ``numbers`` (display numbers), whose unit vectors are the
    rows of ``vectors`` in the same order; none that lies within a dismissed suggestion."""
    import numpy as np

    if len(numbers) != vectors.shape[0]:
        raise ValueError("one vector per card")
    similarity = np.asarray(vectors, dtype=np.float64) @ np.asarray(vectors, dtype=np.float64).T
    out: list[Suggestion] = []
    for rows, score in average_link(similarity, threshold):
        ideas = tuple(sorted(numbers[row] for row in rows))
        if any(frozenset(ideas) <= gone for gone in dismissed):
            continue
        out.append(Suggestion(ideas, score))
    return out


def candidates(session: Session) -> list[tuple[int, str]]:
    """The cards suggestions are made from: revealed ideas not merged into another, with
    their texts, by display number."""
    return [(idea.number, idea.text) for idea in session.votable]
