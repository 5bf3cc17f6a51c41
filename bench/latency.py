"""3. Live latency: from an idea's commit to the facilitator's screen showing the new count."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Section, median, ms, percentile, spawn_worker, verdict

PARTICIPANTS = 50
TARGET_P95 = 0.25


def _capturing_session(folder: Path) -> Path:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / "latency.workshop"
    with SessionStore.create(path, agenda, name, SystemClock()) as store:
        store.start()
        store.next_phase()
    return path


def one_run(seconds: float, seed: int) -> tuple[list[float], int]:
    session = _capturing_session(Path(tempfile.mkdtemp(prefix="rmw-latency-")))
    console = spawn_worker("facilitator", str(session))
    assert console.stdout is not None
    while console.stdout.readline().strip() != "ready":
        pass
    people = [
        spawn_worker("submitter", str(session), str(seconds), str(seed * 100 + i))
        for i in range(PARTICIPANTS)
    ]
    for person in people:
        assert person.stdout is not None and person.stdout.readline().strip() == "ready"
    for person in people:
        assert person.stdin is not None
        person.stdin.write("go\n")
        person.stdin.flush()
    commits: list[float] = []
    for person in people:
        out, _ = person.communicate(timeout=seconds + 60)
        commits += [
            float(line.split()[1]) for line in out.splitlines() if line.startswith("commit")
        ]
    commits.sort()
    shown: dict[int, float] = {}
    assert console.stdout is not None
    while len(shown) < len(commits) or (shown and max(shown) < len(commits)):
        line = console.stdout.readline()
        if not line:
            break
        if line.startswith("shown "):
            _, value, stamp = line.split()
            shown.setdefault(int(value), float(stamp))
        if shown and max(shown) >= len(commits):
            break
    console.terminate()
    console.wait(10)
    # The n-th commit is on screen when a count of n or more is first drawn.
    latencies = []
    counts = sorted(shown)
    for n, committed in enumerate(commits, 1):
        first = min(shown[c] for c in counts if c >= n)
        latencies.append(max(0.0, first - committed))
    return latencies, len(commits)


def run(section: Section, runs: int, quick: bool) -> None:
    seconds = 8.0 if quick else 30.0
    p50s, p95s, total = [], [], 0
    for i in range(runs if not quick else 1):
        latencies, count = one_run(seconds, i)
        p50s.append(percentile(latencies, 0.50))
        p95s.append(percentile(latencies, 0.95))
        total += count
    p95 = median(p95s)
    section.add(
        f"{PARTICIPANTS} participant processes submit ideas through the store at random"
        f" intervals (0.5 to 5.5 s) for {seconds:.0f} s while a headless facilitator console"
        " runs its real polling and refresh path; time from each commit to the first frame"
        f" showing the new count. {len(p95s)} runs, {total} ideas in all; medians of the"
        " per-run figures."
    )
    section.add("")
    section.table(
        ["p50", "p95", "target p95", ""],
        [[ms(median(p50s)), ms(p95), "≤ 250 ms", verdict(p95 <= TARGET_P95)]],
    )
