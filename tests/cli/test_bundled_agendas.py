"""The bundled agendas are checked here, once, so that a new session on one need not load the
schema at start-up; any other agenda file is checked in full every time.

`rmworkshop.agendas.CHECKED_BUNDLED` holds the SHA-256 of each bundled agenda as checked below.
After editing a bundled agenda, run these tests and put the digest they print into that table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from rmworkshop import agendas
from rmworkshop.core.errors import BadFile
from rmworkshop.core.plan import Plan
from rmworkshop.files.reading import load
from rmworkshop.store.sqlite import SessionStore
from rmworkshop.system import SystemClock
from tests.helpers import assert_ok, assert_refused, call_cli

BUNDLED = sorted(agendas.bundled())


def test_every_bundled_agenda_has_the_digest_of_its_checked_bytes() -> None:
    found = {name: agendas.digest(path.read_bytes()) for name, path in agendas.bundled().items()}
    assert found == agendas.CHECKED_BUNDLED, f"update CHECKED_BUNDLED to {found}"


@pytest.mark.parametrize("name", BUNDLED)
def test_a_bundled_agenda_read_without_the_schema_is_the_checked_agenda(name: str) -> None:
    path = agendas.bundled()[name]
    checked = load(Plan, path)
    unchecked = Plan.from_data(tomllib.loads(path.read_text(encoding="utf-8")))
    assert unchecked == checked
    assert agendas.load_plan(name) == (name, checked)
    # The session file keeps the agenda as JSON, and reads back the same agenda.
    assert Plan.from_data(json.loads(checked.to_json())) == checked


@pytest.mark.parametrize("name", BUNDLED)
def test_sessions_made_both_ways_store_the_same_agenda(name: str, tmp_path: Path) -> None:
    checked = load(Plan, agendas.bundled()[name])
    stored = []
    for agenda, file in ((checked, "a.workshop"), (agendas.load_plan(name)[1], "b.workshop")):
        with SessionStore.create(tmp_path / file, agenda, name, SystemClock(), seed=1) as store:
            stored.append(store.snapshot().agenda)
    assert stored[0] == stored[1] == checked


_PROBE = """
import sys
from pathlib import Path
from rmworkshop.sessions import create_session
from rmworkshop.system import SystemClock
agenda = sys.argv[1]
create_session(SystemClock(), agenda, None, Path(sys.argv[2])).close()
print("pydantic" in sys.modules)
"""


def _creates_with_schema(agenda: str, folder: Path) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, agenda, str(folder / "probe.workshop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


def test_a_bundled_agenda_by_name_needs_no_schema(tmp_path: Path) -> None:
    assert not _creates_with_schema("lean-coffee", tmp_path)


def test_a_copy_of_a_bundled_agenda_is_a_file_a_person_wrote(tmp_path: Path) -> None:
    # Even with the very same bytes: a path is checked, however it came to be.
    copy = tmp_path / "lean-coffee.toml"
    copy.write_bytes(agendas.bundled()["lean-coffee"].read_bytes())
    assert _creates_with_schema(str(copy), tmp_path)


def test_a_changed_bundled_agenda_is_checked_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed copy edited in place no longer has the checked digest.
    folder = tmp_path / "agendas"
    folder.mkdir()
    original = agendas.bundled()["lean-coffee"].read_text(encoding="utf-8")
    (folder / "lean-coffee.toml").write_text(original + "colour = 'red'\n", encoding="utf-8")
    monkeypatch.setattr(agendas, "bundled_dir", lambda: folder)
    with pytest.raises(BadFile, match="unknown key"):
        agendas.load_plan("lean-coffee")


def test_a_bad_agenda_file_is_still_refused_by_new(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\nphases = []\n', encoding="utf-8")
    assert_refused(call_cli("new", bad, "--session", tmp_path / "s.workshop"), "phases")
    assert not (tmp_path / "s.workshop").exists()
    assert_ok(call_cli("new", "lean-coffee", "--session", tmp_path / "s.workshop"))


def test_the_follow_up_agenda_checks_in_then_shares_then_collects_and_votes() -> None:
    """A programme's follow-up: pairs check in, a share round on what changed, then new ideas
    and a vote; its check-in prompt says who reads the answers."""
    plan = load(Plan, agendas.bundled()["reverse-mentoring-follow-up"])
    kinds = [phase.kind for phase in plan.phases]
    firsts = [kinds.index(kind) for kind in ("checkin", "share", "capture", "vote")]
    assert firsts == sorted(firsts), kinds
    assert "with your name" in plan.phases[kinds.index("checkin")].prompt
