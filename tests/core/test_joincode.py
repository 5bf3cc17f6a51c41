"""Join codes: easy to read aloud, checked by digest, and wrong guesses slowed down."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core import joincode


def test_codes_avoid_characters_that_look_alike() -> None:
    codes = {joincode.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code), code


def test_case_spaces_and_dashes_do_not_matter() -> None:
    expected = joincode.digest("K7P-Q3M")
    for typed in ("K7P-Q3M", "k7pq3m", " k7p q3m ", "K7P—Q3M", "k-7-p-q-3-m"):
        assert joincode.matches(typed, expected), typed
    for typed in ("K7P-Q3N", "", "K7P-Q3", "K7P-Q3MM"):
        assert not joincode.matches(typed, expected), typed


def test_the_digest_does_not_contain_the_code() -> None:
    digest = joincode.digest("K7P-Q3M")
    assert "K7P" not in digest.upper()
    assert len(digest) == 64


def test_waits_double_up_to_a_cap() -> None:
    waits = [joincode.delay_after(n) for n in range(8)]
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


@given(st.integers(min_value=-5, max_value=10_000))
def test_waits_never_exceed_the_cap_and_never_shrink(failures: int) -> None:
    wait = joincode.delay_after(failures)
    assert 0 <= wait <= joincode.MAX_DELAY_SECONDS
    assert joincode.delay_after(failures + 1) >= wait
