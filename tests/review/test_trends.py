"""Trends across a programme of four sessions, with exact figures: the date order, "not
known" where a file cannot say (an older version, no timed turn, no pairs), the flags and
the trend table in Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmworkshop.files import outcomes as outcome_files
from rmworkshop.outcomes.schema import Outcomes
from rmworkshop.outcomes.trend_markdown import markdown
from rmworkshop.outcomes.trend_views import charts, rows
from rmworkshop.outcomes.trends import Shares, trends
from tests.helpers import assert_ok, call_cli
from tests.trends_programme import TODAY, programme, sessions


def test_each_session_in_date_order_with_what_is_not_known() -> None:
    found = trends(programme(), TODAY)
    assert [figures.day for figures in found.sessions] == [
        "2026-09-01",
        "2026-10-01",
        "2026-11-01",
        "2026-12-01",
    ]
    assert [figures.file for figures in found.sessions] == [1, 3, 0, 2]
    assert [figures.version for figures in found.sessions] == [1, 2, 2, 2]
    assert found.levels == ["junior", "senior", "executive"]
    one, two, three, four = found.sessions
    assert [f.people for f in found.sessions] == [9, 10, 8, 6]
    assert one.people_by_level is None  # the file does not count people by level
    assert two.people_by_level == {"junior": 5, "senior": 4, "executive": 1}
    # Ideas submitted (merged ones too) per person present: 3/9, 4/10, 0/8, 4/6.
    assert one.ideas_per_person == pytest.approx(1 / 3)
    assert two.ideas_per_person == pytest.approx(0.4)
    assert three.ideas_per_person == 0.0
    assert four.ideas_per_person == pytest.approx(2 / 3)
    assert two.shares == {
        "junior": Shares(0.40, 0.50),
        "senior": Shares(0.45, 0.40),
        "executive": Shares(0.15, 0.10),
    }
    # Nobody had a timed turn in the check-in: no airtime figure is known, none is zero.
    assert (three.shares, three.gini, three.junior_first, three.never_spoke) == (
        None,
        None,
        None,
        None,
    )
    assert [f.gini for f in found.sessions] == [0.2, 0.25, None, 0.31]
    assert [f.junior_first for f in found.sessions] == [1.0, 0.5, None, 1.0]
    assert [f.never_spoke for f in found.sessions] == [2, 1, None, 1]
    assert [f.actions for f in found.sessions] == [
        {"done": 1, "open": 0, "overdue": 0, "dropped": 0},
        {"done": 0, "open": 1, "overdue": 1, "dropped": 1},
        {"done": 0, "open": 0, "overdue": 0, "dropped": 0},
        {"done": 1, "open": 1, "overdue": 1, "dropped": 0},
    ]
    # Version 1 has no pairs, and the last session formed none: not known, not zero.
    assert [f.pairs for f in found.sessions] == [
        None,
        {"open": 3, "met": 0, "stuck": 0, "ended": 0},
        {"open": 1, "met": 1, "stuck": 1, "ended": 0},
        None,
    ]


def test_flags_a_leader_acts_on() -> None:
    found = trends(programme(), TODAY)
    assert [(flag.kind, flag.text, flag.private) for flag in found.flags] == [
        ("pair-not-met", "Bo with Quinn: not met since 2026-10-01", False),
        ("pair-stuck", "Cy with Dev: stuck (paired 2026-10-01)", False),
        ("overdue", "Junior chair (Bo): due 2026-11-01, 49 days overdue", False),
        ("overdue", "Quiet Fridays (Ana, Marcus): due 2026-12-15, 5 days overdue", False),
        (
            "falling-share",
            "junior: share of speaking time keeps falling (45% → 40% → 30%,"
            " 2026-09-01 to 2026-12-01)",
            False,
        ),
        (
            "never-spoke",
            "People never spoke in two sessions running: 2 on 2026-09-01, 1 on 2026-10-01",
            True,
        ),
    ]
    assert [flag.kind for flag in found.shared_flags()] == [
        "pair-not-met",
        "pair-stuck",
        "overdue",
        "overdue",
        "falling-share",
    ]


def test_a_share_that_rose_once_does_not_keep_falling() -> None:
    data = sessions()
    data[1]["airtime"]["levels"][0]["share_of_time"] = 0.50  # 45% → 50% → 30%
    found = trends([Outcomes.model_validate(d, strict=False) for d in data], TODAY)
    assert "falling-share" not in [flag.kind for flag in found.flags]


def test_a_pair_formed_at_the_last_session_is_not_flagged() -> None:
    data = sessions()[:2]  # the kickoff that formed the pairs is the latest session
    found = trends([Outcomes.model_validate(d, strict=False) for d in data], TODAY)
    assert not [flag for flag in found.flags if flag.kind.startswith("pair")]


def test_the_trend_table_in_markdown() -> None:
    text = markdown(trends(programme(), TODAY))
    lines = text.splitlines()
    assert "| Figure | 2026-09-01 | 2026-10-01 | 2026-11-01 | 2026-12-01 | Good |" in lines
    for expected in (
        "| **People present** | 9 | 10 | 8 | 6 | every level there |",
        "| · junior | — | 5 | 4 | 3 |  |",
        "| · executive | — | 1 | 0 | 1 |  |",
        "| **Ideas per person** | 0.3 | 0.4 | 0.0 | 0.7 | steady or rising |",
        "| · junior | 45% / 44% | 40% / 50% | — | 30% / 50% |  |",
        "| **Gini of airtime** | 0.20 | 0.25 | — | 0.31 | under 0.3 (0 = all equal) |",
        "| **Most junior level opened** | 100% | 50% | — | 100% | near 100% |",
        "| **Never spoke** | 2 | 1 | — | 1 | 0 |",
        "| · overdue | 0 | 1 | 0 | 1 |  |",
        "| **Mentoring pairs** | — | 3 | 3 | — | every pair met, none stuck |",
        "| · not met yet | — | 3 | 1 | — |  |",
        "- Bo with Quinn: not met since 2026-10-01",
    ):
        assert expected in lines, expected
    assert "never spoke in two sessions" not in text  # the facilitator's only


def test_rows_and_charts_carry_the_same_figures() -> None:
    found = trends(programme(), TODAY)
    table = {(row.label, row.level): row.cells for row in rows(found)}
    assert table[("done", 1)] == ["1", "0", "0", "1"]
    drawn = {chart.title: chart for chart in charts(found)}
    assert len(drawn) == 8
    gap = drawn["Share of speaking time against share of people"]
    assert [(s.name, s.values) for s in gap.series] == [
        ("junior", [1, -10, None, -20]),
        ("senior", [-1, 5, None, 22]),
        ("executive", [1, 5, None, -2]),
    ]
    pairs = drawn["Mentoring pairs by status"]
    assert [(s.name, s.values) for s in pairs.series] == [
        ("met", [None, 0, 1, None]),
        ("stuck", [None, 0, 1, None]),
        ("ended", [None, 0, 0, None]),
        ("not met yet", [None, 3, 1, None]),
    ]
    assert drawn["Ideas per person"].series[0].values == [0.3, 0.4, 0.0, 0.7]
    assert drawn["Rounds opened by the most junior level"].series[0].values == [
        100,
        50,
        None,
        100,
    ]
    assert drawn["People present by level"].series[0].values == [None, 5, 4, 3]


def test_review_markdown_of_several_files_has_the_trends(tmp_path: Path) -> None:
    paths = []
    for number, outcomes in enumerate(programme()):
        path = tmp_path / f"session-{number}.toml"
        outcome_files.write(outcomes, path)
        paths.append(path)
    result = call_cli("review", *paths, "--markdown")
    assert_ok(result)
    assert "## Trends" in result.stdout
    assert "| **Never spoke** | 2 | 1 | — | 1 | 0 |" in result.stdout.splitlines()
