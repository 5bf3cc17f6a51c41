"""The programme report as one HTML page: no script, nothing loaded from elsewhere, every
chart with its data as a table beside it, every text from a file escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

from rmworkshop.outcomes.progress import pair_progress, top_actions
from rmworkshop.outcomes.schema import Outcomes
from rmworkshop.outcomes.trend_views import (
    NOT_KNOWN_NOTE,
    PAIR_LABELS,
    Chart,
    cell,
    charts,
    headers,
    rows,
)
from rmworkshop.outcomes.trends import Trends, trends
from rmworkshop.report.charts import svg

# No script may run and nothing may be fetched: only the page's own styles apply.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"
STYLE = """
body { font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1a1a1a; background: #fff; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th.part { font-weight: normal; padding-left: 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus { outline: 2px solid #0b5cad; }
.chart { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.chart svg { flex: 1 1 28rem; max-width: 100%; height: auto; }
.good, .note { color: #444; }
.overdue { color: #a00000; font-weight: bold; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _region(label: str, table: str) -> str:
    """A wide table in a box that scrolls, reachable from the keyboard."""
    return f'<div class="scroll" role="region" tabindex="0" aria-label="{_e(label)}">{table}</div>'


def _trend_table(found: Trends) -> str:
    head = "".join(f'<th scope="col">{_e(day)}</th>' for day in headers(found))
    body = []
    for row in rows(found):
        kind = ' class="part"' if row.level else ""
        cells = "".join(f'<td class="n">{_e(value)}</td>' for value in row.cells)
        body.append(
            f'<tr><th scope="row"{kind}>{_e(row.label)}</th>{cells}'
            f'<td class="good">{_e(row.good)}</td></tr>'
        )
    table = (
        "<table><caption>Each figure per session, with what good looks like</caption>"
        f'<thead><tr><th scope="col">Figure</th>{head}<th scope="col">Good</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    return _region("Trend table", table)


def _chart(chart: Chart, number: int) -> str:
    title = f"chart-{number}"
    head = "".join(f'<th scope="col">{_e(series.name)}</th>' for series in chart.series)
    body = "".join(
        f'<tr><th scope="row">{_e(day)}</th>'
        + "".join(f'<td class="n">{_e(cell(series.values[n]))}</td>' for series in chart.series)
        + "</tr>"
        for n, day in enumerate(chart.sessions)
    )
    table = (
        f"<table><caption>Data of the chart: {_e(chart.title)} ({_e(chart.unit)})</caption>"
        f'<thead><tr><th scope="col">Session</th>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
    return (
        f'<section class="trend" aria-labelledby="{title}">'
        f'<h3 id="{title}">{_e(chart.title)}</h3>'
        f'<p class="good">Good: {_e(chart.good)}</p>'
        f'<div class="chart">{svg(chart, title)}'
        f"{_region(f'Data: {chart.title}', table)}</div></section>"
    )


def _list(items: Iterable[str], empty: str) -> str:
    shown = [f"<li>{_e(item)}</li>" for item in items]
    return f"<ul>{''.join(shown)}</ul>" if shown else f"<p>{_e(empty)}</p>"


def _actions(programme: Sequence[Outcomes], today: date) -> str:
    found = top_actions(programme, today)
    if not found:
        return "<p>No idea has an owner yet.</p>"
    body = "".join(
        f"<tr><td>{_e(action.text)}</td><td>{_e(', '.join(action.owners))}</td>"
        f"<td>{_e(action.idea.due or '—')}</td>"
        f"<td{' class=overdue' if action.overdue else ''}>{_e(action.state)}</td>"
        f"<td>{action.session:%Y-%m-%d}</td></tr>"
        for action in found
    )
    head = "".join(f'<th scope="col">{name}</th>' for name in ("Action", "Owners", "Due"))
    table = (
        "<table><caption>The best-ranked actions of every session</caption>"
        f'<thead><tr>{head}<th scope="col">Status</th><th scope="col">Session</th></tr>'
        f"</thead><tbody>{body}</tbody></table>"
    )
    return _region("Top actions", table)


def _pairs(programme: Sequence[Outcomes]) -> str:
    found = pair_progress(programme)
    if not found:
        return "<p>No mentoring pairs in these sessions.</p>"
    body = "".join(
        f"<tr><td>{_e(', '.join(pair.mentors))}</td><td>{_e(', '.join(pair.mentees))}</td>"
        f"<td>{_e(', '.join(pair.topics) or '—')}</td>"
        f"<td>{_e(' → '.join(f'{when:%Y-%m-%d} {PAIR_LABELS[s]}' for when, s in pair.steps))}"
        f"</td><td>{_e(pair.impact or '—')}</td></tr>"
        for pair in found
    )
    names = ("Mentors", "Mentees", "Topics", "Progress", "Impact")
    head = "".join(f'<th scope="col">{name}</th>' for name in names)
    table = (
        "<table><caption>Each pair's status in every session that lists it</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    return _region("Mentoring pairs", table)


def report(programme: Sequence[Outcomes], today: date) -> str:
    """The whole page. Flags for the facilitator only are never in it."""
    found = trends(programme, today)
    sessions = found.sessions
    span = f"{sessions[0].day} to {sessions[-1].day}" if sessions else ""
    title = f"Programme report: {len(sessions)} sessions, {span}"
    flags = [flag.text for flag in found.shared_flags()]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="note">As of {today.isoformat()}. Sessions: '
        + _e("; ".join(f"{figures.day} {figures.title}" for figures in sessions))
        + ".</p>",
        "<h2>To act on</h2>",
        _list(flags, "Nothing to act on: every pair has met, no action is overdue."),
        "<h2>Trends</h2>",
        _trend_table(found),
        f'<p class="note">{_e(NOT_KNOWN_NOTE)}</p>',
        "<h2>Charts</h2>",
        *(_chart(chart, number) for number, chart in enumerate(charts(found), start=1)),
        "<h2>Top actions</h2>",
        _actions(programme, today),
        "<h2>Mentoring pairs</h2>",
        _pairs(programme),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
