"""Opening outcomes files for review and saving one edit back to its file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rmworkshop.core.errors import BadFile, Refused
from rmworkshop.files import outcomes as outcome_files
from rmworkshop.files.outcomes import ChangedOnDisk, open_file, open_files, save_edit
from rmworkshop.outcomes.edits import impact_edit, status_edit
from tests.review.conftest import make_outcomes, write


def test_open_keeps_the_exact_text(session_file: Path) -> None:
    opened = open_file(session_file)
    assert opened.text.encode("utf-8") == session_file.read_bytes()
    assert opened.outcomes == outcome_files.load(session_file)


def test_a_file_named_twice_is_opened_once(session_file: Path) -> None:
    opened = open_files([session_file, Path(".") / session_file, session_file.resolve()])
    assert len(opened) == 1


def test_every_bad_file_is_counted_in_one_message(tmp_path: Path) -> None:
    good = write(tmp_path / "good.toml", make_outcomes())
    (tmp_path / "a.toml").write_text("not toml = [", encoding="utf-8")
    (tmp_path / "b.toml").write_text('format = "other"\n', encoding="utf-8")
    with pytest.raises(BadFile) as caught:
        open_files([good, tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "missing.toml"])
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'a.toml'}: line 1: not valid TOML")
    assert message.endswith("(and 2 more bad files)")
    assert "\n" not in message


def test_save_writes_the_edit_atomically_with_mode_0600(session_file: Path) -> None:
    os.chmod(session_file, 0o644)
    opened = open_file(session_file)
    saved = save_edit(opened, status_edit(2, "done"))
    assert not saved.rewritten
    assert saved.file.text.encode("utf-8") == session_file.read_bytes()
    assert outcome_files.load(session_file) == saved.file.outcomes
    assert saved.file.outcomes.ideas[2].status == "done"
    assert stat.S_IMODE(session_file.stat().st_mode) == 0o600
    assert [p.name for p in session_file.parent.iterdir()] == [session_file.name]
    # The saved state is the new baseline: a second edit goes through.
    again = save_edit(saved.file, impact_edit(2, "Agreed with purchasing"))
    assert outcome_files.load(session_file).ideas[2].impact == "Agreed with purchasing"
    assert again.file.outcomes.ideas[2].status == "done"


def test_a_change_made_elsewhere_is_never_overwritten(session_file: Path) -> None:
    opened = open_file(session_file)
    theirs = session_file.read_text(encoding="utf-8").replace('impact = ""', 'impact = "x"', 1)
    session_file.write_text(theirs, encoding="utf-8")
    with pytest.raises(ChangedOnDisk, match="changed by someone else"):
        save_edit(opened, status_edit(2, "done"))
    assert session_file.read_text(encoding="utf-8") == theirs


def test_a_file_that_is_gone_is_refused(session_file: Path) -> None:
    opened = open_file(session_file)
    session_file.unlink()
    with pytest.raises(Refused, match="is gone; nothing was saved"):
        save_edit(opened, status_edit(2, "done"))
    assert not session_file.exists()


def test_a_read_only_file_is_refused_unless_the_user_may_write_anything(
    session_file: Path,
) -> None:
    """The file's real mode decides; the next test covers the refusal for root as well."""
    opened = open_file(session_file)
    before = session_file.read_bytes()
    os.chmod(session_file, 0o400)
    if os.access(session_file, os.W_OK):  # root: the kernel lets it write, so saving may too
        save_edit(opened, status_edit(2, "done"))
        assert outcome_files.load(session_file).ideas[2].status == "done"
        return
    with pytest.raises(Refused, match="read-only"):
        save_edit(opened, status_edit(2, "done"))
    assert session_file.read_bytes() == before


def test_read_only_refusal_even_for_root(
    session_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_file(session_file)
    before = session_file.read_bytes()
    monkeypatch.setattr(os, "access", lambda *_: False)
    with pytest.raises(Refused, match="read-only; nothing was saved"):
        save_edit(opened, status_edit(2, "done"))
    assert session_file.read_bytes() == before


def test_save_through_a_symbolic_link_keeps_the_link(session_file: Path) -> None:
    link = session_file.with_name("link.toml")
    link.symlink_to(session_file.name)
    save_edit(open_file(link), status_edit(2, "done"))
    assert link.is_symlink()
    assert outcome_files.load(session_file).ideas[2].status == "done"


def test_a_file_export_would_not_write_is_rewritten_only_if_it_must(tmp_path: Path) -> None:
    path = tmp_path / "odd.toml"
    text = make_outcomes().to_toml().replace("[[ideas]]", "[[ ideas ]]  # spaced", 1)
    path.write_text(text, encoding="utf-8")
    saved = save_edit(open_file(path), status_edit(0, "done"))
    assert not saved.rewritten, "spaces and comments in a header are still understood"
    assert "[[ ideas ]]  # spaced" in path.read_text(encoding="utf-8")
    text = (
        path.read_text(encoding="utf-8")
        .replace('text = "Let interns', 'text = """\n[not a header]\nLet interns', 1)
        .replace('retro per quarter"', 'retro per quarter"""', 1)
    )
    path.write_text(text, encoding="utf-8")
    saved = save_edit(open_file(path), status_edit(5, "done"))
    assert saved.rewritten
    assert outcome_files.load(path) == saved.file.outcomes
    assert (
        outcome_files.load(path).ideas[5].text
        == "[not a header]\nLet interns run one retro per quarter"
    )
