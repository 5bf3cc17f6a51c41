"""Counted nouns, rank labels and minutes read the same in every console, command and summary."""

from __future__ import annotations

import pytest

from rmworkshop.core.wording import counted, file_stem, minutes, rank_label


@pytest.mark.parametrize(
    ("number", "expected"), [(0, "0 ideas"), (1, "1 idea"), (2, "2 ideas"), (-1, "-1 ideas")]
)
def test_counted_is_singular_for_exactly_one(number: int, expected: str) -> None:
    assert counted(number, "idea") == expected


def test_rank_labels_mark_a_tie() -> None:
    assert rank_label(3, tied=True) == "3="
    assert rank_label(3, tied=False) == "3"
    assert rank_label(12, tied=False, align=True) == "12 "
    assert len(rank_label(4, tied=False, align=True)) == len(rank_label(4, tied=True, align=True))


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0:00"), (59.6, "1:00"), (75, "1:15"), (4500, "75:00"), (-30, "-0:30"), (-90, "-1:30")],
)
def test_minutes_read_as_minutes_and_seconds(seconds: float, expected: str) -> None:
    assert minutes(seconds) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("team-a", "team-a"),
        ("Q3 kickoff", "Q3-kickoff"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("équipe ☕ 2", "équipe-2"),
        ("..", "session"),
        ("☕", "session"),
        ("a/b\\c:d", "a-b-c-d"),
    ],
)
def test_a_session_name_becomes_a_plain_file_name(name: str, expected: str) -> None:
    assert file_stem(name) == expected
