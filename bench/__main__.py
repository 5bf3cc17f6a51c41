"""Run every benchmark, print the figures and write bench/results.md.

    python -m bench [--runs N] [--quick] [--only NAME ... [--write]]

Each benchmark reports ratios against a baseline taken in the same run. It exits 0 whether or
not a target is met: the figures, not the exit code, are the result. A whole run rewrites
bench/results.md; `--only` leaves it as it is, unless `--write` asks to replace the chosen
benchmarks' sections in it (each then says when and how it was measured).
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import os
import platform
import sys
from pathlib import Path

from bench import (
    latency,
    pairing,
    pg_room,
    pg_scale,
    pg_throughput,
    room,
    scale,
    startup,
    suggestions,
    throughput,
    trends,
)
from bench.common import RESULTS, ROOT, Section

ANALYSIS = Path(__file__).resolve().parent / "analysis.md"
"""What the figures mean and what was tried: written by hand, kept with every run's figures."""

BENCHMARKS = {
    "startup": ("Start-up and memory", startup.run),
    "latency": ("Live latency", latency.run),
    "throughput": ("Store throughput", throughput.run),
    "scale": ("Scale", scale.run),
    "pairing": ("Mentoring pairs", pairing.run),
    "room": ("Connected participants", room.run),
    "suggestions": ("Merge suggestions", suggestions.run),
    "trends": ("Programme review and report", trends.run),
    "pg-throughput": ("Store throughput on PostgreSQL", pg_throughput.run),
    "pg-room": ("Connected participants on PostgreSQL", pg_room.run),
    "pg-scale": ("Sessions in one PostgreSQL database", pg_scale.run),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--runs", type=int, default=5, help="repetitions (median reported)")
    parser.add_argument("--quick", action="store_true", help="shorter runs, for a smoke test")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="some benchmarks")
    parser.add_argument(
        "--write", action="store_true", help="with --only: replace their sections in results.md"
    )
    options = parser.parse_args(argv)
    chosen = options.only or list(BENCHMARKS)
    # An installed wheel has its bytecode compiled at install time. A checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module at every start instead, which
    # measures the compiler rather than the consoles.
    for package in ("rmworkshop", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)
    today = datetime.date.today().isoformat()
    header = [
        "# Benchmark results",
        "",
        f"Run on {today}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.system()} {platform.machine()}. Medians; targets are ratios against a"
        " baseline measured in the same run. Written by `python3 dev.py bench`.",
    ]
    load = os.getloadavg()[0]
    sections: list[Section] = []
    for name in chosen:
        title, function = BENCHMARKS[name]
        section = Section(title)
        print(f"\n## {title}", flush=True)
        try:
            function(section, options.runs, options.quick)
        except Exception as error:  # report and go on: one broken benchmark hides no others
            section.add(f"Failed: {type(error).__name__}: {error}")
        sections.append(section)
    if options.only and options.write and not options.quick:
        note = (
            f"Measured on {today} with `--only {' '.join(chosen)}`, the machine shared (load"
            f" average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end); the other"
            " sections are from other runs."
        )
        for section in sections:
            section.lines += ["", note]
        header, kept = _written(sections)
        sections = kept
    body = "\n".join(header)
    for section in sections:
        body += f"\n\n## {section.title}\n\n" + "\n".join(section.lines)
    body += "\n\n" + ANALYSIS.read_text(encoding="utf-8").strip()
    if (options.only and not options.write) or options.quick:
        print(f"\n(--only/--quick: {RESULTS.name} left unchanged)")
    else:
        RESULTS.write_text(body + "\n", encoding="utf-8")
        print(f"\nWrote {RESULTS}")
    return 0


def _written(new: list[Section]) -> tuple[list[str], list[Section]]:
    """The header and sections of results.md as it is, with the new sections in place of
    theirs, in the order of `BENCHMARKS`; the analysis is left out (it is added afresh)."""
    header, found = [], {}
    current: Section | None = None
    analysis = ANALYSIS.read_text(encoding="utf-8").splitlines()[0].removeprefix("## ")
    for line in RESULTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            if line[3:] == analysis:
                break
            current = found[line[3:]] = Section(line[3:])
        elif current is None:
            header.append(line)
        else:
            current.lines.append(line)
    for section in found.values():  # the blank lines around each section are added again
        while section.lines and not section.lines[0].strip():
            section.lines.pop(0)
        while section.lines and not section.lines[-1].strip():
            section.lines.pop()
    found.update((section.title, section) for section in new)
    order = [title for title, _ in BENCHMARKS.values()]
    ordered = sorted(found.values(), key=lambda s: order.index(s.title) if s.title in order else 99)
    while header and not header[-1].strip():
        header.pop()
    return header, ordered


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
