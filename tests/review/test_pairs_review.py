"""Mentoring pairs in review: a round trip from export through validate and an edit in the
review console back to validate, and a programme showing every session's pairs."""

from __future__ import annotations

import difflib
from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.exporting import session_outcomes, write_outcomes
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import open_files
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.modals import ChoiceDialog, TextDialog
from rmworkshop.ui.review.pairs import PairsTable
from rmworkshop.ui.review.programme_review import ProgrammeReview
from tests.helpers import assert_ok, call_cli, go_to
from tests.pairs_data import kickoff_agenda, kickoff_roster
from tests.review.conftest import SIZE, TODAY


def exported(folder: Path, name: str, history: list[Path] | None = None) -> Path:
    """A kickoff session taken to its pairs phase and exported, as `export -o` writes it."""
    clock = FakeClock(1_795_000_000.0)
    groups = [p.people for path in history or [] for p in outcome_files.load(path).pairs]
    with SessionStore.create(
        folder / f"{name}.workshop",
        kickoff_agenda(),
        "kickoff",
        clock,
        roster=kickoff_roster(),
        seed=5,
        history=groups,
    ) as store:
        go_to(store, "pairs")
        outcomes, _ = session_outcomes(store, clock.now())
    path = folder / f"{name}.toml"
    write_outcomes(outcomes, path, with_markdown=False)
    return path


async def test_export_validate_review_edit_validate(tmp_path: Path) -> None:
    path = exported(tmp_path, "kickoff")
    assert_ok(call_cli("validate", path))
    before = path.read_text("utf-8")
    first = outcome_files.load(path).pairs[0]
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#pairs", PairsTable)
        assert len(table.rows) == 6
        table.focus()
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # open, met
        await pilot.press("i")
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Weekly on Fridays", "enter")
        await pilot.pause()
    assert_ok(call_cli("validate", path))
    after = outcome_files.load(path).pairs[0]
    assert (after.status, after.impact) == ("met", "Weekly on Fridays")
    assert (after.mentors, after.mentees) == (first.mentors, first.mentees)
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), path.read_text("utf-8").splitlines())
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-status = "open"',
        '-impact = ""',
        '+status = "met"',
        '+impact = "Weekly on Fridays"',
    ]


async def test_a_programme_shows_both_sessions_pairs(tmp_path: Path) -> None:
    first = exported(tmp_path, "first")
    second = exported(tmp_path, "second", history=[first])
    met = [set(p.people) for p in outcome_files.load(first).pairs]
    for pair in outcome_files.load(second).pairs:
        assert not any({a, b} <= old for a in pair.mentors for b in pair.mentees for old in met)
    app = make_review(open_files([first, second]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeReview)
        table = app.screen.query_one("#pairs", PairsTable)
        assert [(row.file, row.index) for row in table.rows] == [
            (file, index) for file in (0, 1) for index in range(6)
        ]
        table.focus()
        await pilot.press("end", "s", "end", "enter")  # the last pair of the second: ended
        await pilot.pause()
    assert outcome_files.load(second).pairs[-1].status == "ended"
    assert outcome_files.load(first).pairs[-1].status == "open"


async def test_a_pair_impact_note_set_then_cleared_leaves_the_file_as_exported(
    tmp_path: Path,
) -> None:
    path = exported(tmp_path, "kickoff")
    before = path.read_bytes()
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#pairs", PairsTable).focus()
        await pilot.press("i", *"Weekly on Fridays", "enter")
        await pilot.pause()
        assert outcome_files.load(path).pairs[0].impact == "Weekly on Fridays"
        await pilot.press("i", "ctrl+u", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TextDialog)
    assert path.read_bytes() == before
