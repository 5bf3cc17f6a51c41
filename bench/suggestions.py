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
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from bench.common import ROOT, Section, median, ms, verdict
from rmworkshop.core.suggestions import (
    THRESHOLD,
    WORD_WEIGHT,
    average_link,
    word_overlap,
)
from rmworkshop.core.suggestions import similarity as card_similarity

_SHARED = ROOT.parent / "shared" / "corpus" / "duplicates-dev.json"
DEV_SET = _SHARED if _SHARED.is_file() else ROOT / "tests" / "data" / "duplicates-dev.json"
"""The labelled cards: the shared copy beside the repository, else the one in tests/data."""
IDEAS = 500
TARGET_SECONDS = 1.0
TARGETS = {"precision": 0.75, "f1 ratio": 1.5, "top ten": 0.8}
SWEEP = [round(0.05 * step, 2) for step in range(1, 19)]
"""Thresholds tried for the baseline: the best F1 among those whose precision reaches 0.75,
and its best F1 at any precision."""
EMBEDDING_ALONE = 0.40
"""The threshold the embedding alone was used at, chosen by the same rule as `THRESHOLD`."""
SPLITS = 20
"""Random halvings of the development set (by label, so a group stays whole) for checking
that a threshold chosen on the whole set holds on parts of it."""


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


def jaccard(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """The baseline's similarity: Jaccard overlap of words without stop words (the core's
    `word_overlap`, the same definition)."""
    return word_overlap(texts)


def embedded(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    from rmworkshop.suggestions.model import embedder

    return embedder().embed(texts)


def cosine(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """The embedding alone, without the words: what the suggestions used before."""
    vectors = embedded(texts).astype(np.float64)
    out: npt.NDArray[np.float64] = vectors @ vectors.T
    return out


def model(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """The suggestions' similarity: the embedding blended with word overlap."""
    return card_similarity(texts, embedded(texts))


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


class Quality(NamedTuple):
    model: Figures
    embedding_alone: Figures
    baseline: Figures
    """The baseline at the threshold chosen by the model's rule (precision at least 0.75)."""
    baseline_best: Figures
    """The baseline at its best F1, whatever its precision."""


def quality(path: Path = DEV_SET) -> Quality:
    texts, labels = labelled(path)
    overlap = jaccard(texts)
    runs = [figures(overlap, labels, t) for t in SWEEP]
    return Quality(
        figures(model(texts), labels, THRESHOLD),
        figures(cosine(texts), labels, EMBEDDING_ALONE),
        tuned(overlap, labels),
        max(runs, key=lambda run: run.f1),
    )


def halves(path: Path = DEV_SET, splits: int = SPLITS) -> dict[str, list[Figures]]:
    """The model and the embedding alone, at their fixed thresholds, on each half of
    ``splits`` random halvings of the labelled set (each half embedded on its own)."""
    import random

    texts, labels = labelled(path)
    names = sorted(set(labels))
    chooser = random.Random(2024)
    out: dict[str, list[Figures]] = {"model": [], "embedding alone": []}
    for _ in range(splits):
        chooser.shuffle(names)
        first = set(names[: len(names) // 2])
        for side in (True, False):
            rows = [i for i, label in enumerate(labels) if (label in first) == side]
            part = [texts[i] for i in rows]
            part_labels = [labels[i] for i in rows]
            out["model"].append(figures(model(part), part_labels, THRESHOLD))
            out["embedding alone"].append(figures(cosine(part), part_labels, EMBEDDING_ALONE))
    return out


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


def _row(label: str, run_: Figures) -> list[str]:
    return [
        label,
        f"{run_.precision:.2f}",
        f"{run_.recall:.2f}",
        f"{run_.f1:.2f}",
        f"{run_.top_ten:.2f}",
        str(run_.groups),
    ]


def run(section: Section, runs: int, quick: bool) -> None:
    found = quality()
    ratio = found.model.f1 / found.baseline.f1 if found.baseline.f1 else float("inf")
    ratio_best = found.model.f1 / found.baseline_best.f1 if found.baseline_best.f1 else 0.0
    section.add(
        "Quality on the development set (165 cards labelled by hand into groups of the same"
        " idea); pairwise figures. The model is WordLlama's embedding blended with word"
        f" overlap ({1 - WORD_WEIGHT:.1f} of the cosine, {WORD_WEIGHT:.1f} of the Jaccard overlap),"
        " average-link clustering. The baseline is Jaccard overlap of words without stop words,"
        " average-link clustering, at the threshold chosen by the model's rule (the best F1"
        " among the thresholds whose precision is at least 0.75) and at its best F1 whatever"
        " the precision."
    )
    section.add("")
    section.table(
        ["method", "precision", "recall", "F1", "ten best", "groups"],
        [
            _row(f"model (threshold {THRESHOLD:.2f})", found.model),
            _row(f"embedding alone (threshold {EMBEDDING_ALONE:.2f})", found.embedding_alone),
            _row(f"baseline (threshold {found.baseline.threshold:.2f})", found.baseline),
            _row(
                f"baseline at its best F1 (threshold {found.baseline_best.threshold:.2f})",
                found.baseline_best,
            ),
        ],
    )
    section.add("")
    precision, top = found.model.precision, found.model.top_ten
    section.add(
        f"Targets: precision {precision:.2f} ≥ 0.75 ({verdict(precision >= 0.75)});"
        f" F1 {ratio:.2f} times the baseline's at the same rule ≥ 1.5 ({verdict(ratio >= 1.5)});"
        f" F1 {ratio_best:.2f} times the baseline's best F1 ≥ 1.5"
        f" ({verdict(ratio_best >= 1.5)}); ten best {top:.2f} ≥ 0.8 ({verdict(top >= 0.8)})."
    )
    texts, labels = labelled(DEV_SET)
    blended = model(texts)
    nearby = [figures(blended, labels, t) for t in (0.26, 0.28, 0.30, 0.32, 0.34, 0.36, 0.40)]
    section.add("")
    section.add(
        f"Why {THRESHOLD:.2f}: the model at nearby thresholds. Below it precision falls towards"
        " the 0.75 target quickly; above it recall falls. It is the lowest threshold whose"
        " precision keeps a margin over 0.75, since a second labelled set checks the same"
        " figures, and a facilitator shown two wrong suggestions stops reading them."
    )
    section.add("")
    section.table(
        ["threshold", "precision", "recall", "F1", "ten best", "groups"],
        [_row(f"{run_.threshold:.2f}", run_) for run_ in nearby],
    )
    parts = halves(splits=4 if quick else SPLITS)
    section.add("")
    section.add(
        f"Whether the thresholds hold on other cards: {len(parts['model']) // 2} random halvings"
        " of the development set by group, each half (about 80 cards) embedded and grouped on"
        " its own at the fixed thresholds above. Means, and the 10th percentile of precision"
        " and of the ten best (the bad cases a second set might show)."
    )
    section.add("")
    rows = []
    for name, results in parts.items():
        values = np.array([[r.precision, r.recall, r.f1, r.top_ten] for r in results])
        rows.append(
            [
                name,
                f"{values[:, 0].mean():.2f}",
                f"{np.quantile(values[:, 0], 0.1):.2f}",
                f"{values[:, 1].mean():.2f}",
                f"{values[:, 2].mean():.2f}",
                f"{values[:, 3].mean():.2f}",
                f"{np.quantile(values[:, 3], 0.1):.2f}",
            ]
        )
    section.table(
        ["method", "precision", "p10", "recall", "F1", "ten best", "p10"],
        rows,
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
