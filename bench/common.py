"""Shared helpers: running a console to its first frame, statistics, and the results file."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"


@dataclass
class Launch:
    seconds: float
    """From spawning the process to the first frame drawn."""
    peak_kb: int


def launch(args: list[str], hold: float = 0.0, cwd: Path | None = None) -> Launch:
    """Run ``python -m bench.child ARGS`` and time it from spawn to its first frame."""
    env = dict(os.environ, BENCH_HOLD=str(hold), PYTHONPATH=str(ROOT))
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=cwd or ROOT,
        env=env,
    )
    assert process.stdout is not None
    ready: float | None = None
    peak = 0
    for line in process.stdout:
        if line.startswith("READY ") and ready is None:
            ready = float(line.split()[1]) - start  # monotonic is one clock for the host
        elif line.startswith("RSS "):
            peak = int(line.split()[1])
    process.wait(60)
    if ready is None or process.returncode != 0:
        raise RuntimeError(f"{args} did not reach its first frame (exit {process.returncode})")
    return Launch(ready, peak)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add("| " + " | ".join(header) + " |")
        self.add("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            self.add("| " + " | ".join(row) + " |")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def spawn_worker(*args: str) -> subprocess.Popen[str]:
    """``python -m bench.workers ARGS``, talking over its standard input and output."""
    return subprocess.Popen(
        [sys.executable, "-m", "bench.workers", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
