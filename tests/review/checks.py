"""Checks shared by the review console tests: what changed in a file, and what a screen shows."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from textual.app import App

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes import schema as outcomes
from rmworkshop.ui.review.table import RowTable
from rmworkshop.ui.widgets.literal import Literal
from tests.helpers import assert_ok, call_cli


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and added, which must all sit in one place in the file."""
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), False)
    hunks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert len(hunks) == 1, hunks
    _, i1, i2, j1, j2 = hunks[0]
    return before.splitlines()[i1:i2], after.splitlines()[j1:j2]


def assert_only_changed(
    path: Path, before_text: str, index: int, field: str, value: Any
) -> list[str]:
    """The file now has `value` for one field of one idea, and nothing else differs:
    not in the model, and not in the text outside that field's lines. Returns the new lines.
    """
    before = outcomes.parse(path, before_text, __import__("tomllib").loads(before_text))
    after = outcome_files.load(path)
    old, new = before.model_dump(), after.model_dump()
    assert new["ideas"][index].pop(field) == value
    old["ideas"][index].pop(field)
    assert new == old
    removed, added = changed_lines(before_text, path.read_text(encoding="utf-8"))
    key_lines = [line for line in removed + added if " = " in line]
    assert key_lines, (removed, added)
    assert all(line.startswith(f"{field} = ") for line in key_lines), (removed, added)
    assert_ok(call_cli("validate", path))
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    return added


def rows(app: App[Any], selector: str = "RowTable") -> list[list[str]]:
    table: RowTable[Any] = app.screen.query_one(selector, RowTable)
    return [table.plain(i) for i in range(len(table.rows))]


def text_of(app: App[Any], selector: str) -> str:
    return app.screen.query_one(selector, Literal).plain
