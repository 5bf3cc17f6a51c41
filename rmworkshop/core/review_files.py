"""Outcomes files opened for review, and saving one follow-up edit back to its file.

A file is read once, and its exact text is kept. A save first checks that the file on disk
still holds that text, so a change made elsewhere (another leader, an editor) is never
overwritten. The edit changes only the lines of the edited key (see `review_inplace`); the
file is written atomically with mode 0600.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rmworkshop.core import outcomes
from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.core.loading import read_toml
from rmworkshop.core.review_edits import Edit, apply
from rmworkshop.core.review_inplace import edit_idea
from rmworkshop.core.review_quickload import quick_load


class ChangedOnDisk(Refused):
    """The file on disk is no longer what was read; reloading shows the other change."""


@dataclass(frozen=True)
class OutcomesFile:
    path: Path
    """As the leader named it; messages show this."""
    text: str
    """Exactly what was read or last written, to notice changes made by someone else."""
    outcomes: outcomes.Outcomes


def open_file(path: Path) -> OutcomesFile:
    """Read and validate one outcomes file, or raise `BadFile` naming the file and key."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass  # read_toml says what is wrong, with the line
    else:
        quick = quick_load(text)
        if quick is not None:
            return OutcomesFile(path, text, quick)
    text, data = read_toml(path)
    return OutcomesFile(path, text, outcomes.parse(path, text, data))


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
        suffix = f" (and {more} more bad file{'s' if more > 1 else ''})" if more else ""
        raise BadFile(f"{problems[0]}{suffix}")
    return opened


@dataclass(frozen=True)
class Saved:
    file: OutcomesFile
    rewritten: bool
    """True when the edit could not be made in place and the whole file was written anew
    in the standard layout (same content; comments and hand formatting are lost)."""


def save(file: OutcomesFile, edit: Edit) -> Saved:
    """Apply `edit` and write it to the file at once; `Refused` if that would lose a change."""
    changed = apply(file.outcomes, edit)
    old, new = file.outcomes.ideas[edit.index], changed.ideas[edit.index]
    text = edit_idea(file.text, edit.index, old, new, edit.field)
    rewritten = text is None
    if text is None:
        text = changed.to_toml()
    target = file.path.resolve()  # through a symbolic link, so the link stays one
    try:
        on_disk = target.read_bytes()
    except FileNotFoundError:
        raise Refused(f"{file.path} is gone; nothing was saved.") from None
    except OSError as error:
        raise Refused(
            f"{file.path} cannot be read ({error.strerror}); nothing was saved."
        ) from None
    if on_disk != file.text.encode("utf-8"):
        raise ChangedOnDisk(
            f"{file.path} was changed by someone else since it was opened; nothing was saved."
        )
    if not os.access(target, os.W_OK):
        raise Refused(f"{file.path} is read-only; nothing was saved.")
    try:
        outcomes.write_private(target, text)
    except OSError as error:
        raise Refused(f"{file.path} could not be written ({error.strerror}).") from None
    return Saved(replace(file, text=text, outcomes=changed), rewritten)
