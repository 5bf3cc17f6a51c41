"""Quick reading of exported outcomes and in-place edits agree exactly with tomllib.

Whatever `quick_load` accepts, tomllib and the schema must read the same way; whatever it
cannot be sure of, it leaves to them. The property tests feed it exported files and
damaged variants of them.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmworkshop.core.errors import BadFile
from rmworkshop.outcomes import schema as outcomes
from rmworkshop.outcomes.edits import (
    Edit,
    apply,
    due_edit,
    impact_edit,
    owners_edit,
    status_edit,
)
from rmworkshop.outcomes.inplace import edit_idea
from rmworkshop.outcomes.quickload import quick_load
from rmworkshop.outcomes.schema import Outcomes
from tests.helpers import corpus
from tests.review.conftest import SESSION_IDEAS, idea, make_outcomes

GOLDEN_EXPORT = Path(__file__).resolve().parents[1] / "cli" / "golden" / "outcomes.toml"


def slow_load(text: str) -> Outcomes | None:
    """What tomllib and the schema make of the text, or None if they refuse it."""
    try:
        return outcomes.parse(Path("x.toml"), text, tomllib.loads(text))
    except (tomllib.TOMLDecodeError, BadFile):
        return None


def test_an_export_is_read_quickly_and_the_same() -> None:
    text = GOLDEN_EXPORT.read_text(encoding="utf-8")
    assert quick_load(text) is not None
    assert quick_load(text) == slow_load(text)
    built = make_outcomes()
    assert quick_load(built.to_toml()) == built


@pytest.mark.parametrize(
    "change",
    [
        ("[voting]", "[voting]  # a comment"),  # comments are for tomllib
        ("votes = 12", "votes = 12.0"),  # wrong type: tomllib says where
        ("votes = 12", "votes = 12\nvotes = 13"),  # a key twice
        ("ballots = 9", "ballots = 9\nballots = 9"),
        ("[voting]", "[session]"),  # a table twice
        ("due = 2026-12-15", 'due = "2026-12-15"'),  # a string is not a date
        ("due = 2026-12-15", "due = 2026-12-15T00:00:00Z"),
        ("due = 2026-12-15", "due = 2026-02-30"),
        ('title = "Cross', 'due = 2026-01-01\ntitle = "Cross'),  # a date where none belongs
        ("owners = [\n", "owners = [\n    1,\n"),
        ('"Ana",', '"Ana"'),  # no trailing comma
        ("junior = 4", '"junior" = "4"'),
        ("junior = 4", 'junior = 4\n"junior" = 4'),  # the same key, quoted
        ("junior = 4", '"\\u006aunior" = 4\njunior = 4'),  # the same key, escaped
        ("[[ideas]]", "[ideas]"),
        ("[[ideas]]", "[[ ideas ]]"),
        ('text = "Monthly', 'text = "\\ud83d Monthly'),  # escaped surrogate
        ('text = "Monthly', 'text = "\\U0001F642 Monthly'),
        ("format = ", "extra = 1\nformat = "),  # an unknown key
        ("version = 2", "version = 99"),
        ("version = 2", "version = true"),  # JSON would take these for 1
        ("version = 2", "version = 1.0"),
        ("version = 2", 'version = "1"'),
        ("\n[[phases]]", "\n[airtime.extra]\nx = 1\n[[phases]]"),
    ],
)
def test_anything_beyond_the_export_layout_is_left_to_tomllib(change: tuple[str, str]) -> None:
    text = make_outcomes().to_toml()
    old, new = change
    assert old in text
    changed = text.replace(old, new, 1)
    quick = quick_load(changed)
    assert quick is None or quick == slow_load(changed)
    if slow_load(changed) is None:
        assert quick is None


def test_quoted_level_names_and_escapes_are_read_quickly() -> None:
    built = make_outcomes(ideas=[idea(1, 'Tab\there, "quotes", back\\slash, é, 改善', 1)])
    built = built.model_copy(
        update={"session": built.session.model_copy(update={"headcount": {"new hire": 2}})}
    )
    text = built.to_toml()
    assert '"new hire" = 2' in text
    assert quick_load(text) == built


texts = st.text(st.characters(codec="utf-8"), max_size=30)


@st.composite
def exported(draw: st.DrawFn) -> Outcomes:
    ideas = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "rank": st.integers(1, 50),
                    "tied": st.booleans(),
                    "text": texts,
                    "votes": st.integers(0, 99),
                    "owners": st.lists(texts, max_size=3),
                    "due": st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1)),
                    "first_step": st.none() | texts,
                    "status": st.sampled_from(["open", "in-progress", "done", "dropped"]),
                    "impact": texts,
                    "merged": st.lists(texts, max_size=2),
                }
            ),
            max_size=5,
        )
    )
    return make_outcomes(title=draw(texts), ideas=ideas)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exported())
def test_any_export_reads_the_same_both_ways(result: Outcomes) -> None:
    text = result.to_toml()
    assert quick_load(text) == slow_load(text) == result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_export_is_never_misread(data: st.DataObject) -> None:
    lines = make_outcomes().to_toml().split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["drop", "repeat", "insert", "cut"]))
        if how == "drop":
            del lines[at]
        elif how == "repeat":
            lines.insert(at, lines[at])
        elif how == "insert":
            lines.insert(at, data.draw(st.sampled_from([*corpus(), "[x]", "[[ideas]]", "a = 1"])))
        else:
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
    text = "\n".join(lines)
    quick = quick_load(text)
    if quick is not None:
        assert quick == slow_load(text)


# -- edits in place -------------------------------------------------------------------------

EDITS = [
    status_edit(2, "done"),
    owners_edit(3, "Ana, Bo"),
    owners_edit(0, ""),
    due_edit(3, "2027-03-01"),
    due_edit(0, ""),
    due_edit(1, "2027-02-28"),
    impact_edit(5, 'Two retros so far: "useful" [b]really[/b]'),
]


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: f"{edit.field}-{edit.index}")
def test_an_edit_of_an_export_is_what_export_would_write(edit: Edit) -> None:
    before = make_outcomes()
    after = apply(before, edit)
    i, field = edit.index, edit.field
    text = edit_idea(before.to_toml(), i, before.ideas[i], after.ideas[i], field)
    assert text == after.to_toml()


HAND_WRITTEN = """\
# Outcomes of the November session, tidied by hand.
format = "rmworkshop-outcomes"
version = 1

