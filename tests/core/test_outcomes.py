"""The outcomes file: one schema that export writes and review reads back unchanged."""

from __future__ import annotations

import os
import stat
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.text import clean
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes import schema as out
from rmworkshop.outcomes.summary import markdown, md
from tests.core.conftest import WriteFile
from tests.outcomes_builder import idea, make_outcomes

SAMPLE_IDEAS = [
    idea(
        1,
        "Monthly tool show-and-tell run by new hires",
        12,
        owners=["Ana", "Marcus"],
        due=date(2026, 12, 15),
        first_step="Book the first slot",
        merged=["Tool demos at all-hands"],
    ),
    idea(2, "[b]x[/b] | *stars* & _under_", 7, tied=True),
    idea(
        2,
        'Quote " and \\ backslash',
        7,
        tied=True,
        status="in-progress",
        impact="Two teams adopted it",
    ),
]


def sample() -> out.Outcomes:
    return make_outcomes(started=datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC), ideas=SAMPLE_IDEAS)


def reparse(model: out.Outcomes, path: Path = Path("outcomes.toml")) -> out.Outcomes:
    text = model.to_toml()
    return out.parse(path, text, tomllib.loads(text))


# -- writing and reading back ------------------------------------------------------------------


def test_round_trip_gives_an_equal_model() -> None:
    model = sample()
    again = reparse(model)
    assert again == model
    assert list(again.session.headcount) == ["junior", "senior", "executive"]
    assert [idea.text for idea in again.ideas] == [idea.text for idea in model.ideas]


def test_round_trip_without_optional_fields() -> None:
    model = sample().model_copy(
        update={
            "session": sample().session.model_copy(update={"finished": None, "headcount": {}}),
            "ideas": [],
            "phases": [],
            "airtime": out.AirtimeInfo(gini=0.0, silent=0),
        }
    )
    text = model.to_toml()
    assert "finished" not in text
    assert "junior_first_share" not in text
    assert reparse(model) == model


def test_timestamps_are_written_in_rfc3339_utc_form() -> None:
    text = sample().to_toml()
    assert "started = 2026-11-21T10:00:00Z\n" in text
    assert "finished = 2026-11-21T11:32:10Z\n" in text
    assert "due = 2026-12-15\n" in text
    assert "+00:00" not in text
    started = tomllib.loads(text)["session"]["started"]
    assert started == datetime(2026, 11, 21, 10, 0, 0, tzinfo=UTC)


def test_format_marker_and_version_come_first() -> None:
    lines = sample().to_toml().splitlines()
    assert lines[:2] == ['format = "rmworkshop-outcomes"', "version = 2"]


def test_schema_holds_no_author_or_ballot_fields() -> None:
    assert set(out.Idea.model_fields) == {
        "rank",
        "tied",
        "text",
        "votes",
        "owners",
        "due",
        "first_step",
        "status",
        "impact",
        "merged",
    }
    assert set(out.Outcomes.model_fields) == {
        "format",
        "version",
        "session",
        "voting",
        "ideas",
        "pairs",
        "pairing",
        "phases",
        "airtime",
    }
    # Pairs name people on purpose (they are not ideas or ballots); nothing else does. A pair's
    # check-in answers name who gave each: they are about the pair, never an idea or a ballot.
    assert set(out.Pair.model_fields) == {
        "mentors",
        "mentees",
        "topics",
        "status",
        "impact",
        "checked_in",
        "answers",
    }
    assert set(out.CheckinAnswer.model_fields) == {"name", "met", "going", "note"}


TEXTS = st.text(max_size=60)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    title=TEXTS,
    idea_texts=st.lists(TEXTS, max_size=4),
    owners=st.lists(TEXTS, max_size=3),
    started=st.integers(0, 4_000_000_000),
    gini=st.floats(0, 1),
    share=st.none() | st.floats(0, 1),
)
def test_round_trip_of_arbitrary_text_and_numbers(
    title: str,
    idea_texts: list[str],
    owners: list[str],
    started: int,
    gini: float,
    share: float | None,
) -> None:
    base = sample()
    model = base.model_copy(
        update={
            "session": base.session.model_copy(
                update={"title": title, "started": datetime.fromtimestamp(started, tz=UTC)}
            ),
            "ideas": [
                out.Idea(rank=1 + i, tied=False, text=text, votes=9 - i, owners=owners)
                for i, text in enumerate(idea_texts)
            ],
            "airtime": base.airtime.model_copy(update={"gini": gini, "junior_first_share": share}),
        }
    )
    assert reparse(model) == model


# -- saving ------------------------------------------------------------------------------------


