"""7. Merge suggestions: their quality on the labelled development set, beside a word-overlap
baseline computed in the same run, and the time of `rmworkshop suggest` on 500 revealed ideas
in a fresh process, model load included.

Pairwise figures: two cards in one suggested group are a predicted pair, two cards with one
label a true pair. The precision of the ten best suggestions is the share of their predicted
pairs that are true.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from bench.common import ROOT, Section, median, ms, verdict
from rmworkshop.core.suggestions import THRESHOLD, average_link

_SHARED = ROOT.parent / "shared" / "corpus" / "duplicates-dev.json"
DEV_SET = _SHARED if _SHARED.is_file() else ROOT / "tests" / "data" / "duplicates-dev.json"
"""The labelled cards: the shared copy beside the repository, else the one in tests/data."""
IDEAS = 500
TARGET_SECONDS = 1.0
TARGETS = {"precision": 0.75, "f1 ratio": 1.5, "top ten": 0.8}
SWEEP = [round(0.05 * step, 2) for step in range(1, 19)]
"""Thresholds tried for both methods; each uses the one with the best F1 among those whose
precision reaches 0.75 (the same rule for both, on the development set only)."""

_STOP = """a about all also an and any are as at be been but by can could do does don't for from
    get has have how i if in into is it it's its just let me more most my no not of on or our
    out should so than that the their them then there they this to too up us was we were what
    when which who why will with would you your"""
STOP_WORDS = frozenset(_STOP.split())


class Figures(NamedTuple):
    threshold: float
    precision: float
    recall: float
    f1: float
    top_ten: float
    groups: int


def labelled(path: Path) -> tuple[list[str], list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [card["text"] for card in data["ideas"]], [card["group"] for card in data["ideas"]]


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[\w']+", text.lower()) if w not in STOP_WORDS)


def jaccard(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    sets = [words(text) for text in texts]
    size = len(sets)
    out = np.eye(size)
    for a, b in itertools.combinations(range(size), 2):
        union = sets[a] | sets[b]
        out[a, b] = out[b, a] = len(sets[a] & sets[b]) / len(union) if union else 0.0
    return out


def cosine(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    from rmworkshop.suggestions.model import embedder

    vectors = embedder().embed(texts).astype(np.float64)
    similarity: npt.NDArray[np.float64] = vectors @ vectors.T
    return similarity


def figures(
    similarity: npt.NDArray[np.float64], labels: Sequence[str], threshold: float
) -> Figures:
    groups = average_link(similarity, threshold)
    truth = {
        (a, b) for a, b in itertools.combinations(range(len(labels)), 2) if labels[a] == labels[b]
    }
    predicted = {pair for rows, _ in groups for pair in itertools.combinations(rows, 2)}
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    best = [pair for rows, _ in groups[:10] for pair in itertools.combinations(rows, 2)]
    top = sum(pair in truth for pair in best) / len(best) if best else 0.0
    return Figures(threshold, precision, recall, f1, top, len(groups))


def tuned(similarity: npt.NDArray[np.float64], labels: Sequence[str]) -> Figures:
    """The threshold of the sweep with the best F1 among those precise enough."""
    runs = [figures(similarity, labels, t) for t in SWEEP]
    precise = [run for run in runs if run.precision >= TARGETS["precision"]] or runs
    return max(precise, key=lambda run: (run.f1, -run.threshold))


def quality(path: Path = DEV_SET) -> tuple[Figures, Figures, Figures]:
    """The model at `THRESHOLD`, the baseline tuned by the same rule, and the baseline's best
    F1 at any precision."""
    texts, labels = labelled(path)
    model = figures(cosine(texts), labels, THRESHOLD)
    overlap = jaccard(texts)
    runs = [figures(overlap, labels, t) for t in SWEEP]
    return model, tuned(overlap, labels), max(runs, key=lambda run: run.f1)


def _session(folder: Path, texts: Sequence[str]) -> Path:
    from rmworkshop.agendas import load_agenda
    from rmworkshop.store.sqlite import SessionStore
    from rmworkshop.system import SystemClock

    name, agenda = load_agenda("cross-generational-brainstorm")
    path = folder / "suggest.workshop"
    with SessionStore.create(path, agenda, name, SystemClock()) as store:
        while store.snapshot().kind != "capture" or not store.snapshot().is_started:
            store.next_phase()
        store.submit_many(texts)
        store.reveal()
    return path


def room_cards(texts: Sequence[str], count: int = IDEAS) -> list[str]:
    """``count`` cards: the development set's, then the same again from other tables."""
    return [
        texts[i % len(texts)] + ("" if i < len(texts) else f" (table {i // len(texts) + 1})")
        for i in range(count)
    ]


