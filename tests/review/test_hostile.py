"""Participant text in an outcomes file, and text a leader types, is shown literally:
markup stays as typed, escape sequences never reach the terminal, and nothing runs."""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.widgets import Input

from rmworkshop.core.text import clean
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import open_files
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.session_review import SessionReview
from rmworkshop.ui.review.table import RowTable
from tests.helpers import hostile_inputs
from tests.review.checks import rows, text_of
from tests.review.conftest import SIZE, TODAY, idea, make_outcomes, write
from tests.ui.pilot_helpers import Drawn, squeezed, wait_until

MARKUP = "[b]x[/b] [@click=app.quit]q[/] [link=https://example.com]click[/link]"
LONG_NOTE = 200
"""A note longer than this may not fit the detail panel at once; its end must still be drawn."""


def _hostile_file(path: Path) -> Path:
    texts = hostile_inputs()
    ideas = [
        idea(
            n + 1,
            text,
            0,
            owners=[texts[(n + 1) % len(texts)], MARKUP],
            impact=texts[(n + 2) % len(texts)],
            first_step=MARKUP,
            merged=[text],
        )
        for n, text in enumerate(texts)
    ]
    return write(path, make_outcomes(title=MARKUP, ideas=ideas))


def _drawn(app: App[Any]) -> list[list[Segment]]:
    """Every segment the table draws on screen, as the terminal would receive it."""
    table = app.screen.query_one(RowTable)
    return [list(table.render_line(y)) for y in range(table.size.height)]


def _assert_inert(lines: list[list[Segment]]) -> None:
    for line in lines:
        for segment in line:
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in segment.text), segment
            style = segment.style
            assert style is None or (not style.link and not (style.meta or {}).get("@click"))


def _impact_drawn(app: App[Any], wanted: str) -> bool:
    """The detail, scrolled to its end, draws the impact note as typed. A note too long for
    the panel is drawn up to its last character."""
    app.screen.query_one("#detail").scroll_end(animate=False, immediate=True)
    on_screen = squeezed(Drawn(app).text("#detail"))
    return wanted in on_screen or (
        len(wanted) > LONG_NOTE and on_screen.endswith(wanted[-LONG_NOTE:])
    )


async def test_hostile_ideas_owners_and_notes_are_shown_as_typed(tmp_path: Path) -> None:
    path = _hostile_file(tmp_path / "hostile.toml")
    texts = hostile_inputs()
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        shown = rows(app)
        assert len(shown) == len(texts)
        for row, text in zip(shown, texts, strict=True):
            expected = " ".join(clean(text).split())
            assert row[1].startswith(expected), (row[1], text)
            assert row[3].endswith(MARKUP)
        drawn = _drawn(app)
        _assert_inert(drawn)
        screen_text = "\n".join("".join(s.text for s in line) for line in drawn)
        assert "[bold]not bold[/bold]" in screen_text
        assert "[@click=app.quit]quit th" in screen_text
        assert text_of(app, "#session-title").startswith(MARKUP)
        for index in range(len(texts)):
            app.screen.query_one(RowTable).move_to(index)
            await pilot.pause()
            detail = text_of(app, "#detail-body")
            assert "\x1b" not in detail and "\x07" not in detail
            assert f"First step {MARKUP}" in detail
            # The top of the detail, as drawn: the idea itself, and nothing live in it.
            app.screen.query_one("#detail").scroll_home(animate=False, immediate=True)
            await pilot.pause()
            top = Drawn(app)
            idea_line = squeezed(f"Idea {' '.join(clean(texts[index]).split())}")[:40]
            assert idea_line in squeezed(top.text("#detail")), top.text("#detail")
            top.assert_inert()
            # The impact note is the detail's last line: scroll to it and read what is drawn,
            # once the detail has been laid out again for this idea.
            impact = " ".join(clean(texts[(index + 2) % len(texts)]).split())
            wanted = squeezed(f"Impact {impact or 'none yet (i adds a note)'}")
            with suppress(AssertionError):
                await wait_until(pilot, partial(_impact_drawn, app, wanted))
            screen = Drawn(app)
            assert _impact_drawn(app, wanted), (impact, screen.text("#detail"))
            screen.assert_inert()
        # Clicking where the markup is drawn does nothing but select the row.
        await pilot.click(RowTable, offset=(20, 4))
        await pilot.click(RowTable, offset=(70, 4))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, SessionReview)


async def test_an_impact_note_typed_with_markup_is_saved_and_shown_as_typed(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "o.toml", make_outcomes())
    typed = "[@click=app.quit]q [b]x[/b] [red]not red[/]"
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", *typed, "enter")
        await pilot.pause()
        assert f"Impact     {typed}" in text_of(app, "#detail-body")
        await pilot.press("o", *"[@click=app.quit]Ana", "enter")
        await pilot.pause()
        assert rows(app)[0][3] == "[@click=app.quit]Ana"
        _assert_inert(_drawn(app))
        await pilot.click("#detail", offset=(15, 9))
        await pilot.pause()
        assert app.is_running
        notes = [n for n in app._notifications]
        assert notes and all(not n.markup for n in notes)
    saved = outcome_files.load(path).ideas[0]
    assert (saved.impact, saved.owners) == (typed, ["[@click=app.quit]Ana"])


ESCAPES = "\x1b[31mRED\x1b[0m bell\x07 \x1b]0;PWNED\x07 done\nsecond line"


async def test_editors_prefill_without_escape_sequences(tmp_path: Path) -> None:
    ideas = [idea(1, "Escapes in the file", 3, owners=[ESCAPES, "Ben"], impact=ESCAPES)]
    path = write(tmp_path / "escapes.toml", make_outcomes(ideas=ideas))
    before = path.read_bytes()
    app = make_review(open_files([path]), TODAY)
    async with app.run_test(size=SIZE) as pilot:
        for key, expected in (
            ("i", "RED bell done second line"),
            ("o", "RED bell done second line, Ben"),
        ):
            await pilot.press(key)
            value = app.screen.query_one(Input).value
            assert value == expected, repr(value)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SessionReview)
    assert path.read_bytes() == before
