"""Outcomes files: reading and writing them, and saving one follow-up edit back to its file.

A file is read once, and its exact text is kept. A save first checks that the file on disk
still holds that text, so a change made elsewhere (another leader, an editor) is never
overwritten. The edit changes only the lines of the edited key (see `outcomes.inplace`); the
file is written atomically with mode 0600.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.loading import parse_toml
from rmworkshop.core.wording import counted
from rmworkshop.files.reading import MAX_OUTCOMES_BYTES, read_bytes
from rmworkshop.files.writing import write_private
from rmworkshop.outcomes.edits import Edit, apply
from rmworkshop.outcomes.inplace import edit_idea
from rmworkshop.outcomes.quickload import quick_load
from rmworkshop.outcomes.schema import Outcomes, parse


class ChangedOnDisk(Refused):
    """The file on disk is no longer what was read; reloading shows the other change."""


@dataclass(frozen=True)
class OutcomesFile:
    path: Path
    """As the leader named it; messages show this."""
    text: str
    """Exactly what was read or last written, to notice changes made by someone else."""
    outcomes: Outcomes


def load(path: Path) -> Outcomes:
    """Read and validate one outcomes file, or raise `BadFile` naming the file and key."""
    return open_file(path).outcomes


def write(outcomes: Outcomes, path: Path) -> None:
    """Write outcomes as export does: the standard layout, atomically, mode 0600."""
    write_private(path, outcomes.to_toml())


def open_file(path: Path) -> OutcomesFile:
    """Read and validate one outcomes file, or raise `BadFile` naming the file and key."""
    raw = read_bytes(path, MAX_OUTCOMES_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass  # parse_toml says what is wrong, with the line
    else:
        quick = quick_load(text)
        if quick is not None:
            return OutcomesFile(path, text, quick)
    text, data = parse_toml(path, raw)
    return OutcomesFile(path, text, parse(path, text, data))


def open_files(paths: Sequence[Path]) -> list[OutcomesFile]:
    """Every file, each once; the first bad one is reported, with how many more are bad."""
    seen: set[Path] = set()
    opened: list[OutcomesFile] = []
    problems: list[BadFile] = []
    for path in paths:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        try:
            opened.append(open_file(path))
        except BadFile as error:
            problems.append(error)
    if problems:
        more = len(problems) - 1
        suffix = f" (and {counted(more, 'more bad file')})" if more else ""
        raise BadFile(f"{problems[0]}{suffix}")
    return opened


@dataclass(frozen=True)
class Saved:
    file: OutcomesFile
    rewritten: bool
    """True when the edit could not be made in place and the whole file was written anew
    in the standard layout (same content; comments and hand formatting are lost)."""


def save_edit(file: OutcomesFile, edit: Edit) -> Saved:
    """Apply `edit` and write it to the file at once; `Refused` if that would lose a change."""
    changed = apply(file.outcomes, edit)
    entries = (file.outcomes.pairs, changed.pairs) if edit.table == "pairs" else None
    old, new = entries or (file.outcomes.ideas, changed.ideas)
    text = edit_idea(
        file.text, edit.index, old[edit.index], new[edit.index], edit.field, edit.table
    )
    rewritten = text is None
    if text is None:
        text = changed.to_toml()
    target = file.path.resolve()  # through a symbolic link, so the link stays one
    if not target.exists():
        raise Refused(f"{file.path} is gone; nothing was saved.")
    try:
        on_disk = read_bytes(target, MAX_OUTCOMES_BYTES)
    except BadFile as error:
        raise Refused(f"{error}; nothing was saved.") from None
    if on_disk != file.text.encode("utf-8"):
        raise ChangedOnDisk(
            f"{file.path} was changed by someone else since it was opened; nothing was saved."
        )
    if not os.access(target, os.W_OK):
        raise Refused(f"{file.path} is read-only; nothing was saved.")
    write_private(target, text)
    return Saved(replace(file, text=text, outcomes=changed), rewritten)
