"""5. Scale: 500 people and 500, 5,000 and 50,000 ideas. How long the facilitator console
takes to show one more idea, how long export takes, and review's first frame. And a programme
of twenty sessions of 500 ideas in review: opening it, and each filter, against a baseline.

The tests (tests/review/test_large.py) check that the work is proportionate (cells only for the
rows on screen, no tomllib for export's layout, filters from memory); the times are here."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.common import ROOT, Section, launch, median, ms, verdict

PEOPLE = 500
SIZES = (500, 5_000, 50_000)
UPDATE_TARGET = 0.050
EXPORT_TARGET = 1.0
REVIEW_TARGET = 1.0
PROGRAMME = (20, 500)
"""Sessions and ideas per session of the programme in review."""
OPEN_TARGET = 3.0
"""Opening the programme's files, against reading their bytes and tomllib-free parsing alone."""
FILTER_TARGET = 5.0
"""`select` over every action, against a list comprehension calling a one-line test on each
action: a filter that looked at anything more than each action once would miss it."""


def _session(folder: Path, ideas: int) -> Path:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    levels = ("intern", "junior", "mid", "senior", "executive")
    roster = Roster(people=[Person(name=f"person {i}", level=levels[i % 5]) for i in range(PEOPLE)])
    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / f"scale-{ideas}.workshop"
    with SessionStore.create(path, agenda, name, SystemClock(), roster=roster) as store:
        store.start()
        store.next_phase()
        store.submit_many([f"Idea number {n}: something worth trying" for n in range(ideas)])
        store.reveal()  # the facilitator's board now lists every idea
    return path


async def _update_times(path: Path, samples: int) -> list[float]:
    """One more idea from another connection, then the console's real poll and redraw."""
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock
    from rmworkshop.ui.facilitator.app.factory import make_facilitator

    clock = SystemClock()
    other = SessionStore.open(path, clock)
    app = make_facilitator(SessionStore.open(path, clock), clock)
    times = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.pause()
        for n in range(samples):
            other.submit(f"One more idea {n}")
            drawn = asyncio.Event()
            start = time.monotonic()
            before = app.session
            app.poll()  # in a store worker: the new snapshot comes back by message
            while app.session is before:
                await pilot.pause(0.001)
            app.call_after_refresh(drawn.set)  # once the frame with the new count is drawn
            await drawn.wait()
            times.append(time.monotonic() - start)
            await pilot.pause()
    other.close()
    return times


def _export_time(path: Path, runs: int) -> float:
    times = []
    for i in range(runs):
        start = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "rmworkshop",
                "export",
                str(path),
                "-o",
                str(path.with_suffix(f".{i}.toml")),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
        )
        times.append(time.monotonic() - start)
    return median(times)


def _programme_files(folder: Path) -> list[Path]:
    from tests.review.test_large import _write_large

    sessions, ideas = PROGRAMME
    return [_write_large(folder / f"p{n}.toml", ideas, f"Session {n}") for n in range(sessions)]


def _owned_by(action: Any, name: str) -> bool:
    return name in action.idea.owners


def _best(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.monotonic()
        action()
        times.append(time.monotonic() - start)
    return median(times)


async def _filter_frames(paths: list[Path], runs: int) -> float:
    """Each filter in the programme review: rows rebuilt and the frame drawn."""
    from rmworkshop.files.outcomes import open_files
    from rmworkshop.outcomes.followup import Filter
    from rmworkshop.ui.review.app.factory import make_review
    from rmworkshop.ui.review.programme_review import ProgrammeReview

    app = make_review(open_files(paths), date(2026, 12, 20))
    times = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgrammeReview)
        for _ in range(runs):
            for wanted in (Filter(owner="Bo"), Filter(status="overdue"), Filter()):
                drawn = asyncio.Event()
                start = time.monotonic()
                screen._filter = wanted
                screen._apply()
                app.call_after_refresh(drawn.set)
                await drawn.wait()
                times.append(time.monotonic() - start)
    return median(times)


