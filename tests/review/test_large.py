"""Large programmes stay quick by design: the table makes cells only for the rows on screen,
files in the export layout skip tomllib, and filters rebuild rows from data already in memory.

These count the work done instead of timing it, so they hold on any machine: a slow design
(one widget per idea, a table measuring 50,000 rows, a filter that reads the files again)
fails them. How long it takes is measured by `python3 dev.py bench` (bench/scale.py: review's
first frame at 50,000 ideas, a programme of 10,000 actions opened and filtered).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import open_files
from rmworkshop.outcomes.followup import Filter, actions, select
from rmworkshop.ui.review import cells
from rmworkshop.ui.review.app.factory import make_review
from rmworkshop.ui.review.programme_review import ProgrammeReview
from rmworkshop.ui.review.table import RowTable
from tests.review.checks import rows
from tests.review.conftest import TODAY, make_outcomes

OWNERS = ("Ana", "Bo", "Cy", "Dee")
STATUSES = ("open", "in-progress", "done", "dropped")


def _write_large(path: Path, ideas: int, title: str) -> Path:
    """An outcomes file in the export layout, written as text: building 50,000 models and
    dumping them would take longer than the test itself."""
    head, _, tail = make_outcomes(title, ideas=[]).to_toml().partition("\n[[phases]]")
    blocks = [
        f'\n[[ideas]]\nrank = {n + 1}\ntied = false\ntext = "Idea {n}: pair a leader with'
        f' a new hire for tool {n % 97}"\nvotes = {ideas - n}\nowners = [\n'
        f'    "{OWNERS[n % 4]}",\n]\ndue = 2026-12-{1 + n % 28:02d}\nstatus = "{STATUSES[n % 4]}"'
        '\nimpact = ""\nmerged = []\n'
        for n in range(ideas)
    ]
    path.write_text(head.replace("\nideas = []", "") + "".join(blocks) + "\n[[phases]]" + tail)
    return path


def counting(
    made: Counter[str], name: str, function: Callable[..., object]
) -> Callable[..., object]:
    def counted(*args: object, **kwargs: object) -> object:
        made[name] += 1
        return function(*args, **kwargs)

    return counted


def no_tomllib(*_: object) -> None:
    raise AssertionError("a file in the export layout was read with tomllib")


SCREEN_ROWS = 36
DRAWN_AT_MOST = 4 * SCREEN_ROWS
"""Cells made for one frame: the rows on screen, drawn a few times over, never every row."""


@pytest.mark.slow
async def test_fifty_thousand_ideas_make_cells_only_for_the_rows_on_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write_large(tmp_path / "large.toml", 50_000, "A very large session")
    made: Counter[str] = Counter()
    monkeypatch.setattr(outcome_files, "parse_toml", no_tomllib)
    monkeypatch.setattr(cells, "idea_text", counting(made, "cells", cells.idea_text))
    files = open_files([path])
    app = make_review(files, TODAY)
    async with app.run_test(size=(120, SCREEN_ROWS)) as pilot:
        await pilot.pause()
        assert 0 < made["cells"] <= DRAWN_AT_MOST, made
        assert len(list(app.screen.query("*"))) < 60, "no widget per idea"
        made.clear()
        await pilot.press("end")
        await pilot.pause()
        assert app.screen.query_one(RowTable).cursor == 49_999
        assert 0 < made["cells"] <= DRAWN_AT_MOST, made
        assert len(files[0].outcomes.ideas) == 50_000
        assert rows(app)[49_999][0] == "50000"


async def test_twenty_sessions_of_five_hundred_filter_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [_write_large(tmp_path / f"s{n}.toml", 500, f"Session {n}") for n in range(20)]
    made: Counter[str] = Counter()
    monkeypatch.setattr(outcome_files, "parse_toml", no_tomllib)
    monkeypatch.setattr(cells, "idea_text", counting(made, "cells", cells.idea_text))
    files = open_files(paths)
    everything = actions([file.outcomes for file in files])
    app = make_review(files, TODAY)
    async with app.run_test(size=(120, SCREEN_ROWS)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgrammeReview)
        assert len(screen.table.rows) == 10_000
        # From here on nothing may be read again: a filter works on what is in memory.
        monkeypatch.setattr(outcome_files, "read_bytes", no_tomllib)
        for wanted in (
            Filter(owner="Bo"),
            Filter(status="overdue"),
            Filter("Ana", "open"),
            Filter(),
        ):
            made.clear()
            screen._filter = wanted
            screen._apply()
            await pilot.pause()
            assert list(screen.table.rows) == select(everything, wanted, TODAY), wanted
            assert made["cells"] <= DRAWN_AT_MOST, (wanted, made)
        assert len(rows(app)) == 10_000


def test_filtering_ten_thousand_actions_looks_at_each_action_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    programme = [make_outcomes(f"S{n}") for n in range(1700)]  # about 10,000 actions
    everything = actions(programme)
    assert len(everything) >= 10_000
    today = date(2026, 12, 20)
    wanted = Filter(owner="Ana", status="overdue")
    expected = [action for action in everything if wanted.matches(action.idea, today)]
    made: Counter[str] = Counter()
    monkeypatch.setattr(Filter, "matches", counting(made, "matches", Filter.matches))
    for _ in range(10):
        assert select(everything, wanted, today) == expected
    assert made["matches"] == 10 * len(everything), "one look at each action per filter"
    made.clear()
    assert select(everything, Filter(), today) == everything
    assert made["matches"] == 0, "no filter, no looking"
