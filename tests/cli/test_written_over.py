"""What the commands write (`export -o`, its Markdown summary, `review --html`) never goes over
a session file or its write-ahead log, and a refusal writes nothing at all."""

from __future__ import annotations

from pathlib import Path

from rmworkshop.core.clock import FakeClock
from rmworkshop.store.sqlite import SessionStore
from tests.cli.conftest import new_session
from tests.helpers import assert_ok, assert_refused, call_cli


def test_export_never_writes_over_a_session(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    other = tmp_path / "other.workshop"
    assert_ok(call_cli("new", "cross-generational-brainstorm", "--session", other))
    kept = {path: path.read_bytes() for path in (session, other)}
    for target in (session, other):
        assert_refused(call_cli("export", session, "-o", target), "is a session file")
    # The summary beside the outcomes would go over a session: neither file is written.
    outcomes = tmp_path / "other.toml"
    beside = other.with_suffix(".md")
    other.rename(beside)
    assert_refused(call_cli("export", session, "-o", outcomes, "--markdown"), "is a session file")
    assert not outcomes.exists()
    beside.rename(other)
    assert {path: path.read_bytes() for path in (session, other)} == kept
    assert_ok(call_cli("status", session))


def test_export_never_writes_over_a_sessions_write_ahead_log(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    with SessionStore.open(session, FakeClock()) as store:
        store.start()  # a write: the log holds it until the file is checkpointed
        log = Path(f"{session}-wal")
        assert log.stat().st_size > 0
        written = log.read_bytes()
        assert_refused(call_cli("export", session, "-o", log), "is a session file")
        assert log.read_bytes() == written
    assert_ok(call_cli("status", session))


def test_the_review_report_never_writes_over_a_session(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    outcomes = tmp_path / "outcomes.toml"
    assert_ok(call_cli("export", session, "-o", outcomes))
    kept = session.read_bytes()
    line = assert_refused(call_cli("review", outcomes, "--html", session), "is a session file")
    assert "nothing was written" in line
    assert session.read_bytes() == kept


def test_outcomes_and_their_summary_are_never_one_file(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    target = tmp_path / "outcomes.md"
    assert_refused(call_cli("export", session, "-o", target, "--markdown"), "one file")
    assert not target.exists()
