"""The Markdown summary a leader pastes into an email or wiki, pinned by golden files.

Set ``UPDATE_GOLDEN=1`` to rewrite them after a deliberate change, then read the diff.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes.followup import markdown
from rmworkshop.outcomes.summary import markdown as session_markdown
from tests.helpers import assert_ok, call_cli
from tests.review.conftest import TODAY, idea, make_outcomes

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
    assert path.is_file(), f"{path} is missing; create it with UPDATE_GOLDEN=1 and review it"
    assert actual.encode("utf-8") == path.read_bytes(), f"{name} differs from its golden file"


def test_one_session_is_the_session_summary(session_file: Path) -> None:
    result = outcome_files.load(session_file)
    text = markdown([result], TODAY)
    assert text == session_markdown(result)
    check_golden("session.md", text)
    for expected in (
        "| 1 | Monthly tool show-and-tell run by new hires | 12 | Ana, Marcus | 2026-12-15"
        " | open |",
        "| 2= | Reverse office hours: leaders ask, new hires answer | 9 | Quinn | 2027-01-31"
        " | in-progress |",
        "- Gini coefficient of airtime: 0.18",
        "- People who never spoke: 1",
    ):
        assert expected in text


def test_a_programme_leads_with_counts_and_overdue_actions(programme: list[Path]) -> None:
    results = [outcome_files.load(path) for path in programme]
    text = markdown(results, TODAY)
    check_golden("programme.md", text)
    head, *sessions = text.split("\n---\n\n")
    assert "3 sessions, 7 actions (1 idea had no owner), as of 2026-12-20." in head
    assert "| **overdue** | **2** |" in head
    overdue = [line for line in head.splitlines() if line.startswith("| 2026-")]
    assert overdue == [
        "| 2026-12-01 | Reverse mentoring pairs for every leader | Ana, Marcus | in-progress"
        " | Kick-off: how we work (2026-10-05) |",
        "| 2026-12-10 | Junior chair at one leadership meeting a quarter | Quinn | open"
        " | Feedback culture (2026-11-05) |",
    ]
    assert sessions == [session_markdown(result) for result in results]


def test_nothing_overdue_says_so() -> None:
    text = markdown([make_outcomes(), make_outcomes("Second")], date(2026, 1, 1))
    assert "No action is overdue." in text


def test_hostile_text_stays_literal_in_the_programme_section() -> None:
    late = idea(
        1,
        "[b]x[/b] <script>alert(1)</script> | \x1b[31mred",
        1,
        owners=["*Bo*"],
        due=date(2026, 1, 1),
    )
    text = markdown([make_outcomes(ideas=[late]), make_outcomes("Other")], TODAY)
    head = text.split("\n---\n\n")[0]
    assert "\\[b\\]x\\[/b\\] \\<script\\>alert(1)\\</script\\> \\| red" in head
    assert "\\*Bo\\*" in head
    assert "\x1b" not in head


def test_the_command_prints_the_summary_without_opening_the_console(
    session_file: Path, programme: list[Path]
) -> None:
    before = [path.read_bytes() for path in (session_file, *programme)]
    out = assert_ok(call_cli("review", session_file, "--markdown"))
    assert out == (GOLDEN / "session.md").read_text(encoding="utf-8")
    out = assert_ok(call_cli("review", *programme, "--markdown"))
    # The command uses the system date, so only the parts that do not depend on it are pinned.
    golden = (GOLDEN / "programme.md").read_text(encoding="utf-8")
    assert out.split("\n---\n\n")[1:] == golden.split("\n---\n\n")[1:]
    assert out.startswith(
        "# Programme follow-up\n\n3 sessions, 7 actions (1 idea had no owner), as of "
    )
    assert [path.read_bytes() for path in (session_file, *programme)] == before


def test_parentheses_and_marks_read_as_typed_when_pasted_into_an_email() -> None:
    from rmworkshop.outcomes.summary import md

    assert md("Priya (Legal)") == "Priya (Legal)"
    assert md("Ship it! #1 priority + more") == "Ship it! #1 priority + more"
    # A link or an image still cannot form: its brackets stay escaped.
    assert md("![x](http://e.example)") == "!\\[x\\](http://e.example)"
