"""1. Start-up and 2. memory: each console against a minimal Textual app, in the same run."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.common import Launch, Section, launch, median, ms, verdict

TARGETS = {"facilitator": 1.5, "facilitator, resuming": 1.5, "participant": 1.3}
"""The facilitator starts a new session on the default agenda (a bundled agenda, recognised by
the digest the test suite checked, so the schema does not load), or resumes one that is under
way (its agenda was checked when it was made)."""
LABELS = {
    "facilitator": "facilitator console, new session",
    "facilitator, resuming": "facilitator console, resuming",
}
MEMORY_TARGET = 1.3


def _session(folder: Path) -> Path:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.core.roster import Person, Roster
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / "bench.workshop"
    roster = Roster(people=[Person(name="Ana", level="junior")])
    with SessionStore.create(path, agenda, name, SystemClock(), roster=roster) as store:
        store.start()
    return path


def run(section: Section, runs: int, quick: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rmw-bench-"))
    session = _session(folder)
    consoles: dict[str, Callable[[int], list[str]]] = {
        "baseline": lambda i: ["baseline"],
        "facilitator": lambda i: ["run", "--session", str(folder / f"new-{i}.workshop")],
        "facilitator, resuming": lambda i: ["run", "--session", str(session)],
        "participant": lambda i: ["join", str(session), "--as", "Ana"],
    }
    starts: dict[str, list[float]] = {name: [] for name in consoles}
    peaks: dict[str, list[float]] = {name: [] for name in consoles}
    launch(["baseline"])  # warm the file cache once, for every console alike
    for i in range(runs):
        for name, args in consoles.items():  # interleaved, so drift hits all alike
            hold = 1.0 if name in ("baseline", "participant") else 0.0  # memory: see below
            result: Launch = launch(args(i), hold=hold)
            starts[name].append(result.seconds)
            peaks[name].append(result.peak_kb)
    base = median(starts["baseline"])
    rows = [["baseline (one Static)", ms(base), "1.00", "", ""]]
    for name, target in TARGETS.items():
        ratio = median(starts[name]) / base
        rows.append(
            [
                LABELS.get(name, f"{name} console"),
                ms(median(starts[name])),
                f"{ratio:.2f}",
                f"≤ {target}",
                verdict(ratio <= target),
            ]
        )
    section.add(f"Time from process start to first frame, median of {runs} runs.")
    section.add("")
    section.table(["console", "median", "ratio", "target", ""], rows)
    section.add("")
    base_kb = median(peaks["baseline"])
    mine_kb = median(peaks["participant"])
    ratio = mine_kb / base_kb
    section.add(f"Peak RSS after one second open, median of {runs} runs.")
    section.add("")
    section.table(
        ["console", "peak RSS", "ratio", "target", ""],
        [
            ["baseline (one Static)", f"{base_kb / 1024:.1f} MB", "1.00", "", ""],
            [
                "participant console",
                f"{mine_kb / 1024:.1f} MB",
                f"{ratio:.2f}",
                f"≤ {MEMORY_TARGET}",
                verdict(ratio <= MEMORY_TARGET),
            ],
        ],
    )
