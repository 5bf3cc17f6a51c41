"""The grouping rule of merge suggestions: average-link over cosine similarity, a threshold,
best first, dismissed suggestions left out."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from rmworkshop.core.suggestions import Suggestion, average_link, suggest


def unit(*rows: list[float]) -> npt.NDArray[np.float32]:
    vectors = np.array(rows, dtype=np.float32)
    out: npt.NDArray[np.float32] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return out


# Two cards nearly alike, a third close to the first two, one unlike any.
CARDS = unit([1, 0, 0], [0.98, 0.2, 0], [0.8, 0.6, 0], [0, 0, 1])


def test_alike_cards_are_grouped_and_the_unlike_one_is_left_alone() -> None:
    found = suggest([11, 12, 13, 14], CARDS, threshold=0.7)
    assert [item.ideas for item in found] == [(11, 12, 13)]
    assert 0.7 <= found[0].score <= 1.0


def test_the_threshold_is_on_the_average_not_the_closest_pair() -> None:
    found = suggest([11, 12, 13, 14], CARDS, threshold=0.9)
    assert [item.ideas for item in found] == [(11, 12)], "13 is too far from 11 on average"


def test_most_alike_first_with_average_similarity_as_score() -> None:
    vectors = unit([1, 0, 0, 0], [0.9, 0.44, 0, 0], [0, 0, 1, 0], [0, 0, 0.99, 0.1])
    found = suggest([1, 2, 3, 4], vectors, threshold=0.5)
    assert [item.ideas for item in found] == [(3, 4), (1, 2)]
    assert found[0].score == pytest.approx(float(vectors[2] @ vectors[3]), abs=1e-6)
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
    assert suggest([11, 12, 13, 14], CARDS, [frozenset({11, 12, 13})], threshold=0.7) == []
    assert suggest([11, 12, 13, 14], CARDS, [frozenset({11, 12, 13, 14})], threshold=0.9) == []
    kept = suggest([11, 12, 13, 14], CARDS, [frozenset({11, 14})], threshold=0.7)
    assert kept == [Suggestion((11, 12, 13), kept[0].score)]


def test_empty_and_single_cards_give_nothing_and_zero_vectors_stay_apart() -> None:
    assert suggest([], np.zeros((0, 3), dtype=np.float32)) == []
    assert suggest([1], unit([1, 0, 0])) == []
    assert suggest([1, 2], np.zeros((2, 3), dtype=np.float32)) == []
