"""The programme view: every action across several sessions, overdue ones in red, filters
by owner and status, and follow-up saved to the file the action came from."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from rmworkshop.files.outcomes import open_files
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.modals import ChoiceDialog
from rmworkshop.ui.review.programme_review import ProgrammeReview
from rmworkshop.ui.review.session_review import SessionReview
from rmworkshop.ui.review.table import RowTable
from tests.review.checks import assert_only_changed, rows, text_of
from tests.review.conftest import SIZE, TODAY


async def test_every_action_with_its_session_and_the_overdue_ones_in_red(
    programme: list[Path],
) -> None:
    app = make_review(open_files(programme), TODAY)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, ProgrammeReview)
        assert text_of(app, "#programme-title") == (
            "Programme: 3 sessions, 7 actions (1 idea had no owner)   (as of 2026-12-20)"
        )
        assert text_of(app, "#programme-counts") == (
            "Actions: open 3   in-progress 1   done 2   dropped 1   overdue 2"
        )
        table = rows(app)
        assert [row[0] for row in table] == ["2026-10-05 Kick-off: how we work"] * 3 + [
            "2026-11-05 Feedback culture"
        ] * 3 + ["2026-12-05 Tools and budgets"] * 2
        assert table[0][3:] == ["Ana, Marcus", "2026-12-01", "overdue, in-progress"]
        assert table[3][3:] == ["Quinn", "2026-12-10", "overdue, open"]
        assert table[4][3:] == ["Ana", "2026-11-30", "dropped"], "dropped is never overdue"
        assert [row[-1] for row in table].count("open") == 3
        widget: RowTable[object] = app.screen.query_one(RowTable)
        late = widget._cells(widget.rows[3])  # the cells as drawn
        assert isinstance(late[-1], Text) and "red" in str(late[-1].style)
        assert "red" in str(late[-2].style)
        assert "red" not in str(widget._cells(widget.rows[4])[-2].style)
        detail = text_of(app, "#detail-body")
        assert "Session    Kick-off: how we work (2026-10-05), " + programme[0].name in detail
        assert "in-progress, overdue by 19 days" in detail


async def test_filter_by_owner_then_status_then_clear(programme: list[Path]) -> None:
    app = make_review(open_files(programme), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press(*"an", "enter")
        await pilot.pause()
        assert [row[2][:12] for row in rows(app)] == [
            "Reverse ment",
            "Async update",
            "Explain acro",
            "Quiet hours ",
        ]
        assert text_of(app, "#programme-filter").startswith("Showing 4 of 8 ideas   owner: Ana")

        await pilot.press("t")
        await pilot.press(*["down"] * 5, "enter")  # any, open, in-progress, done, dropped, overdue
        await pilot.pause()
        assert [row[2][:12] for row in rows(app)] == ["Reverse ment"]
        assert "owner: Ana   status: overdue" in text_of(app, "#programme-filter")

        await pilot.press("f", "enter")  # the list starts on the current owner
        await pilot.pause()
        await pilot.press("f", "up", "up", "enter")  # from Ana to Nobody yet to Everyone
        await pilot.pause()
        assert [row[2][:12] for row in rows(app)] == ["Reverse ment", "Junior chair"]

        await pilot.press("t", "up", "up", "enter")  # done
        await pilot.pause()
        assert [row[2][:12] for row in rows(app)] == ["Async update", "Quiet hours "]

        await pilot.press("f", *"nobody", "enter")
        await pilot.pause()
        assert rows(app) == []
        assert app.screen.query_one(RowTable).current is None

        await pilot.press("c")
        await pilot.pause()
        assert len(rows(app)) == 8
        assert text_of(app, "#programme-filter") == (
            "Showing 8 of 8 ideas   owner: anyone   status: any"
        )


async def test_follow_up_saves_to_the_file_the_action_came_from(programme: list[Path]) -> None:
    texts = [path.read_text(encoding="utf-8") for path in programme]
    app = make_review(open_files(programme), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *["down"] * 5, "enter")  # overdue only
        await pilot.pause()
        await pilot.press("down", "s", "down", "down", "enter")  # Junior chair: done
        await pilot.pause()
        assert [row[2][:12] for row in rows(app)] == ["Reverse ment"]
        assert "overdue 1" in text_of(app, "#programme-counts")
        assert rows(app)[0][2].startswith("Reverse mentoring"), "the cursor stays in the list"
    assert_only_changed(programme[1], texts[1], 0, "status", "done")
    assert programme[0].read_text(encoding="utf-8") == texts[0]
    assert programme[2].read_text(encoding="utf-8") == texts[2]


async def test_enter_opens_the_session_and_escape_comes_back(programme: list[Path]) -> None:
    texts = [path.read_text(encoding="utf-8") for path in programme]
    app = make_review(open_files(programme), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionReview)
        assert text_of(app, "#session-title").startswith("Feedback culture")
        assert app.screen.query_one(RowTable).cursor == 1
        await pilot.press("i", *"Deck template updated", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeReview)
        assert "Impact     Deck template updated" in text_of(app, "#detail-body")
    assert_only_changed(programme[1], texts[1], 1, "impact", "Deck template updated")
    assert programme[0].read_text(encoding="utf-8") == texts[0]
    assert programme[2].read_text(encoding="utf-8") == texts[2]


async def test_help_lists_the_keys_of_the_screen(programme: list[Path]) -> None:
    app = make_review(open_files(programme), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        keys = text_of(app, "#help-keys")
        for expected in (
            "Filter by owner",
            "Filter by status (or overdue)",
            "Clear the filters",
            "Open the session of this action",
            "Status",
            "Owners",
            "Due date",
            "Impact",
            "Reload",
            "Quit",
        ):
            assert expected in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgrammeReview)
