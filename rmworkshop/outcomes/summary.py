"""A Markdown summary of outcomes that a leader can paste into an email or a wiki."""

from __future__ import annotations

import re

from rmworkshop.core.airtime import balance_lines
from rmworkshop.core.checkin import GOING_WORDS, MET_WORDS
from rmworkshop.core.text import clean
from rmworkshop.core.wording import counted, minutes, rank_label
from rmworkshop.outcomes.schema import Outcomes

# `&` too: otherwise an idea such as "&lt;b&gt;" or "&copy;" renders as an entity. Not `(`,
# `)`, `!`, `#` or `+`: they mean something only beside an (escaped) `[` or at the start of
# a line (escaped there), and "Priya \(Legal\)" shows in an email.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")


def md(text: str) -> str:
    """Participant text as literal Markdown: special characters escaped, one line."""
    # A hand-edited outcomes file may hold escape sequences: they must not reach a terminal.
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(clean(text).split()))
    # At the start, "#" would make a heading and "+" a list, wherever the text is put.
    return "\\" + escaped if escaped[:1] in ("#", "+") else escaped


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def markdown(outcomes: Outcomes) -> str:
    session = outcomes.session
    lines = [f"# {md(session.title)}", ""]
    when = session.started.strftime("%Y-%m-%d %H:%M")
    headcount = ", ".join(f"{count} {md(level)}" for level, count in session.headcount.items())
    lines.append(f"- **Date:** {when} UTC")
    lines.append(
        f"- **Participants:** {session.participants}" + (f" ({headcount})" if headcount else "")
    )
    voting = outcomes.voting
    lines.append(
        f"- **Voting:** {counted(voting.ballots, 'ballot')},"
        f" {counted(voting.dots_per_person, 'dot')} each,"
        f" at most {voting.max_per_idea} per idea"
    )
    lines += ["", "## Ideas and actions", ""]
    if outcomes.ideas:
        lines.append("| Rank | Idea | Votes | Owners | Due | Status |")
        lines.append("|---:|---|---:|---|---|---|")
        for idea in outcomes.ideas:
            owners = ", ".join(md(owner) for owner in idea.owners) or "—"
            due = idea.due.isoformat() if idea.due else "—"
            rank = rank_label(idea.rank, idea.tied)
            lines.append(
                f"| {rank} | {md(idea.text)} | {idea.votes} | {owners} | {due} | {idea.status} |"
            )
        details = [idea for idea in outcomes.ideas if idea.first_step or idea.impact]
        if details:
            lines.append("")
            for idea in details:
                lines.append(f"- **{md(idea.text)}**")
                if idea.first_step:
                    lines.append(f"  - First step: {md(idea.first_step)}")
                if idea.impact:
                    lines.append(f"  - Impact: {md(idea.impact)}")
        lines.append("")
        lines.append("`=` after a rank marks a tie.")
    else:
        lines.append("No ideas were recorded.")
    lines += _pairs(outcomes)
    lines += _checkins(outcomes)
    airtime = outcomes.airtime
    lines += ["", "## Airtime", ""]
    if airtime.levels:
        lines.append("| Level | People | Turns | Speaking time | Share of time | Share of people |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for level in airtime.levels:
            lines.append(
                f"| {md(level.level)} | {level.people} | {level.turns} | {minutes(level.seconds)}"
                f" | {percent(level.share_of_time)} | {percent(level.share_of_people)} |"
            )
        lines.append("")
        lines += [f"- {md(line)}" for line in balance_lines(airtime.levels)]
    lines.append(
        f"- Gini coefficient of airtime: {airtime.gini:.2f} (0 means everyone spoke equally)"
    )
    lines.append(f"- People who never spoke: {airtime.silent}")
    if airtime.junior_first_share is not None:
        lines.append(
            f"- Rounds opened by the most junior level: {percent(airtime.junior_first_share)}"
        )
    if outcomes.phases:
        lines += ["", "## Timing", "", "| Phase | Planned | Actual |", "|---|---:|---:|"]
        for phase in outcomes.phases:
            lines.append(
                f"| {md(phase.name)} | {minutes(phase.planned_seconds)}"
                f" | {minutes(phase.actual_seconds)} |"
            )
    return "\n".join(lines) + "\n"


def _pairs(outcomes: Outcomes) -> list[str]:
    """The mentoring pairs with their follow-up, and how fair the pairing was."""
    if not outcomes.pairs:
        return []
    lines = ["", "## Mentoring pairs", "", "| Mentors | Mentees | Topics | Status |"]
    lines.append("|---|---|---|---|")
    for pair in outcomes.pairs:
        mentors, mentees = (
            ", ".join(md(name) for name in names) for names in (pair.mentors, pair.mentees)
        )
        topics = ", ".join(md(topic) for topic in pair.topics) or "—"
        lines.append(f"| {mentors} | {mentees} | {topics} | {pair.status} |")
    noted = [pair for pair in outcomes.pairs if pair.impact]
    if noted:
        lines.append("")
        lines += [
            f"- **{', '.join(md(n) for n in pair.people)}**: {md(pair.impact)}" for pair in noted
        ]
    figures = outcomes.pairing
    if figures is not None:
        lines += [
            "",
            f"- Pairs crossing two or more levels: {percent(figures.crossing_two_levels)}",
            f"- Mentees paired with someone who teaches what they want to learn:"
            f" {percent(figures.learns_met)} of {figures.learners}",
            f"- Earlier pairs not repeated: {figures.repeats_avoided}; repeated: {figures.repeats}",
        ]
    return lines


def _checkins(outcomes: Outcomes) -> list[str]:
    """What each member said at the pair check-in, partners apart, and the pairs nobody
    answered for."""
    asked = [pair for pair in outcomes.pairs if pair.checked_in is not None]
    if not asked:
        return []
    lines = ["", "## Pair check-in", ""]
    answers = [(pair, answer) for pair in asked for answer in pair.answers]
    if answers:
        lines.append("| Pair | Who | Met since formed | Going | One thing learned or changed |")
        lines.append("|---|---|---|---|---|")
        for pair, answer in answers:
            who = ", ".join(md(name) for name in pair.people)
            lines.append(
                f"| {who} | {md(answer.name)} | {MET_WORDS[answer.met]}"
                f" | {GOING_WORDS[answer.going]} | {md(answer.note) or '—'} |"
            )
    missing = [pair for pair in asked if not pair.checked_in]
    if missing:
        lines.append("")
        lines += [f"- Not checked in: {', '.join(md(n) for n in pair.people)}" for pair in missing]
    return lines
