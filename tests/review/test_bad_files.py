"""A damaged or unknown outcomes file: one clear line, exit code 2, and the file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_refused, call_cli
from tests.review.conftest import make_outcomes

GOOD = make_outcomes().to_toml()
BAD_FILES: dict[str, tuple[str | bytes, list[str]]] = {
    "not-toml": ('title = "unterminated\n', ["line 1", "not valid TOML"]),
    "binary": (b"\xff\xfe\x00garbage", ["not UTF-8 text"]),
    "empty": ("", ["format: not an rmworkshop outcomes file"]),
    "agenda": ('title = "An agenda"\n[[phases]]\nname = "x"\n', ["format: not an rmworkshop"]),
    "wrong-format": (GOOD.replace('"rmworkshop-outcomes"', '"rmworkshop-agenda"'), ["format:"]),
    "version-99": (GOOD.replace("version = 2", "version = 99"), ["version 99 is not supported"]),
    "version-string": (
        GOOD.replace("version = 2", 'version = "1"'),
        ["version: '1' is a string, not a version number", "written version = 2 (a whole"],
    ),
    "version-decimal": (GOOD.replace("version = 2", "version = 1.0"), ["1.0 is a decimal number"]),
    "version-boolean": (GOOD.replace("version = 2", "version = true"), ["true is a boolean"]),
    "version-missing": (GOOD.replace("version = 2\n", ""), ["version: the key is missing"]),
    "missing-field": (
        GOOD.replace("ballots = 9\n", ""),
        ["voting.ballots (line 16)", "required key is missing"],
    ),
    "missing-session": (GOOD.split("[session]")[0], ["session", "required key is missing"]),
    "wrong-type": (
        GOOD.replace("votes = 12", 'votes = "twelve"'),
        ["ideas[0].votes (line 25)", "Input should be a valid integer"],
    ),
    "wrong-date": (
        GOOD.replace("due = 2026-12-15", 'due = "15/12/2026"'),
        ["ideas[0].due (line 30)", "date"],
    ),
    "unknown-status": (
        GOOD.replace('status = "open"', 'status = "finished"', 1),
        ["ideas[0].status", "'open', 'in-progress', 'done' or 'dropped'"],
    ),
    "unknown-key": (GOOD.replace("votes = 12", "votes = 12\nvoters = 3"), ["unknown key"]),
    "duplicate-key": (
        GOOD.replace("votes = 12", "votes = 12\nvotes = 13"),
        ["line 26", "Cannot overwrite a value"],
    ),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, list[str]]:
    content, fragments = BAD_FILES[request.param]
    path = tmp_path / f"{request.param}.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path, fragments


@pytest.mark.parametrize("markdown", [False, True], ids=["console", "markdown"])
def test_a_bad_file_is_refused_in_one_line_and_left_alone(
    bad_file: tuple[Path, list[str]], markdown: bool, tmp_path: Path
) -> None:
    path, fragments = bad_file
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    args: list[str | Path] = [good, path, *(["--markdown"] if markdown else [])]
    result = call_cli("review", *args)
    line = assert_refused(result, str(path), *fragments)
    assert result.stdout == ""
    assert "Traceback" not in line
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert good.read_text(encoding="utf-8") == GOOD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["good.toml", path.name])


def test_missing_files_and_folders_are_refused(tmp_path: Path) -> None:
    assert_refused(call_cli("review", tmp_path / "nope.toml"), "nope.toml: no such file")
    assert_refused(call_cli("review", tmp_path), "is a directory")
    line = assert_refused(call_cli("review", tmp_path / "a.toml", tmp_path / "b.toml"))
    assert line.endswith("(and 1 more bad file)")


def test_review_needs_a_file() -> None:
    assert_refused(call_cli("review"), "the following arguments are required: OUTCOMES")
