"""Participant text is stored and shown literally: escapes and controls go, markup stays."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import (
    MAX_IDEA_CHARS,
    MAX_NAME_CHARS,
    clean,
    clean_idea,
    clean_name,
    idea_count,
)
from tests.helpers import corpus

BIDI_CONTROLS = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def hostile_inputs() -> list[str]:
    return corpus()


def assert_displayable(text: str) -> None:
    assert "\x1b" not in text
    assert not [c for c in text if unicodedata.category(c) == "Cc"], repr(text)
    assert not BIDI_CONTROLS & set(text), repr(text)
    assert text == text.strip()


def test_corpus_is_present_and_non_trivial() -> None:
    inputs = hostile_inputs()
    assert len(inputs) >= 20
    assert any("\x1b" in item for item in inputs)


@pytest.mark.parametrize("raw", hostile_inputs())
def test_every_hostile_input_is_cleaned_or_refused(raw: str) -> None:
    try:
        idea = clean_idea(raw)
    except Refused as refusal:
        message = str(refusal)
        assert "blank" in message or str(MAX_IDEA_CHARS) in message
        assert clean(raw) == "" or len(clean(raw)) > MAX_IDEA_CHARS
        return
    assert_displayable(idea)
    assert 0 < len(idea) <= MAX_IDEA_CHARS
    # Markup brackets are never eaten or escaped: they are shown as typed.
    assert idea.count("[") == raw.count("[") - raw.count("\x1b[")
    assert idea.count("]") == raw.count("]") - raw.count("\x1b]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mred via ANSI\x1b[0m", "red via ANSI"),
        ("\x1b]0;window title hijack\x07rest", "rest"),
        ("\x1b]0;title\x1b\\after", "after"),
        ("\x1b[2J\x1b[H cleared screen", "cleared screen"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("line one\nline two", "line one line two"),
        ("crlf\r\nline", "crlf  line"),
        ("tab\there and bell\x07", "tab here and bell"),
        ("nul\x00byte", "nulbyte"),
        ("right-to-left \u202eevil\u202c text", "right-to-left evil text"),
        ("isolate \u2066x\u2069", "isolate x"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("[bold]not bold[/bold]", "[bold]not bold[/bold]"),
        ("[@click=app.quit]quit the facilitator[/]", "[@click=app.quit]quit the facilitator[/]"),
        ("\\[escaped] markup \\", "\\[escaped] markup \\"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("  padded  ", "padded"),
        ("e\u0301", "\u00e9"),
    ],
)
def test_clean_examples(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_osc_title_sequence_is_removed_whole() -> None:
    cleaned = clean("before\x1b]0;window title hijack\x07after")
    assert cleaned == "beforeafter"
    assert "title" not in cleaned
    assert "0;" not in cleaned


def test_emoji_with_zero_width_joiner_is_kept() -> None:
    text = "emoji \U0001f642\U0001f469\U0001f3fd\u200d\U0001f4bb and CJK \u6539\u5584\u63d0\u6848"
    assert clean_idea(text) == text
    assert "\u200d" in clean_idea(text)


@pytest.mark.parametrize(
    "blank", ["", "   ", "\n\t", "\x1b[0m", "\x1b]0;only a title\x07", "\u200b"]
)
def test_blank_ideas_are_refused(blank: str) -> None:
    with pytest.raises(Refused, match="blank"):
        clean_idea(blank)


def test_idea_length_limit_is_500_characters() -> None:
    assert clean_idea("x" * MAX_IDEA_CHARS) == "x" * MAX_IDEA_CHARS
    assert MAX_IDEA_CHARS == 500
    with pytest.raises(Refused, match="at most 500 characters; this one has 501"):
        clean_idea("x" * (MAX_IDEA_CHARS + 1))


def test_idea_length_counts_after_cleaning() -> None:
    # Escape sequences do not count towards the limit; what is stored does.
    assert len(clean_idea("\x1b[1m" + "y" * 500 + "\x1b[0m")) == 500


def test_names_are_cleaned_and_squeezed() -> None:
    assert clean_name("  Ana \t\n Lopez\x1b[31m ") == "Ana Lopez"
    assert clean_name("[b]Bo[/b]") == "[b]Bo[/b]"
    assert clean_name("n" * MAX_NAME_CHARS) == "n" * MAX_NAME_CHARS
    with pytest.raises(Refused, match="at most 40"):
        clean_name("n" * (MAX_NAME_CHARS + 1))
    with pytest.raises(Refused, match="blank"):
        clean_name(" \x07 ")


# -- properties ------------------------------------------------------------------------------

_HOSTILE_PIECES = st.sampled_from(
    [
        "\x1b",
        "[",
        "]",
        "\\",
        "\x07",
        "\x9b",
        "\x9c",
        "\x9d",
        "\x90",
        "\x85",
        "\r",
        "\n",
        "\t",
        " ",
        "0",
        ";",
        "m",
        "P",
        "a",
        "e",
        "\u0301",
        "\u202e",
        "\u2067",
        "\u200d",
        "\u200b",
        "\u2028",
        "\U0001f642",
        "[b]",
        "[/]",
    ]
)
ANY_TEXT = st.text() | st.lists(_HOSTILE_PIECES, max_size=40).map("".join)


@given(ANY_TEXT)
def test_clean_never_leaves_controls_or_escapes(raw: str) -> None:
    assert_displayable(clean(raw))


@given(ANY_TEXT)
def test_clean_is_idempotent(raw: str) -> None:
    once = clean(raw)
    assert clean(once) == once


@given(ANY_TEXT)
def test_clean_idea_accepts_or_refuses_but_never_crashes(raw: str) -> None:
    try:
        idea = clean_idea(raw)
    except Refused:
        assert not clean(raw) or len(clean(raw)) > MAX_IDEA_CHARS
    else:
        assert idea == clean(raw)
        assert 0 < len(idea) <= MAX_IDEA_CHARS


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_printable_ascii_is_kept_exactly(raw: str) -> None:
    # Brackets, backslashes and the rest are never interpreted or escaped.
    assert clean(raw) == raw.strip()


# -- what must survive cleaning ---------------------------------------------------------------

KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d", *map(chr, range(0xE0020, 0xE0080))}
"""Invisible format characters that stay: ZWNJ and ZWJ, and the tags of subdivision flags."""
DRAWS_NOTHING = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"}
"""Letters and marks that draw nothing, so they could make a name look blank or like another."""


def test_every_invisible_format_character_is_removed() -> None:
    """Checked against the whole Unicode database, so a new Python with new ones fails here."""
    kept = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Cf"
        and chr(code) not in KEPT_FORMAT_CHARACTERS
        and clean(f"a{chr(code)}b") != "ab"
    ]
    assert kept == []
    for blank in DRAWS_NOTHING:
        assert clean(f"a{blank}b") == "ab"


@pytest.mark.parametrize(
    "introducer", ["\x90", "\x98", "\x9d", "\x9e", "\x9f", "\x1b]", "\x1bP", "\x1bX", "\x1b_"]
)
def test_a_string_introducer_with_no_end_does_not_swallow_the_rest(introducer: str) -> None:
    assert clean(f"Pay juniors more {introducer}for real, and the rest matters") == (
        "Pay juniors more for real, and the rest matters"
    )
    assert clean(f"{introducer}hello world") in ("hello world", "ello world")


@pytest.mark.parametrize(
    "look_alike", ["Ana\u00ad", "Ana\u2064", "A\u034fna", "Ana\u180e", "Ana\ufff9", "Ana\U000e0001"]
)
def test_names_that_only_look_alike_become_the_same_name(look_alike: str) -> None:
    assert clean_name(look_alike) == "Ana"


@pytest.mark.parametrize("blank", ["\u3164", "\u115f\u1160", "\u2800", "\u00ad", "\u2064 \u3164"])
def test_names_that_draw_nothing_are_refused(blank: str) -> None:
    with pytest.raises(Refused, match="blank"):
        clean_name(blank)


VISIBLE = st.characters(
    categories=["L", "M", "N", "P", "S", "Zs"],
    exclude_characters="".join(DRAWS_NOTHING) + "\u2800",
)


@given(st.text(alphabet=VISIBLE, max_size=60), st.text(alphabet=VISIBLE, max_size=60))
def test_visible_text_is_kept_around_anything_removed(before: str, after: str) -> None:
    """Cleaning removes what is invisible and nothing a person can see."""
    expected = unicodedata.normalize("NFC", before + after).strip()
    for removed in ("", "\x1b[31m", "\x9d", "\x98", "\x1b]0;title\x07", "\u202e", "\u00ad"):
        assert clean(before + removed + after) == expected, repr(removed)


@given(st.text(max_size=MAX_IDEA_CHARS + 20))
def test_the_count_under_a_box_says_too_long_exactly_when_the_idea_is_refused_as_too_long(
    typed: str,
) -> None:
    line, over = idea_count(typed)
    assert line.startswith(f"{len(clean(typed))}/{MAX_IDEA_CHARS}")
    try:
        clean_idea(typed)
        refused_as_long = False
    except Refused as refusal:
        refused_as_long = "at most" in str(refusal)
    assert over == refused_as_long


def test_the_count_says_by_how_many_an_idea_is_too_long() -> None:
    assert idea_count("  a\x1b[31mb  ") == (f"2/{MAX_IDEA_CHARS}", False)
    assert idea_count("🙂" * (MAX_IDEA_CHARS + 2)) == (
        f"{MAX_IDEA_CHARS + 2}/{MAX_IDEA_CHARS}: 2 too many",
        True,
    )