[session]
title = "Hand-written"
agenda = "by-hand"
started = 2026-11-19T10:00:00Z
participants = 3

[voting]
dots_per_person = 3
max_per_idea = 2
ballots = 3

[[ideas]]  # the winner
rank = 1
tied = false
text = "First idea"
votes = 5
owners = ["Ana"]  # volunteered on the day
# status is open until the kick-off

[[ideas]]
text = "Second idea"
rank = 2
tied = false
votes = 1
status = "done"

[airtime]
gini = 0.1
silent = 0
"""


def test_edits_keep_comments_and_hand_layout() -> None:
    before = outcomes.parse(Path("h.toml"), HAND_WRITTEN, tomllib.loads(HAND_WRITTEN))
    for edit, expected in (
        (
            status_edit(0, "in-progress"),
            'owners = ["Ana"]  # volunteered on the day\nstatus = "in-progress"\n# status is',
        ),
        (
            due_edit(0, "2027-01-01"),
            'owners = ["Ana"]  # volunteered on the day\ndue = 2027-01-01\n# status',
        ),
        (owners_edit(1, "Bo"), 'votes = 1\nowners = [\n    "Bo",\n]\nstatus = "done"\n'),
        (
            impact_edit(1, "Done in a week"),
            'status = "done"\nimpact = "Done in a week"\n\n[airtime]',
        ),
    ):
        after = apply(before, edit)
        text = edit_idea(
            HAND_WRITTEN, edit.index, before.ideas[edit.index], after.ideas[edit.index], edit.field
        )
        assert text is not None
        assert expected in text, text
        assert text.startswith("# Outcomes of the November session, tidied by hand.\n")
        assert outcomes.parse(Path("h.toml"), text, tomllib.loads(text)) == after


def test_an_edit_it_cannot_make_safely_is_refused() -> None:
    inline = HAND_WRITTEN.replace(
        '[[ideas]]\ntext = "Second idea"', '[[ideas]]\ntext = """\n[x]\nSecond idea"""'
    )
    before = outcomes.parse(Path("h.toml"), inline, tomllib.loads(inline))
    after = apply(before, status_edit(1, "open"))
    assert edit_idea(inline, 1, before.ideas[1], after.ideas[1], "status") is None
    assert edit_idea(HAND_WRITTEN, 5, before.ideas[1], after.ideas[1], "status") is None


def test_windows_line_endings_are_kept() -> None:
    text = make_outcomes().to_toml().replace("\n", "\r\n")
    before = slow_load(text)
    assert before is not None and quick_load(text) is None
    after = apply(before, due_edit(3, "2027-03-01"))
    edited = edit_idea(text, 3, before.ideas[3], after.ideas[3], "due")
    assert edited is not None
    assert "\r\ndue = 2027-03-01\r\n" in edited
    assert "\n" not in edited.replace("\r\n", "")
    assert slow_load(edited) == after


def test_session_ideas_fixture_is_what_it_says() -> None:
    assert len(SESSION_IDEAS) == 6


COMMENTED = HAND_WRITTEN.replace(
    'owners = ["Ana"]  # volunteered on the day',
    'owners = ["Olga", "Ben"]  # agreed in the room',
).replace('status = "done"', 'status = "done"   # confirmed by Ana')


@pytest.mark.parametrize(
    ("text", "edit", "expected"),
    [
        (COMMENTED, status_edit(1, "in-progress"), 'status = "in-progress"   # confirmed by Ana\n'),
        (
            COMMENTED,
            owners_edit(0, "Olga"),
            'owners = [  # agreed in the room\n    "Olga",\n]\n# status is',
        ),
        (COMMENTED, owners_edit(0, ""), "owners = []  # agreed in the room\n# status is"),
        (  # a comment after a multi-line value, and a # inside a string that is not one
            COMMENTED.replace(
                'owners = ["Olga", "Ben"]  # agreed in the room',
                'owners = [  # asked\n  "Olga # 1",\n  "Ben",  # said yes\n]  # agreed\n',
            ),
            owners_edit(0, "Bo"),
            'owners = [  # asked\n    "Bo",\n]  # agreed\n',
        ),
        (
            COMMENTED.replace('status = "done"   #', "status = 'done' #"),
            status_edit(1, "open"),
            'status = "open" # confirmed by Ana\n',
        ),
        (
            COMMENTED.replace(
                'status = "done"   # confirmed by Ana',
                'impact = """one # not a comment\n"two" \'\'\' #"""""  # kept',
            ),
            impact_edit(1, "x"),
            'impact = "x"  # kept\n',
        ),
    ],
    ids=["status", "owners", "no-owners", "multi-line", "literal-string", "multi-line-string"],
)
def test_an_edit_keeps_the_comment_at_the_end_of_the_line(
    text: str, edit: Edit, expected: str
) -> None:
    before = outcomes.parse(Path("h.toml"), text, tomllib.loads(text))
    after = apply(before, edit)
    i = edit.index
    edited = edit_idea(text, i, before.ideas[i], after.ideas[i], edit.field)
    assert edited is not None
    assert expected in edited, edited
    assert outcomes.parse(Path("h.toml"), edited, tomllib.loads(edited)) == after
