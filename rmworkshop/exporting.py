"""Exporting a session: the outcomes of a store, and writing them with their summary."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.errors import Refused
from rmworkshop.core.text import shown
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.writing import check_target, write_private
from rmworkshop.outcomes.build import build
from rmworkshop.outcomes.schema import Outcomes
from rmworkshop.outcomes.summary import markdown
from rmworkshop.store import Store


def session_outcomes(store: Store, now: float) -> tuple[Outcomes, int]:
    """The outcomes, and how many ideas were left out because they are not revealed yet.

    A finished session reveals its remaining ideas first, so nothing collected is lost.
    """
    if store.snapshot().is_finished and store.unrevealed():
        store.reveal(force=True)  # nothing collected is lost; nobody is watching numbers now
    result = build(store.snapshot(), store.merged_texts(), now)
    return result, store.unrevealed()


def write_outcomes(result: Outcomes, path: Path, with_markdown: bool) -> list[Path]:
    """Write the TOML (and, if asked, the Markdown summary beside it); return what was written.
    Both places are checked before either is written."""
    summary = path.with_suffix(".md")
    if with_markdown:
        if summary == path:
            raise Refused(
                f"{shown(path)}: the outcomes and their summary would be one file;"
                " name the outcomes file .toml; nothing was written"
            )
        check_target(summary)
    outcome_files.write(result, path)
    written = [path]
    if with_markdown:
        write_private(summary, markdown(result))
        written.append(summary)
    return written
