"""`rmworkshop suggest` and `rmworkshop unmerge`: refused before the reveal, JSON best first,
merges undone until the first ballot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import assert_ok, assert_refused, call_cli, hostile_inputs, run_cli

ALIKE = (
    "Publish salary bands for every role",
    "publish pay bands for all roles",
    "Leaders, talk about your mistakes openly",
    "Leaders should talk openly about their own mistakes",
    "Better coffee in the kitchen",
    "More bike parking at the office",
)


def _collecting(session: Path, ideas: tuple[str, ...] | list[str] = ALIKE) -> None:
    assert_ok(call_cli("start", session))
    assert_ok(call_cli("next", session))
    for text in ideas:
        assert call_cli("submit", session, text).returncode in (0, 2)


def test_suggest_is_refused_before_the_reveal(session_file: Path) -> None:
    _collecting(session_file)
    line = assert_refused(call_cli("suggest", session_file, "--json"), "after the reveal")
    assert "salary" not in line


def test_suggest_lists_the_alike_cards_best_first_as_json(session_file: Path) -> None:
    _collecting(session_file)
    assert_ok(call_cli("reveal", session_file))
    ideas = json.loads(assert_ok(call_cli("ideas", session_file, "--json")))
    number = {item["text"]: item["number"] for item in ideas}
    found = json.loads(assert_ok(run_cli("suggest", session_file, "--json")))
    groups = [sorted(item["ideas"]) for item in found]
    assert sorted([number[ALIKE[0]], number[ALIKE[1]]]) in groups
    assert sorted([number[ALIKE[2]], number[ALIKE[3]]]) in groups
    assert all(0.0 <= item["score"] <= 1.0 for item in found)
    assert [item["score"] for item in found] == sorted(
        (item["score"] for item in found), reverse=True
    )
    text = assert_ok(call_cli("suggest", session_file))
    assert ALIKE[0] in text and "alike" in text


def test_unmerge_brings_the_cards_back_until_the_first_ballot(session_file: Path) -> None:
    _collecting(session_file)
    assert_ok(call_cli("reveal", session_file))
    assert_ok(call_cli("merge", session_file, "1", "2", "3"))
    out = assert_ok(call_cli("unmerge", session_file, "1"))
    assert "#2, #3" in out
    ideas = json.loads(assert_ok(call_cli("ideas", session_file, "--json")))
    assert [item["number"] for item in ideas] == [1, 2, 3, 4, 5, 6]
    assert_refused(call_cli("unmerge", session_file, "1"), "Nothing was merged into idea #1")
    assert_refused(call_cli("unmerge", session_file, "x"), "not an idea number")


def test_suggest_on_hostile_cards_does_not_crash_and_prints_them_safely(
    session_file: Path,
) -> None:
    _collecting(session_file, hostile_inputs())
    assert_ok(call_cli("reveal", session_file))
    json.loads(assert_ok(call_cli("suggest", session_file, "--json")))
    text = assert_ok(call_cli("suggest", session_file))
    assert "\x1b" not in text and "\x07" not in text


def test_a_model_that_cannot_load_is_one_line_and_exit_2(
    session_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rmworkshop.suggestions import ModelUnavailable, model

    def broken() -> model.Embedder:
        raise ModelUnavailable(model.UNAVAILABLE)

    monkeypatch.setattr(model, "embedder", broken)
    _collecting(session_file)
    assert_ok(call_cli("reveal", session_file))
    assert_refused(call_cli("suggest", session_file), "could not be loaded")
    assert_ok(call_cli("merge", session_file, "1", "2"))
