"""Programme review: the review console on 20 sessions' outcomes files (first frame), and the
HTML report of those 20 sessions written by `review --html`, against the one-Static baseline."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import ROOT, Section, launch, median, ms, verdict

SESSIONS = 20
CONSOLE_TARGET = 1.0
"""Seconds from process start to the console's first frame."""
REPORT_TARGET = 2.0
"""Seconds from process start to the report written."""


def _files(folder: Path) -> list[Path]:
    from rmworkshop.files import outcomes as outcome_files
    from rmworkshop.outcomes.schema import Outcomes
    from tests.outcomes_builder import idea, outcomes_data

    paths = []
    start = datetime(2026, 1, 5, 10, tzinfo=UTC)
    for number in range(SESSIONS):
        ideas = [
            idea(
                rank + 1,
                f"Idea {rank} of session {number}",
                30 - rank,
                owners=[f"Person {rank % 7}"] if rank < 8 else [],
                due=date(2026, 3, 1) + timedelta(days=7 * number + rank),
                status=("open", "in-progress", "done", "dropped")[rank % 4],
            )
            for rank in range(20)
        ]
        data = outcomes_data(f"Session {number}", start + timedelta(days=14 * number), ideas)
        data["pairs"] = [
            {
                "mentors": [f"Junior {pair}"],
                "mentees": [f"Senior {pair}"],
                "topics": ["AI tools"],
                "status": ("open", "met", "stuck", "ended")[(pair + number) % 4],
            }
            for pair in range(10)
        ]
        path = folder / f"session-{number:02d}.toml"
        outcome_files.write(Outcomes.model_validate(data, strict=False), path)
        paths.append(path)
    return paths


def _report_seconds(files: list[Path], target: Path) -> float:
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rmworkshop", "review", *map(str, files), "--html", str(target)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.monotonic() - start


def run(section: Section, runs: int, quick: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rmw-bench-"))
    files = _files(folder)
    names = [str(path) for path in files]
    launch(["baseline"])  # warm the file cache once
    _report_seconds(files, folder / "report.html")  # and matplotlib's font cache
    base: list[float] = []
    console: list[float] = []
    report: list[float] = []
    for _ in range(runs):  # interleaved, so drift hits all alike
        base.append(launch(["baseline"]).seconds)
        console.append(launch(["review", *names]).seconds)
        report.append(_report_seconds(files, folder / "report.html"))
    baseline = median(base)
    rows = [["baseline (one Static), first frame", ms(baseline), "1.00", "", ""]]
    for label, values, target in (
        (f"review of {SESSIONS} sessions, first frame", console, CONSOLE_TARGET),
        (f"review --html of {SESSIONS} sessions, written", report, REPORT_TARGET),
    ):
        seconds = median(values)
        rows.append(
            [
                label,
                ms(seconds),
                f"{seconds / baseline:.2f}",
                f"< {target:.0f} s",
                verdict(seconds < target),
            ]
        )
    section.add(
        f"{SESSIONS} outcomes files of 20 ideas and 10 pairs each; time from process start,"
        f" median of {runs} runs. The targets are in seconds, as the programme's contract"
        " sets them; the ratio to the baseline says how much of it is the machine."
    )
    section.add("")
    section.table(["what", "median", "ratio", "target", ""], rows)
