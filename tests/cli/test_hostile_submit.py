"""Every hostile input in the shared corpus through ``rmworkshop submit``.

Each is either stored exactly as `clean` makes it (shown literally afterwards), or refused
with exit code 2 and one line; never a traceback.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from rmworkshop.core.text import MAX_IDEA_CHARS, clean
from tests.helpers import assert_ok, assert_refused, call_cli, corpus, dump, hostile_inputs

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def submit(session: Path, text: str) -> subprocess.CompletedProcess[str]:
    """Through argv when argv can carry it, else through standard input."""
    if "\x00" in text or text.startswith("-"):
        return call_cli("submit", session, "-", stdin=text)
    return call_cli("submit", session, text)


def accepted(text: str) -> bool:
    cleaned = clean(text)
    return bool(cleaned) and len(cleaned) <= MAX_IDEA_CHARS


@pytest.fixture
def capturing(session_file: Path) -> Path:
    assert_ok(call_cli("next", session_file))
    assert_ok(call_cli("next", session_file))
    return session_file


def test_the_corpus_has_both_kinds_of_input() -> None:
    inputs = corpus()
    assert any(accepted(text) for text in inputs)
    assert any(not accepted(text) for text in inputs)
    assert any("\x00" in text for text in inputs), "some input needs standard input"


def test_every_hostile_input_is_stored_literally_or_refused(capturing: Path) -> None:
    expected: list[str] = []
    for text in hostile_inputs():
        result = submit(capturing, text)
        assert "Traceback" not in result.stderr, (text, result.stderr)
        if accepted(text):
            assert_ok(result)
            expected.append(clean(text))
        else:
            before = dump(capturing)
            line = assert_refused(result)
            assert "blank" in line or str(MAX_IDEA_CHARS) in line, (text, line)
            assert dump(capturing) == before
    assert expected, "some corpus input is accepted"

    assert assert_ok(call_cli("reveal", capturing)) == f"Revealed {len(expected)} ideas.\n"
    stored = json.loads(assert_ok(call_cli("ideas", capturing, "--json")))
    assert sorted(item["text"] for item in stored) == sorted(expected)

    # The plain listing shows the same characters, with no escape or control character.
    listing = assert_ok(call_cli("ideas", capturing))
    assert not CONTROLS.search(listing), repr(listing)
    for text in expected:
        assert text in listing, text


def test_each_refusal_names_its_reason(capturing: Path) -> None:
    assert_refused(submit(capturing, ""), "blank")
    assert_refused(submit(capturing, "\x1b]0;window title hijack\x07"), "blank")
    assert_refused(submit(capturing, "x" * 501), "at most 500", "501")
    assert_ok(submit(capturing, "x" * 500))


def test_standard_input_is_read_whole_and_cleaned(capturing: Path) -> None:
    assert_ok(call_cli("submit", capturing, "-", stdin="first line\nsecond\x00line\r\n"))
    assert_ok(call_cli("submit", capturing, "-", stdin="- starts with a dash"))
    assert_ok(call_cli("reveal", capturing))
    stored = json.loads(assert_ok(call_cli("ideas", capturing, "--json")))
    assert sorted(item["text"] for item in stored) == [
        "- starts with a dash",
        "first line secondline",
    ]


def test_invalid_utf8_on_standard_input_exits_2(capturing: Path) -> None:
    before = dump(capturing)
    result = call_cli("submit", capturing, "-", stdin=b"caf\xe9 \xff\xfe idea\n")
    assert_refused(result, "not UTF-8")
    assert dump(capturing) == before
