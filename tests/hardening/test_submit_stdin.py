"""`submit -` reads the whole of standard input, up to a stated limit, before it decides.

An idea is cleaned whole and then stored whole or refused whole: never cut at a buffer size,
never acknowledged when only part of it was stored, and a character is never split.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from rmworkshop.cli.commands import MAX_STDIN_BYTES
from rmworkshop.core.text import MAX_IDEA_CHARS, clean
from tests.cli.conftest import new_session
from tests.helpers import assert_ok, assert_refused, call_cli, dump

RESET = "\x1bc"  # "reset the terminal": two bytes that cleaning removes
OLD_BUFFER = 64 * 1024  # where standard input used to be cut


@pytest.fixture(scope="module")
def capturing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    session = new_session(tmp_path_factory.mktemp("stdin"))
    assert_ok(call_cli("next", session))
    assert_ok(call_cli("next", session))
    return session


def submit(session: Path, data: str | bytes) -> subprocess.CompletedProcess[str]:
    return call_cli("submit", session, "-", stdin=data)


def stored(session: Path) -> list[str]:
    """The texts of every idea in the file, read directly (ideas stay hidden until reveal)."""
    with sqlite3.connect(session) as db:
        return sorted(text for (text,) in db.execute("SELECT text FROM ideas"))


@pytest.mark.parametrize(
    ("reset", "count"),
    [
        (RESET, 16_400),  # as reported
        (RESET, 40_000),  # past the old 64 KiB cut
        ("\x1b[!p", 16_400),  # the soft reset, four bytes: past the cut too
        ("\x1b]0;title\x07", 10_000),  # window titles
    ],
)
def test_text_around_thousands_of_resets_is_stored_whole(
    capturing: Path, reset: str, count: int
) -> None:
    idea = f"Start of idea {count} " + reset * count + " and the end after the resets"
    assert assert_ok(submit(capturing, idea)) == "Idea received.\n"
    assert clean(idea) in stored(capturing)
    # The spaces on either side of the resets both stay.
    assert clean(idea) == f"Start of idea {count}  and the end after the resets"


def test_too_long_once_cleaned_is_refused_whole(capturing: Path) -> None:
    before = dump(capturing)
    idea = "x" * 300 + RESET * 40_000 + "y" * 300
    assert len(idea.encode()) > OLD_BUFFER
    assert_refused(submit(capturing, idea), f"at most {MAX_IDEA_CHARS}", "600")
    assert dump(capturing) == before


SPLITS = [(char, offset) for char in "é€😀" for offset in range(1, len(char.encode()))]


@pytest.mark.parametrize(("character", "offset"), SPLITS)
def test_a_character_across_any_buffer_boundary_is_kept(
    capturing: Path, character: str, offset: int
) -> None:
    # BEL is one byte and is removed: it moves the character across the old 64 KiB cut.
    for boundary in (OLD_BUFFER, 8192, 4096):
        idea = "\x07" * (boundary - offset) + f"{character} split {boundary} {offset}"
        assert_ok(submit(capturing, idea))
        assert f"{character} split {boundary} {offset}" in stored(capturing)


def test_input_over_the_limit_is_refused_with_one_line(capturing: Path) -> None:
    before = dump(capturing)
    line = assert_refused(submit(capturing, b"a" * (MAX_STDIN_BYTES + 1)), "over 1 MiB")
    assert "nothing was stored" in line
    assert dump(capturing) == before


def test_input_of_exactly_the_limit_is_read_whole(capturing: Path) -> None:
    idea = "\x07" * (MAX_STDIN_BYTES - len("at the limit")) + "at the limit"
    assert len(idea.encode()) == MAX_STDIN_BYTES
    assert_ok(submit(capturing, idea))
    assert "at the limit" in stored(capturing)


@pytest.mark.parametrize(
    "filler",
    [
        "\x9d",  # 8-bit OSC introducers that never end
        "\x1b]",  # 7-bit ones
        "\x90",  # DCS
        "\x1b[",  # CSI with nothing after
    ],
)
def test_a_megabyte_of_unended_introducers_is_cleaned_and_refused_as_blank(
    capturing: Path, filler: str
) -> None:
    # Cleaning is linear: before, each unended introducer scanned to the end of the text,
    # which took hours for a megabyte (and half a minute for 64 KiB).
    data = (filler * MAX_STDIN_BYTES).encode()[: MAX_STDIN_BYTES - 1]
    data = data.decode("utf-8", "ignore").encode()
    before = dump(capturing)
    assert_refused(submit(capturing, data), "blank")
    assert dump(capturing) == before


def test_colour_around_every_letter_is_stored_as_the_letters(capturing: Path) -> None:
    words = "colour on every letter"
    colour = "".join(f"\x1b[1;4;38;2;{n};{n};{n}m" for n in range(0, 256, 32))
    idea = "".join(f"{colour}{char}\x1b[0m" for char in words * 22)
    assert len(idea.encode()) > OLD_BUFFER
    assert_ok(submit(capturing, idea))
    assert words * 22 in stored(capturing)


def test_invalid_utf8_after_the_old_buffer_is_still_refused(capturing: Path) -> None:
    before = dump(capturing)
    data = b"\x07" * OLD_BUFFER + b"caf\xe9"
    assert_refused(submit(capturing, data), "not UTF-8")
    assert dump(capturing) == before


def test_every_stored_idea_is_shown_whole_after_reveal(capturing: Path) -> None:
    ideas_before = stored(capturing)
    assert_ok(call_cli("reveal", capturing))
    shown = json.loads(assert_ok(call_cli("ideas", capturing, "--json")))
    assert sorted(item["text"] for item in shown) == ideas_before
