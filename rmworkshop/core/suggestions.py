"""Merge suggestions: which revealed cards look like the same idea.

The rule is here and only here: given each card's text and one unit vector per card (from any
embedding model, see `rmworkshop.suggestions`), two cards are as alike as their cosine
similarity blended with the overlap of their words (`similarity`); cards are grouped by
average-link clustering of that similarity, and a group is suggested when its cards are, on
average, at least `THRESHOLD` alike. Groups are scored by that average similarity, best first.
A suggestion the facilitator dismissed never comes back, nor does any part of it. Suggestions
never merge by themselves.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rmworkshop.core.session import Session

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

THRESHOLD = 0.32
"""The least average similarity of a suggested group's cards, chosen on the labelled
development set (bench/results.md, "Merge suggestions"): the lowest that keeps pairwise
precision well above 0.75."""

WORD_WEIGHT = 0.3
"""The share of word overlap in the similarity of two cards; the rest is their cosine
similarity. Shared words are a second sign of the same idea, one the averaged word vectors
blur: with them, suggestions find a few more of the same ideas at the same precision, on the
development set and on halves of it (bench/results.md)."""

_STOP = """a about all also an and any are as at be been but by can could do does don't for from
    get has have how i if in into is it it's its just let me more most my no not of on or our
    out should so than that the their them then there they this to too up us was we were what
    when which who why will with would you your"""
STOP_WORDS = frozenset(_STOP.split())
"""Words too common to say that two cards share an idea."""


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


def words(text: str) -> frozenset[str]:
    """A card's words, lower-cased, without stop words."""
    return frozenset(w for w in re.findall(r"[\w']+", text.lower()) if w not in STOP_WORDS)


def word_overlap(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """The Jaccard overlap of every two cards' `words`: shared words over all their words
    (1 on the diagonal, 0 for two cards without words)."""
    import numpy as np

    sets = [words(text) for text in texts]
    vocabulary: dict[str, int] = {}
    for found in sets:
        for word in found:
            vocabulary.setdefault(word, len(vocabulary))
    present = np.zeros((len(sets), len(vocabulary)), dtype=np.float32)
    for row, found in enumerate(sets):
        present[row, [vocabulary[word] for word in found]] = 1.0
    shared = (present @ present.T).astype(np.float64)  # whole numbers, exact in float32
    sizes = np.array([len(found) for found in sets], dtype=np.float64)
    union = sizes[:, None] + sizes[None, :] - shared
    out: npt.NDArray[np.float64] = np.divide(
        shared, union, out=np.zeros_like(shared), where=union > 0
    )
    np.fill_diagonal(out, 1.0)
    return out


def similarity(texts: Sequence[str], vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """How alike every two cards are: their cosine similarity blended with their
    `word_overlap`, `WORD_WEIGHT` of it."""
    import numpy as np

    if len(texts) != vectors.shape[0]:
        raise ValueError("one vector per card")
    unit = np.asarray(vectors, dtype=np.float64)
    cosine = unit @ unit.T
    blended: npt.NDArray[np.float64] = (1 - WORD_WEIGHT) * cosine + WORD_WEIGHT * word_overlap(
        texts
    )
    return blended


def suggest(
    numbers: Sequence[int],
    texts: Sequence[str],
    vectors: npt.NDArray[np.float32],
    dismissed: Collection[frozenset[int]] = (),
    threshold: float = THRESHOLD,
) -> list[Suggestion]:
    """The suggestions for the cards ``numbers`` (display numbers), whose texts and unit
    vectors are ``texts`` and the rows of ``vectors`` in the same order; none that lies within
    a dismissed suggestion."""
    if len(numbers) != len(texts):
        raise ValueError("one text per card")
    out: list[Suggestion] = []
    for rows, score in average_link(similarity(texts, vectors), threshold):
        ideas = tuple(sorted(numbers[row] for row in rows))
        if any(frozenset(ideas) <= gone for gone in dismissed):
            continue
        out.append(Suggestion(ideas, score))
    return out


def candidates(session: Session) -> list[tuple[int, str]]:
    """The cards suggestions are made from: revealed ideas not merged into another, with
    their texts, by display number."""
    return [(idea.number, idea.text) for idea in session.votable]
