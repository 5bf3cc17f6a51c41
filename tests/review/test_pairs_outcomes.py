"""Mentoring pairs in outcomes files: version 2 with [[pairs]], version 1 still read."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from rmworkshop.core.errors import BadFile
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes.quickload import quick_load
from rmworkshop.outcomes.schema import Outcomes, parse
from rmworkshop.outcomes.summary import markdown
from tests.review.conftest import make_outcomes
from tests.review.test_markdown_golden import GOLDEN, check_golden

PAIRS: list[dict[str, Any]] = [
    {
        "mentors": ["Ana"],
        "mentees": ["Eve"],
        "topics": ["AI tools"],
        "status": "met",
        "impact": "Eve now drafts with an assistant",
    },
    {"mentors": ["Bo"], "mentees": ["Max", "Quinn"], "topics": ["TikTok", "hiring"]},
    {"mentors": ["Cy"], "mentees": ["Dev"], "topics": [], "status": "ended"},
]
FAIRNESS = {
    "groups": 3,
    "crossing_two_levels": 0.667,
    "learners": 3,
    "learns_met": 0.667,
    "repeats": 0,
    "repeats_avoided": 2,
}


def with_pairs() -> Outcomes:
    data = make_outcomes().model_dump()
    return Outcomes.model_validate({**data, "pairs": PAIRS, "pairing": FAIRNESS})


def test_the_golden_file_with_pairs_reads_and_writes_back_unchanged() -> None:
    text = (GOLDEN / "pairs-outcomes.toml").read_text(encoding="utf-8")
    outcomes = parse(Path("pairs-outcomes.toml"), text, tomllib.loads(text))
    assert outcomes == with_pairs()
    assert outcomes.version == 2
    assert [pair.status for pair in outcomes.pairs] == ["met", "open", "ended"]
    assert outcomes.to_toml() == text
    assert quick_load(text) == outcomes, "export's own layout takes the quick path"


def test_export_writes_the_golden_layout() -> None:
    check_golden("pairs-outcomes.toml", with_pairs().to_toml())


def test_the_summary_lists_the_pairs_and_their_fairness() -> None:
    text = markdown(with_pairs())
    check_golden("pairs-session.md", text)
    assert "| Bo | Max, Quinn | TikTok, hiring | open |" in text
    assert "- **Ana, Eve**: Eve now drafts with an assistant" in text
    assert "- Pairs crossing two or more levels: 67%" in text


def test_a_session_without_pairs_writes_no_pairs_key() -> None:
    assert "pairs" not in make_outcomes().to_toml()
    assert "Mentoring pairs" not in markdown(make_outcomes())


def test_version_1_files_still_load(tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    path.write_text(make_outcomes().to_toml().replace("version = 2", "version = 1"), "utf-8")
    outcomes = outcome_files.load(path)
    assert (outcomes.version, outcomes.pairs) == (1, [])
    assert outcomes.ideas == make_outcomes().ideas


def test_pairs_in_a_version_1_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    path.write_text(with_pairs().to_toml().replace("version = 2", "version = 1"), "utf-8")
    with pytest.raises(BadFile, match="pairs: mentoring pairs need version = 2"):
        outcome_files.load(path)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('status = "met"', 'status = "done"', "pairs[0].status"),
        ('mentors = [\n    "Cy",\n]', "mentors = []", "pairs[2].mentors"),
        ("repeats = 0", "repeats = -1", "pairing.repeats"),
    ],
)
def test_bad_pairs_name_their_key(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    text = with_pairs().to_toml()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(BadFile, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        outcome_files.load(path)
