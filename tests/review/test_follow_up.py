"""Follow-up from the keyboard in the review console: every change is saved at once, to the
same file, and touches only the lines of the field that changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import open_files
from rmworkshop.outcomes.schema import PhaseTime
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.modals import ChoiceDialog, TextDialog
from rmworkshop.ui.review.session_review import SessionReview
from rmworkshop.ui.review.table import RowTable
from tests.review.checks import assert_only_changed, rows, text_of
from tests.review.conftest import SIZE, TODAY, idea, make_outcomes, write


async def test_change_status(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "s")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "down", "enter")  # open, in-progress, done
        await pilot.pause()
        assert isinstance(app.screen, SessionReview)
        assert rows(app)[2][-1] == "done"
        assert "Status     done" in text_of(app, "#detail-body")
    added = assert_only_changed(session_file, before, 2, "status", "done")
    assert added == ['status = "done"']


async def test_change_owners(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "o")
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one(Input).value == ""
        await pilot.press(*"Ana, Bo , Ana")
        await pilot.press("enter")
        await pilot.pause()
        assert rows(app)[3][3] == "Ana, Bo"
    added = assert_only_changed(session_file, before, 3, "owners", ["Ana", "Bo"])
    assert added == ["owners = [", '    "Ana",', '    "Bo",', "]"]


async def test_remove_owners(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert app.screen.query_one(Input).value == "Ana, Marcus"
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
    assert assert_only_changed(session_file, before, 0, "owners", []) == ["owners = []"]


async def test_change_due_date_after_a_mistake(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "d")
        await pilot.press(*"2027-02-30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog), "a bad date keeps the dialog open"
        assert text_of(app, "#dialog-error") == "2027-02-30 is not a day in the calendar."
        assert session_file.read_text(encoding="utf-8") == before
        await pilot.press("ctrl+u", *"31/03/2027", "enter")
        assert "write it as YYYY-MM-DD" in text_of(app, "#dialog-error")
        await pilot.press("ctrl+u", *"2027-03-31", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionReview)
        assert rows(app)[2][4] == "2027-03-31"
    added = assert_only_changed(session_file, before, 2, "due", date(2027, 3, 31))
    assert added == ["due = 2027-03-31"]


async def test_remove_due_date_clears_overdue(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert rows(app)[0][-1] == "overdue"
        await pilot.press("d", "ctrl+u", "enter")
        await pilot.pause()
        assert rows(app)[0][4:] == ["—", "open"]
    assert_only_changed(session_file, before, 0, "due", None)


async def test_change_impact(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "i")
        await pilot.press(*"Two retros run by interns so far")
        await pilot.press("enter")
        await pilot.pause()
        assert "Impact     Two retros run by interns so far" in text_of(app, "#detail-body")
    added = assert_only_changed(
        session_file, before, 5, "impact", "Two retros run by interns so far"
    )
    assert added == ['impact = "Two retros run by interns so far"']


async def test_change_then_clear_the_first_step(session_file: Path) -> None:
    before = session_file.read_text(encoding="utf-8")
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "p")
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one(Input).value == ""
        await pilot.press(*"  Book a room for the first retro ", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionReview)
        assert "First step Book a room for the first retro\n" in text_of(app, "#detail-body")
        said = app._notifications
        assert [n.message for n in said][-1].startswith("Saved the first step")
    step = "Book a room for the first retro"  # cleaned as the console cleans one
    added = assert_only_changed(session_file, before, 5, "first_step", step)
    assert added == [f'first_step = "{step}"']
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "p")
        assert app.screen.query_one(Input).value == step
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert [n.message for n in app._notifications][-1].startswith("Saved no first step")
    assert session_file.read_text(encoding="utf-8") == before


async def test_escape_cancels_and_nothing_is_written(session_file: Path) -> None:
    before = session_file.read_bytes()
    mtime = session_file.stat().st_mtime_ns
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("s", "o", "d", "p", "i"):
            await pilot.press(key)
            await pilot.press("x", "escape")
            await pilot.pause()
            assert isinstance(app.screen, SessionReview)
        await pilot.press("s", "enter")  # the same status again: nothing to save
        await pilot.pause()
    assert session_file.read_bytes() == before
    assert session_file.stat().st_mtime_ns == mtime


async def test_a_change_made_elsewhere_is_kept_until_reload(session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        theirs = session_file.read_text(encoding="utf-8").replace(
            'status = "open"', 'status = "dropped"', 1
        )
        session_file.write_text(theirs, encoding="utf-8")
        await pilot.press("s", "down", "enter")
        await pilot.pause()
        assert session_file.read_text(encoding="utf-8") == theirs
        messages = [n.message for n in app._notifications]
        assert any("changed by someone else" in m and "Ctrl+R" in m for m in messages)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert rows(app)[0][-1] == "dropped"
        await pilot.press("s", "up", "up", "up", "enter")  # back to open
        await pilot.pause()
    assert outcome_files.load(session_file).ideas[0].status == "open"


async def test_the_console_shows_the_whole_session(session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE):
        table = rows(app)
        assert [row[0] for row in table] == ["1", "2=", "2=", "4", "5", "6"]
        assert table[0][2:] == ["12", "Ana, Marcus", "2026-12-15", "overdue"]
        assert table[4][-1] == "dropped", "a dropped action is never overdue"
        facts = text_of(app, "#session-facts")
        assert "9 people (4 junior, 4 senior, 1 executive)" in facts
        assert "5 dots each" in facts and "9 ballots" in facts
        detail = text_of(app, "#detail-body")
        assert "open, overdue by 5 days" in detail
        assert "Merged     • Monthly tool show & tell by new joiners" in detail
        airtime = text_of(app, "#airtime-body")
        assert "Gini 0.18" in airtime and "Never spoke: 1" in airtime
        assert "Junior first: 100%" in airtime and "41%" in airtime
        timing = text_of(app, "#timing-body")
        assert "Action planning" in timing and "+2:00" in timing


async def test_a_small_terminal_switches_between_ideas_and_figures(session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.query_one("#ideas").display and not screen.query_one("#bottom").display
        await pilot.press("a")
        assert not screen.query_one("#middle").display and screen.query_one("#bottom").display
        assert screen.check_action("status", ()) is False, "no edits to an idea out of sight"
        await pilot.press("s")
        assert app.screen is screen
        await pilot.press("a", "s")
        assert isinstance(app.screen, ChoiceDialog)
    async with make_review(open_files([session_file]), TODAY).run_test(size=SIZE) as pilot:
        assert pilot.app.screen.check_action("switch_view", ()) is False, "room for both"


async def test_a_session_without_ideas_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.toml", make_outcomes(ideas=[]))
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert rows(app) == []
        assert text_of(app, "#detail-body") == "No idea selected."
        await pilot.press("s")
        assert isinstance(app.screen, SessionReview)
        assert [n.message for n in app._notifications] == ["There is no idea selected."]
    other = write(tmp_path / "other.toml", make_outcomes("Other", ideas=[]))
    app = make_review(open_files([path, other]), TODAY)
    async with app.run_test(size=SIZE):
        assert rows(app) == []
        drawn = app.screen.query_one(RowTable).render_line(1).text
        assert drawn.strip() == "No actions in these files."


async def test_wide_ranks_and_votes_fit(tmp_path: Path) -> None:
    ideas = [idea(n, f"Idea {n}", 123_456 - n) for n in range(99_998, 100_001)]
    path = write(tmp_path / "wide.toml", make_outcomes(ideas=ideas))
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE):
        drawn = app.screen.query_one(RowTable).render_line(1).text
        assert "99998 Idea 99998" in drawn and "23458" in drawn


async def test_reload_shows_ideas_added_or_removed_elsewhere(session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        fewer = make_outcomes(ideas=[idea(1, "Only one left", 3)])
        write(session_file, fewer)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert rows(app) == [["1", "Only one left", "3", "—", "—", "open"]]
        assert "Only one left" in text_of(app, "#detail-body")
        session_file.write_text("broken = [", encoding="utf-8")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert rows(app) == [["1", "Only one left", "3", "—", "—", "open"]]
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Not reloaded: ") and "not valid TOML" in m for m in messages)


PHASE_NAMES = [
    "Welcome and ground rules for everyone",
    "Silent brainstorm",
    "Junior-first share round",
    "Clustering the ideas on the wall",
    "Reveal and vote",
    "Action planning",
    "Close and thank-you round",
]


async def test_all_phases_can_be_reached_on_a_small_terminal(tmp_path: Path) -> None:
    phases = [
        PhaseTime(name=name, kind="share", planned_seconds=600, actual_seconds=630)
        for name in PHASE_NAMES
    ]
    path = write(tmp_path / "seven.toml", make_outcomes().model_copy(update={"phases": phases}))
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        bottom, body = app.screen.query_one("#bottom"), app.screen.query_one("#timing-body")
        assert body.region.bottom > bottom.region.bottom, "the test needs more than fits"
        await pilot.press("end")  # the figures have the focus, so the keys scroll them
        await pilot.pause()
        assert body.region.bottom <= bottom.region.bottom, "the Total row is in view"
        drawn = [body.render_line(y).text for y in range(body.size.height)]
        assert drawn[-1].split() == ["Total", "70:00", "73:30", "+3:30"]
        # With the whole width to itself, the phase table does not cut names short.
        assert [line.split("  ")[0] for line in drawn[1:-1]] == PHASE_NAMES, drawn


async def test_airtime_judges_each_level_and_names_the_one_over_or_under(
    tmp_path: Path,
) -> None:
    uneven = make_outcomes()
    levels = [
        level.model_copy(update={"share_of_time": share})
        for level, share in zip(uneven.airtime.levels, [0.05, 0.15, 0.8], strict=True)
    ]
    airtime = uneven.airtime.model_copy(update={"gini": 0.71, "silent": 3, "levels": levels})
    path = write(tmp_path / "uneven.toml", uneven.model_copy(update={"airtime": airtime}))
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE):
        body = text_of(app, "#airtime-body")
        names = [level.level for level in levels]
        assert f"{names[0]} had less than its share: 5% of the time for 44%" in body
        assert f"{names[1]} had less than its share: 15% of the time for 44%" in body
        assert f"{names[2]} had more than its share: 80% of the time for 11%" in body
        assert "Good: each level" not in body and "Fair:" not in body
        notes = body.splitlines()[-3:]
        assert all("good" in note.casefold() for note in notes), notes


async def test_airtime_says_fair_only_when_every_level_is(tmp_path: Path) -> None:
    path = write(tmp_path / "even.toml", make_outcomes())
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE):
        assert "Fair: every level's share of time is within 10 points" in text_of(
            app, "#airtime-body"
        )


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_the_status_column_is_never_cut(session_file: Path, width: int) -> None:
    from tests.ui.pilot_helpers import drawn_text

    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        drawn = drawn_text(app)
        assert "in-progress" in drawn, drawn
        assert "in-progres " not in drawn and "in-progre…" not in drawn


async def test_set_then_clear_leaves_the_file_as_it_was(session_file: Path) -> None:
    """Owners, due date and impact set and then emptied: the file reads as if never set."""
    before = session_file.read_bytes()
    app = make_review(open_files([session_file]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "o", *"Ana", "enter", "d", *"2027-01-10", "enter")
        await pilot.press("i", *"Two retros so far", "enter")
        await pilot.pause()
        assert rows(app)[5][3:5] == ["Ana", "2027-01-10"]
        assert outcome_files.load(session_file).ideas[5].impact == "Two retros so far"
        for key in ("o", "d", "i"):
            await pilot.press(key, "ctrl+u", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionReview), f"{key}: an empty field is accepted"
        assert rows(app)[5][3:5] == ["—", "—"]
        said = [n.message for n in app._notifications][-3:]
        assert [m.split(" in ")[0] for m in said] == [
            "Saved owners: none",
            "Saved no due date",
            "Saved no impact note",
        ]
    assert session_file.read_bytes() == before
