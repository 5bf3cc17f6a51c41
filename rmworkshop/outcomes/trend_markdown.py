"""The trends of a programme in Markdown: the trend table and the flags a leader may share.

Flags for the facilitator only (people who never spoke, sessions running) are left out.
"""

from __future__ import annotations

from rmworkshop.outcomes import summary
from rmworkshop.outcomes.trend_views import NOT_KNOWN_NOTE, headers, rows
from rmworkshop.outcomes.trends import Trends


def _cell(text: str) -> str:
    return summary.md(text) if text else ""


def markdown(trends: Trends) -> str:
    lines = ["## Trends", ""]
    lines.append("| Figure | " + " | ".join(headers(trends)) + " | Good |")
    lines.append("|---|" + "---:|" * len(trends.sessions) + "---|")
    for row in rows(trends):
        label = _cell(row.label)
        label = f"· {label}" if row.level else f"**{label}**"
        cells = " | ".join(_cell(value) for value in row.cells)
        lines.append(f"| {label} | {cells} | {_cell(row.good)} |")
    lines += ["", NOT_KNOWN_NOTE, ""]
    flags = trends.shared_flags()
    lines += ["## To act on", ""]
    if flags:
        lines += [f"- {summary.md(flag.text)}" for flag in flags]
    else:
        lines.append("Nothing to act on: every pair has met, no action is overdue.")
    return "\n".join(lines) + "\n"