def programme(section: Section, runs: int, folder: Path) -> None:
    """Review of a programme of 10,000 actions: opening the files, and filtering them."""
    from rmworkshop.files.outcomes import open_files
    from rmworkshop.outcomes.followup import Filter, actions, select
    from rmworkshop.outcomes.quickload import quick_load

    paths = _programme_files(folder)
    reading = _best(runs, lambda: [quick_load(p.read_bytes().decode()) for p in paths])
    opening = _best(runs, lambda: open_files(paths))
    everything = actions([file.outcomes for file in open_files(paths)])
    wanted, today = Filter(owner="Ana", status="overdue"), date(2026, 12, 20)
    bare = _best(runs * 10, lambda: [a for a in everything if _owned_by(a, "Ana")])
    selecting = _best(runs * 10, lambda: select(everything, wanted, today))
    frame = asyncio.run(_filter_frames(paths, runs))
    sessions, ideas = PROGRAMME
    section.add("")
    section.add(
        f"Programme review: {sessions} outcomes files of {ideas} ideas ({len(everything):,}"
        " actions). Opening: `open_files`, against reading and quick-loading the same files"
        " alone. Filter: `select` over every action, against a bare list comprehension over"
        " them (a one-line test on each); and one filter in the review console, from the key"
        " to the frame drawn."
    )
    section.add("")
    section.table(
        ["measure", "time", "baseline", "ratio", "target"],
        [
            [
                "open the programme",
                ms(opening),
                ms(reading),
                f"{opening / reading:.2f}",
                f"≤ {OPEN_TARGET} ({verdict(opening <= OPEN_TARGET * reading)})",
            ],
            [
                "select over every action",
                ms(selecting),
                ms(bare),
                f"{selecting / bare:.2f}",
                f"≤ {FILTER_TARGET} ({verdict(selecting <= FILTER_TARGET * bare)})",
            ],
            ["one filter, key to frame", ms(frame), "", "", ""],
        ],
    )


def run(section: Section, runs: int, quick: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rmw-scale-"))
    sizes = SIZES[:2] if quick else SIZES
    rows: list[list[str]] = []
    figures: dict[int, tuple[float, float, float | None]] = {}
    for ideas in sizes:
        path = _session(folder, ideas)
        update = median(asyncio.run(_update_times(path, 5 if quick else 15)))
        export = _export_time(path, 3 if ideas > 5_000 else runs)
        outcomes = path.with_suffix(".0.toml")
        try:
            review: float | None = median(
                [launch(["review", str(outcomes)]).seconds for _ in range(3)]
            )
        except RuntimeError:
            review = None
        figures[ideas] = (update, export, review)
        rows.append(
            [
                f"{ideas:,}",
                ms(update),
                f"{export:.2f} s",
                f"{review:.2f} s" if review is not None else "did not start",
            ]
        )
    section.add(
        f"{PEOPLE} people. Console update: one idea submitted from another connection, then"
        " the facilitator console's poll, reload and redraw with every idea revealed on its"
        " board (median of 15). Export: `rmworkshop export -o` as a command, process start"
        " included. Review: `rmworkshop review` from process start to its first frame."
    )
    section.add("")
    section.table(["ideas", "console update", "export", "review first frame"], rows)
    section.add("")
    at = figures.get(5_000)
    if at:
        update, export, review = at
        section.add(
            f"At 5,000 ideas: update {ms(update)}"
            f" (target ≤ 50 ms, {verdict(update <= UPDATE_TARGET)}),"
            f" export {export:.2f} s (≤ 1 s, {verdict(export <= EXPORT_TARGET)}), review"
            f" {review if review is None else f'{review:.2f} s'} (≤ 1 s,"
            f" {verdict(review is not None and review <= REVIEW_TARGET)})."
        )
    if len(figures) == 3:
        small, _, large = (figures[n] for n in SIZES)
        growth = []
        for name, i in (("update", 0), ("export", 1), ("review", 2)):
            a, b = small[i], large[i]
            if a and b:
                growth.append(f"{name} x{b / a:.1f}")
        section.add(
            "Growth from 500 to 50,000 ideas (100 times the ideas): "
            + ", ".join(growth)
            + ". Anything at or under x100 is at most linear."
        )
    programme(section, runs, folder)
