"""Following up a programme of sessions: every action across outcomes files, which are
overdue, counts by status, filters, and the Markdown summary a leader pastes elsewhere.

An action is an idea with an owner: only those are counted as actions, and the ideas nobody
took are counted apart. Every idea is still listed, so a leader can give one an owner later.
"Today" is always passed in: the core never reads the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rmworkshop.core.text import clean
from rmworkshop.core.wording import counted
from rmworkshop.outcomes import summary
from rmworkshop.outcomes.schema import STATUSES, Idea, Outcomes, Status

StatusFilter = Literal["open", "in-progress", "done", "dropped", "overdue"]
STATUS_FILTERS: tuple[StatusFilter, ...] = (*STATUSES, "overdue")
NO_OWNER = ""
"""The owner filter for actions that nobody owns yet."""
_SETTLED = ("done", "dropped")


def is_overdue(idea: Idea, today: date) -> bool:
    """Past its due date and neither done nor dropped."""
    return idea.due is not None and idea.due < today and idea.status not in _SETTLED


@dataclass(frozen=True, slots=True)
class Action:
    file: int
    """Which outcomes file, by position in the programme."""
    index: int
    """Which idea, by position in that file."""
    idea: Idea


def actions(programme: Sequence[Outcomes]) -> list[Action]:
    """Every idea of every session, sessions in the order given, each best first."""
    return [
        Action(number, index, idea)
        for number, outcomes in enumerate(programme)
        for index, idea in enumerate(outcomes.ideas)
    ]


@dataclass(frozen=True)
class Filter:
    owner: str | None = None
    """None shows everyone's actions; `NO_OWNER` those nobody owns yet."""
    status: StatusFilter | None = None

    @property
    def active(self) -> bool:
        return self.owner is not None or self.status is not None

    def matches(self, idea: Idea, today: date) -> bool:
        if self.owner is not None:
            if self.owner == NO_OWNER:
                if idea.owners:
                    return False
            elif self.owner not in idea.owners:
                return False
        if self.status == "overdue":
            return is_overdue(idea, today)
        return self.status is None or idea.status == self.status

    def describe(self) -> str:
        """The filter in words, safe to show: an owner's name comes from a file."""
        owner = {None: "anyone", NO_OWNER: "nobody yet"}.get(self.owner, self.owner) or ""
        return f"owner: {' '.join(clean(owner).split())}   status: {self.status or 'any'}"


def select(items: Sequence[Action], wanted: Filter, today: date) -> list[Action]:
    if not wanted.active:
        return list(items)
    return [action for action in items if wanted.matches(action.idea, today)]


def is_action(idea: Idea) -> bool:
    """An idea somebody owns: the only ideas counted as actions."""
    return bool(idea.owners)


@dataclass(frozen=True)
class Counts:
    statuses: dict[Status, int]
    """Every status, in the documented order, including those with no actions."""
    overdue: int
    total: int
    unowned: int = 0
    """Ideas with no owner, which are not actions and are not in the other counts."""


def count(ideas: Iterable[Idea], today: date, *, owned_only: bool = True) -> Counts:
    """Actions by status; with `owned_only` False, every idea (as a list of them shows)."""
    tally: Counter[Status] = Counter()
    overdue = unowned = 0
    for idea in ideas:
        if owned_only and not is_action(idea):
            unowned += 1
            continue
        tally[idea.status] += 1
        overdue += is_overdue(idea, today)
    statuses = {status: tally[status] for status in STATUSES}
    return Counts(statuses, overdue, tally.total(), unowned)


def actions_line(counts: Counts) -> str:
    """How many ideas became actions and how many not: "6 actions (17 ideas had no owner)"."""
    line = counted(counts.total, "action")
    if counts.unowned:
        had = "idea had" if counts.unowned == 1 else "ideas had"
        line += f" ({counts.unowned} {had} no owner)"
    return line


def owners(ideas: Iterable[Idea]) -> list[tuple[str, int]]:
    """Each owner with how many actions they own, alphabetically."""
    tally: Counter[str] = Counter(owner for idea in ideas for owner in idea.owners)
    return sorted(tally.items(), key=lambda item: (item[0].casefold(), item[0]))


def session_label(outcomes: Outcomes) -> str:
    """Title and date, to say which session an action came from."""
    return f"{outcomes.session.title} ({outcomes.session.started:%Y-%m-%d})"


# -- Markdown ------------------------------------------------------------------------------


def _md(text: str) -> str:
    return summary.md(clean(text))


def programme_markdown(programme: Sequence[Outcomes], today: date) -> str:
    """The programme section: counts by status and the overdue actions."""
    everything = actions(programme)
    counts = count((action.idea for action in everything), today)
    sessions = len(programme)
    lines = [
        "# Programme follow-up",
        "",
        f"{counted(sessions, 'session')}, {actions_line(counts)}, as of {today.isoformat()}.",
        "",
        "| Status | Actions |",
        "|---|---:|",
        *(f"| {status} | {number} |" for status, number in counts.statuses.items()),
        f"| **overdue** | **{counts.overdue}** |",
        "",
        "## Overdue actions",
        "",
    ]
    late = [a for a in everything if is_action(a.idea) and is_overdue(a.idea, today)]
    late.sort(key=lambda action: (action.idea.due or today, action.file, action.index))
    if not late:
        lines.append("No action is overdue.")
    else:
        lines += ["| Due | Action | Owners | Status | Session |", "|---|---|---|---|---|"]
        for action in late:
            idea = action.idea
            owned = ", ".join(_md(owner) for owner in idea.owners) or "—"
            lines.append(
                f"| {idea.due} | {_md(idea.text)} | {owned} | {idea.status}"
                f" | {_md(session_label(programme[action.file]))} |"
            )
    return "\n".join(lines) + "\n"


def markdown(programme: Sequence[Outcomes], today: date) -> str:
    """One session's summary; for several, the programme section with its trends, and then
    each session's."""
    if len(programme) == 1:
        return summary.markdown(programme[0])
    # Here, not at the top: the trends count actions with this module's rules.
    from rmworkshop.outcomes import trend_markdown, trends

    parts = [
        programme_markdown(programme, today)
        + "\n"
        + trend_markdown.markdown(trends.trends(programme, today))
    ]
    parts += [summary.markdown(outcomes) for outcomes in programme]
    return "\n---\n\n".join(parts)
