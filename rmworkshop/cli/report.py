"""What `status`, `ideas` and `people` print, as text for people or JSON for scripts."""

from __future__ import annotations

from typing import Any

from rmworkshop.core.session import Session
from rmworkshop.core.timer import format_remaining
from rmworkshop.core.wording import counted, rank_label


def status_data(session: Session, now: float) -> dict[str, Any]:
    budget = session.budget()
    speaker = session.current_speaker
    turn = session.current_turn
    data: dict[str, Any] = {
        "title": session.agenda.title,
        "phase": session.phase.name,
        "kind": session.kind,
        "index": session.index,
        "phases": len(session.agenda.phases),
        "state": session.state,
        "started": session.is_started,
        "remaining_seconds": round(session.remaining(now), 1),
        "prompt": session.phase.prompt,
        "ideas": session.idea_count,
        "revealed": len(session.votable),
        "people": len(session.present),
        "people_total": len(session.people),
        "ballots": session.voting.ballots,
        "voting": (
            "closed" if session.voting.closed else "open" if session.voting.opened else "not open"
        ),
        "dots_per_person": budget.dots,
        "max_per_idea": budget.max_per_idea,
        "speaking_order": [m.name for m in session.speaking_order()],
        "speaker": speaker.name if speaker else None,
        "turn_remaining_seconds": (
            round(session.agenda.speaking.turn_seconds - turn.seconds(now), 1) if turn else None
        ),
    }
    if session.kind == "share":
        data["passed"] = [
            session.by_id[t.person_id].name
            for t in session.round_turns
            if t.passed and t.person_id in session.by_id
        ]
    return data


def status_text(session: Session, now: float) -> str:
    data = status_data(session, now)
    if not session.is_started:
        clock = f"not started ({format_remaining(session.remaining(now))} planned)"
    elif session.is_finished:
        clock = "finished"
    else:
        clock = f"{data['state']}, {format_remaining(session.remaining(now))}"
        clock += " overrun" if session.remaining(now) < 0 else " left"
    lines = [
        session.agenda.title,
        f"Phase {session.index + 1}/{data['phases']}: {data['phase']} ({data['kind']}), {clock}",
        f"People: {data['people']} present of {data['people_total']}"
        f"   Ideas: {data['ideas']}   Ballots: {data['ballots']}/{data['people']}",
    ]
    if session.kind == "vote" or session.voting.opened:
        lines.append(
            f"Voting: {data['voting']}, {counted(data['dots_per_person'], 'dot')} each,"
            f" at most {data['max_per_idea']} per idea"
        )
    if data["speaker"]:
        lines.append(
            f"Speaking: {data['speaker']} ({format_remaining(data['turn_remaining_seconds'])})"
        )
    if session.kind in ("share", "discuss"):
        order = ", ".join(data["speaking_order"]) or "nobody waiting"
        lines.append(f"Next: {order}")
    if data.get("passed"):
        lines.append(f"Passed: {', '.join(data['passed'])}")
    return "\n".join(lines)


def ideas_data(session: Session) -> list[dict[str, Any]]:
    ranking = {r.number: r for r in session.ranking()} if session.voting.closed else {}
    out: list[dict[str, Any]] = []
    for idea in session.votable:
        item: dict[str, Any] = {"number": idea.number, "text": idea.text}
        if idea.number in ranking:
            ranked = ranking[idea.number]
            item.update(votes=ranked.votes, rank=ranked.rank, tied=ranked.tied)
        if idea.owners:
            item["owners"] = list(idea.owners)
        if idea.due:
            item["due"] = idea.due.isoformat()
        if idea.first_step:
            item["first_step"] = idea.first_step
        merged = [other.text for other in session.ideas if other.merged_into == idea.number]
        if merged:
            item["merged"] = merged
        out.append(item)
    if ranking:
        out.sort(key=lambda item: (item["rank"], item["number"]))
    return out


def ideas_text(session: Session) -> str:
    items = ideas_data(session)
    if not items:
        hidden = session.idea_count
        return f"No ideas revealed yet ({hidden} collected)." if hidden else "No ideas yet."
    lines = []
    for item in items:
        if "rank" in item:
            rank = rank_label(item["rank"], item["tied"])
            head = f"{rank:>4}  #{item['number']:<3} {item['votes']:>3} dots  "
        else:
            head = f"#{item['number']:<4} "
        lines.append(head + item["text"])
        if item.get("owners"):
            due = f", due {item['due']}" if item.get("due") else ""
            lines.append(" " * len(head) + f"owners: {', '.join(item['owners'])}{due}")
    return "\n".join(lines)
