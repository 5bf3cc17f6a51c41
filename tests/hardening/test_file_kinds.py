"""Files that are not what a command expects: pipes, devices, folders and huge files are
refused with one line and exit 2, before anything is read or written.

Before, a FIFO as agenda, roster or review file hung forever, `/dev/zero` was read until
memory ran out, a 200 MB agenda took half a minute, and `export -o` onto a folder, into a
missing folder or onto a device node ended in an internal error or replaced the node.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from rmworkshop.files.reading import MAX_OUTCOMES_BYTES, MAX_SETUP_BYTES
from tests.cli.conftest import new_session
from tests.helpers import assert_refused, call_cli

Command = Callable[[Path, Path], list[str | Path]]
"""The command line that reads `file`, given a scratch folder."""

READERS: dict[str, Command] = {
    "validate": lambda file, folder: ["validate", file],
    "review": lambda file, folder: ["review", file],
    "review --markdown": lambda file, folder: ["review", "--markdown", file],
    "agenda of new": lambda file, folder: ["new", file, "--session", folder / "s.workshop"],
    "roster of new": lambda file, folder: [
        "new",
        "lean-coffee",
        "--roster",
        file,
        "--session",
        folder / "s.workshop",
    ],
}


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.toml"
    os.mkfifo(path)
    return path


def _sparse(folder: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk (all zero bytes)."""
    path = folder / "huge.toml"
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


@pytest.mark.parametrize("command", READERS)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, command: str) -> None:
    fifo = _fifo(tmp_path)
    assert_refused(call_cli(*READERS[command](fifo, tmp_path)), "not a regular file")
    assert not (tmp_path / "s.workshop").exists()


@pytest.mark.parametrize("command", READERS)
def test_an_endless_device_is_refused(tmp_path: Path, command: str) -> None:
    assert_refused(call_cli(*READERS[command](Path("/dev/zero"), tmp_path)), "not a regular file")


@pytest.mark.parametrize(
    ("command", "limit"),
    [("agenda of new", "1 MiB"), ("roster of new", "1 MiB"), ("validate", "64 MiB")],
)
def test_a_200_mb_agenda_or_roster_is_refused(tmp_path: Path, command: str, limit: str) -> None:
    # `validate` cannot tell an agenda before reading it, so it stops at the largest limit.
    huge = _sparse(tmp_path, 200 * 1024 * 1024)
    assert_refused(call_cli(*READERS[command](huge, tmp_path)), f"larger than {limit}")


def test_a_file_just_over_the_setup_limit_is_refused_by_validate(tmp_path: Path) -> None:
    # Valid TOML, so only the size can refuse it: `validate` holds agendas to what `new` reads.
    agenda = tmp_path / "agenda.toml"
    padding = "#" * 1000 + "\n"
    agenda.write_text(
        'title = "Big"\n' + padding * (MAX_SETUP_BYTES // len(padding) + 1), encoding="utf-8"
    )
    assert_refused(call_cli("validate", agenda), "larger than 1 MiB")


@pytest.mark.parametrize("command", ["review", "review --markdown", "validate"])
def test_an_outcomes_file_over_the_limit_is_refused(tmp_path: Path, command: str) -> None:
    huge = _sparse(tmp_path, MAX_OUTCOMES_BYTES + 1)
    assert_refused(call_cli(*READERS[command](huge, tmp_path)), "larger than 64 MiB")


@pytest.fixture
def session(tmp_path: Path) -> Path:
    return new_session(tmp_path)


def test_export_into_a_folder_is_refused(session: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert_refused(call_cli("export", session, "-o", folder), "is a folder")
    assert list(folder.iterdir()) == []


def test_export_into_a_missing_folder_is_refused(session: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "outcomes.toml"
    assert_refused(call_cli("export", session, "-o", target), "does not exist")
    assert not target.parent.exists()


@pytest.mark.parametrize("markdown", [False, True], ids=["toml", "markdown"])
def test_export_onto_a_pipe_leaves_it_a_pipe(session: Path, tmp_path: Path, markdown: bool) -> None:
    # A FIFO stands in for any node that is not a regular file (a device needs root to make).
    fifo = _fifo(tmp_path)
    flags = ["--markdown"] if markdown else []
    assert_refused(call_cli("export", session, "-o", fifo, *flags), "not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert not fifo.with_suffix(".md").exists()


def test_export_onto_a_symbolic_link_to_a_device_is_refused(session: Path, tmp_path: Path) -> None:
    link = tmp_path / "null.toml"
    link.symlink_to("/dev/null")
    assert_refused(call_cli("export", session, "-o", link), "not a regular file")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
