"""How the review console looks, pinned at a fixed terminal size with a fixed "today".

Review a changed snapshot in the HTML report before accepting it with --snapshot-update.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rmworkshop.files.outcomes import open_files
from rmworkshop.ui.review.app.factory import make_review
from tests.review.conftest import SIZE, TODAY

Snap = Callable[..., bool]


def test_session_console(snap_compare: Snap, session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    assert snap_compare(app, terminal_size=SIZE)


def test_session_console_small_terminal(snap_compare: Snap, session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    assert snap_compare(app, terminal_size=(80, 24))


def test_due_date_dialog_explains_a_bad_date(snap_compare: Snap, session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    keys = ["down", "d", *"2027-02-30", "enter"]
    assert snap_compare(app, terminal_size=SIZE, press=keys)


def test_programme_view(snap_compare: Snap, programme: list[Path]) -> None:
    app = make_review(open_files(programme), TODAY)
    assert snap_compare(app, terminal_size=SIZE)


def test_programme_view_overdue_filter(snap_compare: Snap, programme: list[Path]) -> None:
    app = make_review(open_files(programme), TODAY)
    keys = ["t", *["down"] * 5, "enter"]
    assert snap_compare(app, terminal_size=SIZE, press=keys)


def test_programme_owner_filter_dialog(snap_compare: Snap, programme: list[Path]) -> None:
    app = make_review(open_files(programme), TODAY)
    assert snap_compare(app, terminal_size=SIZE, press=["f"])


def test_session_figures_on_a_small_terminal(snap_compare: Snap, session_file: Path) -> None:
    app = make_review(open_files([session_file]), TODAY)
    assert snap_compare(app, terminal_size=(80, 24), press=["a"])


def test_programme_view_small_terminal(snap_compare: Snap, programme: list[Path]) -> None:
    app = make_review(open_files(programme), TODAY)
    assert snap_compare(app, terminal_size=(80, 24))
