"""`own --due` follows the one due-date rule: a week date is refused, not stored as a day."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_dates import FULLWIDTH, NOT_CALENDAR_DATES
from tests.helpers import assert_ok, assert_refused, call_cli


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("due") / "s.workshop"
    assert_ok(call_cli("new", "lean-coffee", "--session", path))
    assert_ok(call_cli("add", path, "Ana", "--level", "junior"))
    assert_ok(call_cli("start", path))
    assert_ok(call_cli("next", path))
    assert_ok(call_cli("submit", path, "Pair new hires with a leader"))
    assert_ok(call_cli("reveal", path))
    return path


@pytest.mark.parametrize("typed", ["2026-W50-1", "20261215", FULLWIDTH])
def test_own_refuses_what_is_not_a_calendar_date(session: Path, typed: str) -> None:
    assert typed in NOT_CALENDAR_DATES
    assert_refused(call_cli("own", session, "1", "Ana", "--due", typed), "write it as YYYY-MM-DD")
    assert "due" not in assert_ok(call_cli("ideas", session))


def test_own_takes_a_calendar_date(session: Path) -> None:
    assert_ok(call_cli("own", session, "1", "Ana", "--due", "2026-12-15"))
    assert "owners: Ana, due 2026-12-15" in assert_ok(call_cli("ideas", session))