def test_save_writes_a_private_file_that_loads(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.toml"
    outcome_files.write(sample(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert outcome_files.load(path) == sample()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outcomes.toml"]


def test_save_over_a_readable_file_makes_it_private(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.toml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    outcome_files.write(sample(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == sample().to_toml()


def test_a_failed_save_keeps_the_original_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "outcomes.toml"
    outcome_files.write(sample(), path)
    before = path.read_bytes()

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    changed = sample().model_copy(update={"ideas": []})
    # One line for the user (exit 2), not an internal error.
    with pytest.raises(Refused, match="No space left"):
        outcome_files.write(changed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outcomes.toml"]


def test_save_is_atomic_by_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "outcomes.toml"
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        # At the moment of the rename the whole content is already on disk.
        assert Path(source).read_text(encoding="utf-8") == sample().to_toml()
        assert stat.S_IMODE(Path(source).stat().st_mode) == 0o600
        renames.append((source, str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    outcome_files.write(sample(), path)
    assert len(renames) == 1
    assert renames[0][1] == str(path)
    assert Path(renames[0][0]).parent == tmp_path


# -- refusing bad files ------------------------------------------------------------------------


def _refused(path: Path) -> str:
    with pytest.raises(BadFile) as caught:
        outcome_files.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    return message


def test_wrong_format_marker(write_file: WriteFile) -> None:
    text = sample().to_toml().replace('"rmworkshop-outcomes"', '"something-else"')
    path = write_file("outcomes.toml", text)
    assert "not an rmworkshop outcomes file" in _refused(path)


def test_agenda_file_is_not_an_outcomes_file(write_file: WriteFile) -> None:
    path = write_file("agenda.toml", 'title = "x"\n')
    assert "format" in _refused(path)


@pytest.mark.parametrize("version", ["99", "0", '"1"', "true", "1.0"])
def test_unsupported_version(write_file: WriteFile, version: str) -> None:
    text = sample().to_toml().replace("version = 2\n", f"version = {version}\n")
    message = _refused(write_file("outcomes.toml", text))
    assert "version" in message
    assert "reads version 1" in message


def test_missing_field(write_file: WriteFile) -> None:
    text = sample().to_toml().replace("participants = 9\n", "")
    message = _refused(write_file("outcomes.toml", text))
    assert "session.participants" in message
    assert "missing" in message


def test_wrong_type(write_file: WriteFile) -> None:
    text = sample().to_toml().replace("votes = 12\n", 'votes = "twelve"\n')
    message = _refused(write_file("outcomes.toml", text))
    assert "ideas[0].votes" in message
    line = text.splitlines().index('votes = "twelve"') + 1
    assert f"(line {line})" in message


def test_unknown_status(write_file: WriteFile) -> None:
    text = sample().to_toml().replace('status = "open"', 'status = "someday"', 1)
    assert "ideas[0].status" in _refused(write_file("outcomes.toml", text))


def test_author_field_is_refused(write_file: WriteFile) -> None:
    text = sample().to_toml().replace("votes = 12\n", 'votes = 12\nauthor = "Ana"\n')
    message = _refused(write_file("outcomes.toml", text))
    assert "ideas[0].author" in message
    assert "unknown key" in message


def test_share_out_of_range(write_file: WriteFile) -> None:
    text = sample().to_toml().replace("gini = 0.18", "gini = 1.5")
    assert "airtime.gini" in _refused(write_file("outcomes.toml", text))


def test_not_toml(write_file: WriteFile) -> None:
    message = _refused(write_file("outcomes.toml", "format = \n"))
    assert "line 1" in message


# -- the Markdown summary ----------------------------------------------------------------------


def test_markdown_shows_participant_text_literally() -> None:
    summary = markdown(sample())
    assert r"\[b\]x\[/b\] \| \*stars\* \& \_under\_" in summary
    assert "[b]x[/b]" not in summary
    row = next(line for line in summary.splitlines() if "stars" in line)
    unescaped_pipes = row.replace("\\|", "").count("|")
    assert unescaped_pipes == 7, "the idea's own | must not add a table column"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[b]x[/b]", r"\[b\]x\[/b\]"),
        ("a | b", r"a \| b"),
        ("*bold* and _it_", r"\*bold\* and \_it\_"),
        ("`code`", r"\`code\`"),
        ("<script>", r"\<script\>"),
        ("&lt;b&gt; &copy;", r"\&lt;b\&gt; \&copy;"),
        ("[link](https://example.com)", r"\[link\](https://example.com)"),
        ("# heading", r"\# heading"),
        ("+ item", r"\+ item"),
        ("Priya (Legal), idea #3 + more!", "Priya (Legal), idea #3 + more!"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two lines"),
        ("plain text", "plain text"),
    ],
)
def test_md_escapes(text: str, escaped: str) -> None:
    assert md(text) == escaped


def test_markdown_lists_ranks_ties_owners_and_airtime() -> None:
    summary = markdown(sample())
    assert summary.startswith("# Cross-generational brainstorm\n")
    assert "- **Date:** 2026-11-21 10:00 UTC" in summary
    first = "| 1 | Monthly tool show-and-tell run by new hires | 12 | Ana, Marcus | 2026-12-15 |"
    assert first in summary
    assert "| 2= |" in summary
    assert "- First step: Book the first slot" in summary
    assert "| junior | 4 | 8 | 9:00 | 41% | 44% |" in summary
    assert "Gini coefficient of airtime: 0.18" in summary
    assert "Rounds opened by the most junior level: 100%" in summary
    assert "| Silent brainstorm | 10:00 | 10:55 |" in summary


def test_markdown_without_ideas() -> None:
    summary = markdown(sample().model_copy(update={"ideas": []}))
    assert "No ideas were recorded." in summary


@pytest.mark.parametrize(
    "text", ["\x1b[31mred\x1b[0m", "\x1b]0;title\x07x", "\x9b2Jx", "bidi \u202eevil\u202c"]
)
def test_md_removes_escape_sequences_a_tampered_file_may_hold(text: str) -> None:
    out = md(text)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert out == md(clean(text))
