"""Check-in answers in the outcomes: each partner's answer kept apart, status and impact from
them, pairs nobody answered for listed as not checked in, version 3 written only then; they
read back, count in the trends, and hostile notes stay literal in Markdown and HTML."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rmworkshop.core.checkin import CheckinPair
from rmworkshop.core.clock import FakeClock
from rmworkshop.core.errors import BadFile
from rmworkshop.files.outcomes import load, open_file, save_edit, write
from rmworkshop.outcomes import schema as out
from rmworkshop.outcomes.build import build
from rmworkshop.outcomes.edits import pair_impact_edit, pair_status_edit
from rmworkshop.outcomes.summary import markdown
from rmworkshop.outcomes.trends import trends
from rmworkshop.store.sqlite import SessionStore
from tests.helpers import go_to, make_agenda, make_roster

NOTE = "<script>alert(1)</script> [b]x[/b] **bold** | pipe"
PHASES = (("Pair check-in", "checkin", 5), ("What changed", "share", 5))
PAIRS = [
    CheckinPair(("Ana",), ("Dee",), ("AI tools",)),
    CheckinPair(("Cy",), ("Bo",)),
    CheckinPair(("Yan",), ("Xi",)),  # nobody of this pair is in the session
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_795_000_000.0)


def _outcomes(tmp_path: Path, clock: FakeClock, finish: bool = True) -> out.Outcomes:
    with SessionStore.create(
        tmp_path / "s.workshop",
        make_agenda(phases=PHASES),
        "follow-up",
        clock,
        roster=make_roster(),
        seed=2,
    ) as store:
        store.set_checkin_pairs(PAIRS)
        go_to(store, "checkin")
        store.check_in("Ana", "2-3", "well", NOTE)
        store.check_in("Dee", "1", "stuck", "Slow start")
        store.check_in("Cy", "0", "well")
        if finish:
            store.next_phase()
        return build(store.snapshot(), {}, clock.now())


def test_partners_apart_status_and_impact_from_their_answers(
    tmp_path: Path, clock: FakeClock
) -> None:
    outcomes = _outcomes(tmp_path, clock)
    assert outcomes.version == out.CHECKIN_VERSION
    ana_dee, cy_bo, absent = outcomes.pairs
    assert [(a.name, a.met, a.going) for a in ana_dee.answers] == [
        ("Ana", "2-3", "well"),
        ("Dee", "1", "stuck"),
    ]
    assert ana_dee.status == "stuck"  # anyone stuck makes the pair stuck
    assert ana_dee.impact == f"Ana: {NOTE} / Dee: Slow start"
    assert cy_bo.status == "open" and cy_bo.checked_in  # answered: not met yet
    assert absent.checked_in is False and absent.answers == [] and absent.status == "open"


def test_an_export_during_the_check_in_holds_no_answer(tmp_path: Path, clock: FakeClock) -> None:
    outcomes = _outcomes(tmp_path, clock, finish=False)
    assert outcomes.version == out.VERSION
    assert "Slow start" not in outcomes.to_toml()


def test_the_file_reads_back_counts_in_the_trends_and_can_be_edited(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "follow-up.toml"
    write(_outcomes(tmp_path, clock), path)
    text = path.read_text(encoding="utf-8")
    assert "version = 3" in text and "[[pairs.answers]]" in text
    loaded = load(path)
    assert loaded.pairs[0].answers[1].note == "Slow start"
    session = trends([loaded], date(2030, 1, 1)).sessions[0]
    assert session.pairs == {"open": 2, "met": 0, "stuck": 1, "ended": 0}
    # A leader still sets the status and impact in review: saved in place, answers kept.
    saved = save_edit(open_file(path), pair_status_edit(0, "met"))
    del saved
    save_edit(open_file(path), pair_impact_edit(0, "Agreed to meet weekly"))
    again = load(path)
    assert (again.pairs[0].status, again.pairs[0].impact) == ("met", "Agreed to meet weekly")
    assert again.pairs[0].answers == loaded.pairs[0].answers


def test_a_version_2_file_with_answers_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    text = _outcomes(tmp_path, clock).to_toml().replace("version = 3", "version = 2")
    path = tmp_path / "old.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadFile, match="check-in answers need version = 3"):
        load(path)


def test_hostile_notes_stay_literal_in_markdown_and_html(tmp_path: Path, clock: FakeClock) -> None:
    from rmworkshop.report.page import report

    outcomes = _outcomes(tmp_path, clock)
    summary = markdown(outcomes)
    assert "## Pair check-in" in summary
    assert r"\<script\>alert(1)\</script\> \[b\]x\[/b\] \*\*bold\*\* \| pipe" in summary
    assert "- Not checked in: Yan, Xi" in summary
    assert "<script>" not in summary
    kickoff = outcomes.model_copy(
        update={
            "session": outcomes.session.model_copy(
                update={"started": datetime(2026, 1, 1, tzinfo=UTC)}
            )
        }
    )
    page = report([kickoff, outcomes], date(2030, 1, 1))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page