def run(section: Section, runs: int, quick: bool) -> None:
    model, baseline, baseline_best = quality()
    ratio = model.f1 / baseline.f1 if baseline.f1 else float("inf")
    section.add(
        "Quality on the development set (165 cards labelled by hand into groups of the same"
        " idea); pairwise figures. The baseline is Jaccard overlap of words without stop words,"
        " average-link clustering, its threshold chosen by the same rule as the model's:"
        " the best F1 among the thresholds whose precision is at least 0.75."
    )
    section.add("")
    show: Callable[[float], str] = lambda value: f"{value:.2f}"  # noqa: E731
    rows = []
    for label, run_ in (
        (f"model (threshold {THRESHOLD:.2f})", model),
        (f"baseline (threshold {baseline.threshold:.2f})", baseline),
        (f"baseline at its best F1 (threshold {baseline_best.threshold:.2f})", baseline_best),
    ):
        rows.append(
            [
                label,
                show(run_.precision),
                show(run_.recall),
                show(run_.f1),
                show(run_.top_ten),
                str(run_.groups),
            ]
        )
    section.table(["method", "precision", "recall", "F1", "ten best", "groups"], rows)
    section.add("")
    section.add(
        f"Targets: precision {show(model.precision)} ≥ 0.75 ({verdict(model.precision >= 0.75)});"
        f" F1 {ratio:.2f} times the baseline's ≥ 1.5 ({verdict(ratio >= 1.5)});"
        f" ten best {show(model.top_ten)} ≥ 0.8 ({verdict(model.top_ten >= 0.8)})."
    )
    texts, labels = labelled(DEV_SET)
    similarity = cosine(texts)
    nearby = [figures(similarity, labels, t) for t in (0.30, 0.35, 0.40, 0.45, 0.50)]
    section.add("")
    section.add(
        f"Why {THRESHOLD:.2f}: the model at nearby thresholds. Below it precision falls under"
        " the 0.75 target quickly; above it recall falls. It is the lowest threshold of the"
        " sweep whose precision keeps a margin over 0.75, since a second labelled set checks"
        " the same figures, and a facilitator shown two wrong suggestions stops reading them."
        " At its best F1 the baseline is wrong about two pairs in three: that is not a"
        " suggestion a facilitator can use, so both are compared at the precision asked for."
    )
    section.add("")
    section.table(
        ["threshold", "precision", "recall", "F1", "ten best", "groups"],
        [
            [
                f"{run_.threshold:.2f}",
                show(run_.precision),
                show(run_.recall),
                show(run_.f1),
                show(run_.top_ten),
                str(run_.groups),
            ]
            for run_ in nearby
        ],
    )
    folder = Path(tempfile.mkdtemp(prefix="rmw-bench-"))
    session = _session(folder, room_cards(texts))
    times = []
    for _ in range(2 if quick else runs):
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "rmworkshop", "suggest", str(session), "--json"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        times.append(time.monotonic() - start)
    took = median(times)
    section.add("")
    section.table(
        ["measure", "median", "target"],
        [
            [
                f"`rmworkshop suggest --json`, {IDEAS} revealed ideas, fresh process",
                ms(took),
                verdict(took < TARGET_SECONDS),
            ]
        ],
    )
