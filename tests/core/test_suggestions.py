"""The grouping rule of merge suggestions: average-link over the cards' similarity (cosine
blended with word overlap), a threshold, best first, dismissed suggestions left out."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from rmworkshop.core.suggestions import (
    WORD_WEIGHT,
    Suggestion,
    average_link,
    similarity,
    suggest,
    word_overlap,
    words,
)

COSINE = 1 - WORD_WEIGHT
"""What a cosine similarity counts for between cards that share no word."""


def unit(*rows: list[float]) -> npt.NDArray[np.float32]:
    vectors = np.array(rows, dtype=np.float32)
    out: npt.NDArray[np.float32] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return out


# Two cards nearly alike, a third close to the first two, one unlike any; their texts share no
# word, so only the vectors count.
CARDS = unit([1, 0, 0], [0.98, 0.2, 0], [0.8, 0.6, 0], [0, 0, 1])
TEXTS = ["alpha", "beta", "gamma", "delta"]


def test_alike_cards_are_grouped_and_the_unlike_one_is_left_alone() -> None:
    found = suggest([11, 12, 13, 14], TEXTS, CARDS, threshold=0.7 * COSINE)
    assert [item.ideas for item in found] == [(11, 12, 13)]
    assert 0.7 * COSINE <= found[0].score <= 1.0


def test_the_threshold_is_on_the_average_not_the_closest_pair() -> None:
    found = suggest([11, 12, 13, 14], TEXTS, CARDS, threshold=0.9 * COSINE)
    assert [item.ideas for item in found] == [(11, 12)], "13 is too far from 11 on average"


def test_most_alike_first_with_average_similarity_as_score() -> None:
    vectors = unit([1, 0, 0, 0], [0.9, 0.44, 0, 0], [0, 0, 1, 0], [0, 0, 0.99, 0.1])
    found = suggest([1, 2, 3, 4], TEXTS, vectors, threshold=0.5 * COSINE)
    assert [item.ideas for item in found] == [(3, 4), (1, 2)]
    assert found[0].score == pytest.approx(COSINE * float(vectors[2] @ vectors[3]), abs=1e-6)
    assert found[0].as_data() == {"ideas": [3, 4], "score": round(found[0].score, 3)}


def test_average_link_merges_groups_by_their_average_similarity() -> None:
    similarity = np.array(
        [
            [1.0, 0.9, 0.6, 0.0],
            [0.9, 1.0, 0.2, 0.0],
            [0.6, 0.2, 1.0, 0.0],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )
    [(rows, score)] = average_link(similarity, 0.5)
    assert rows == [0, 1]
    assert score == pytest.approx(0.9)
    [(rows, score)] = average_link(similarity, 0.4)
    assert rows == [0, 1, 2]
    assert score == pytest.approx((0.9 + 0.6 + 0.2) / 3)


def test_a_dismissed_suggestion_and_its_parts_never_come_back() -> None:
    numbers = [11, 12, 13, 14]
    assert suggest(numbers, TEXTS, CARDS, [frozenset({11, 12, 13})], threshold=0.49) == []
    assert suggest(numbers, TEXTS, CARDS, [frozenset({11, 12, 13, 14})], threshold=0.63) == []
    kept = suggest(numbers, TEXTS, CARDS, [frozenset({11, 14})], threshold=0.49)
    assert kept == [Suggestion((11, 12, 13), kept[0].score)]


def test_empty_and_single_cards_give_nothing_and_zero_vectors_stay_apart() -> None:
    assert suggest([], [], np.zeros((0, 3), dtype=np.float32)) == []
    assert suggest([1], ["one"], unit([1, 0, 0])) == []
    assert suggest([1, 2], ["", "🙃"], np.zeros((2, 3), dtype=np.float32)) == []


def test_shared_words_make_cards_alike_and_stop_words_do_not() -> None:
    texts = ["Publish the pay bands", "pay bands, published!", "the and of", "of the and"]
    overlap = word_overlap(texts)
    assert overlap[0, 1] == pytest.approx(2 / 4), "pay and bands shared, of four words"
    assert overlap[2, 3] == 0.0, "stop words alone share nothing"
    assert words("Don't PAY") == {"pay"}
    # Vectors that say nothing alike: the words alone bring the first two together.
    vectors = unit([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1])
    assert similarity(texts, vectors)[0, 1] == pytest.approx(WORD_WEIGHT * 0.5)
    found = suggest([1, 2, 3, 4], texts, vectors, threshold=WORD_WEIGHT * 0.5)
    assert [item.ideas for item in found] == [(1, 2)]


def test_one_text_and_one_vector_per_card() -> None:
    with pytest.raises(ValueError):
        suggest([1, 2], ["a"], unit([1, 0], [0, 1]))
    with pytest.raises(ValueError):
        suggest([1, 2], ["a", "b"], unit([1, 0]))
