"""Large programmes stay quick: the table draws only the rows on screen, files in the export
layout skip tomllib, and filters rebuild rows from data already in memory.

The time limits are generous, for busy shared machines; they catch a slow design (such as
one widget per idea, or a DataTable measuring 50,000 rows, which took over ten seconds),
not a slow day.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from rmworkshop.files.outcomes import open_files
from rmworkshop.outcomes.followup import Filter, actions, select
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


@pytest.mark.slow
async def test_fifty_thousand_ideas_reach_the_first_frame_quickly(tmp_path: Path) -> None:
    path = _write_large(tmp_path / "large.toml", 50_000, "A very large session")
    start = time.perf_counter()
    files = open_files([path])
    app = make_review(files, TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
        assert len(files[0].outcomes.ideas) == 50_000
        assert rows(app)[49_999][0] == "50000"
        assert len(list(app.screen.query("*"))) < 60, "no widget per idea"
        await pilot.press("end")
        assert app.screen.query_one(RowTable).cursor == 49_999
    assert elapsed < 8, f"first frame after {elapsed:.1f} s"


async def test_twenty_sessions_of_five_hundred_open_and_filter_quickly(tmp_path: Path) -> None:
    paths = [_write_large(tmp_path / f"s{n}.toml", 500, f"Session {n}") for n in range(20)]
    start = time.perf_counter()
    app = make_review(open_files(paths), TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        screen = app.screen
        assert isinstance(screen, ProgrammeReview)
        assert len(rows(app)) == 10_000
        start = time.perf_counter()
        for wanted in (
            Filter(owner="Bo"),
            Filter(status="overdue"),
            Filter("Ana", "open"),
            Filter(),
        ):
            screen._filter = wanted
            screen._apply()
            await pilot.pause()
        filtered = (time.perf_counter() - start) / 4
        assert len(rows(app)) == 10_000
    assert opened < 5, f"opened in {opened:.1f} s"
    assert filtered < 0.5, f"each filter took {filtered:.2f} s"


def test_filtering_ten_thousand_actions_is_a_list_comprehension() -> None:
    programme = [make_outcomes(f"S{n}") for n in range(1700)]  # about 10,000 actions
    everything = actions(programme)
    start = time.perf_counter()
    for _ in range(10):
        select(everything, Filter(owner="Ana", status="overdue"), date(2026, 12, 20))
    assert (time.perf_counter() - start) / 10 < 0.1
