"""Command-line grammar. Parsing problems are one line and exit code 2, like any refusal."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn, cast

from rmworkshop.cli.parser_types import (
    Lazy,
    add_code,
    add_history,
    add_place,
    add_profile,
    add_session,
    listen_address,
    port,
)


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")


class _Unbuilt:
    """Stands in for the parser of a command that was not chosen: its arguments are skipped."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return self._skip

    def _skip(self, *args: object, **kwargs: object) -> _Unbuilt:
        return self


def build_parser(chosen: str | None = None) -> Parser:
    """The command-line grammar; with `chosen`, only that command's part of it.

    Building a parser for each of some thirty commands is a tenth of the time a console
    takes to start, and one command runs at a time. When `chosen` names no command (a typo,
    ``--help``), the whole grammar is built, so help and errors list every command.
    """
    parser, built = _build(chosen)
    return parser if built or chosen is None else _build(None)[0]


def _build(chosen: str | None) -> tuple[Parser, bool]:
    parser = Parser(
        prog="rmworkshop",
        description="Run live, cross-generational brainstorming workshops from the terminal.",
    )
    sub = parser.add_subparsers(metavar="COMMAND", parser_class=Parser, required=True)
    built = False

    def command(name: str, help_text: str, target: str, *arguments: object) -> Parser:
        """A subcommand whose handler (``module:function``) is imported only when it runs."""
        nonlocal built
        if chosen is not None and name != chosen:
            return cast(Parser, _Unbuilt())
        built = True
        p: Parser = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=Lazy(target, *arguments))
        return p

    p = command("run", "the facilitator console", "facilitate:run")
    p.add_argument("agenda", nargs="?", help="agenda file or bundled agenda name")
    p.add_argument("--roster", help="roster file (levels and people)")
    p.add_argument("--session", help="session file; an existing one is resumed")
    add_history(p)
    p.add_argument(
        "--serve",
        nargs="?",
        const="",
        type=listen_address,
        metavar="[HOST:]PORT",
        help="open the room at once: start the participant server (default 127.0.0.1:8000,"
        " this computer only; 0.0.0.0:8000 opens it to the room's network)",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="with --serve: the address people open, when a reverse proxy is in front",
    )

    p = command("join", "the participant console on your own terminal", "participants:join")
    add_place(p)
    p.add_argument("--as", dest="name", metavar="NAME", help="your name in the session")
    p.add_argument("--level", metavar="LEVEL", help="your level, to join under a new name")
    add_profile(p)
    add_code(p)

    p = command(
        "kiosk", "the participant console on one terminal shared by the room", "participants:kiosk"
    )
    add_place(p)
    p.add_argument(
        "--code",
        metavar="CODE",
        help="the kiosk code the facilitator's console shows, with an address (asked if not given)",
    )

    p = command(
        "serve", "the participant server for phones, laptops and terminals", "participants:serve"
    )
    add_session(p)
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this host only)",
    )
    p.add_argument("--port", type=port, default=8000, help="port to listen on (default: 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address people open, when a reverse proxy is in front (e.g. https://rm.example.org)",
    )
    p.add_argument(
        "--kiosk",
        action="store_true",
        help="also print the kiosk code, which makes a terminal a kiosk for the whole room"
        " (keep it off the projector)",
    )
    p.add_argument(
        "--closed-roster",
        action="store_true",
        help="keep the roster closed: devices claim only names already in it",
    )

    p = command(
        "let-in",
        "let a device act as someone marked away who claimed their name mid-vote",
        "participants:let_in",
    )
    add_session(p)
    p.add_argument("name")

    p = command("release", "free a name claimed by a device", "participants:release")
    add_session(p)
    p.add_argument("name")

    p = command(
        "devices",
        "count joined devices; --clear forgets those with no name",
        "participants:devices",
    )
    add_session(p)
    p.add_argument(
        "--clear", action="store_true", help="forget the devices holding no name (not kiosks)"
    )

    p = command("new", "create a session and print its path", "commands:new")
    p.add_argument("agenda", help="agenda file or bundled agenda name")
    p.add_argument("--roster", help="roster file (levels and people)")
    p.add_argument("--session", help="where to create the session file")
    add_history(p)

    command("agendas", "list the bundled agendas", "commands:agendas")

    p = command(
        "sessions", "the sessions of a PostgreSQL database, newest first", "databases:listing"
    )
    p.add_argument("database", metavar="URL", help="postgresql://[user@]host[:port]/database")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command(
        "copy", "copy a whole session between a file and a PostgreSQL database", "databases:copy"
    )
    p.add_argument("source", metavar="FROM", help="the session to copy: a file or an address")
    p.add_argument("target", metavar="TO", help="the new session: a file or an address")

    p = command("validate", "check agenda, roster or outcomes files", "commands:validate")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = command("status", "phase, remaining time, counts and speaking order", "commands:status")
    add_session(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("ideas", "revealed ideas with display numbers", "commands:ideas")
    add_session(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    for name, help_text in (
        ("start", "start the session at its first phase"),
        ("next", "go to the next phase"),
        ("back", "go back to the previous phase"),
        ("pause", "pause the phase timer"),
        ("resume", "resume the phase timer (starts the session if needed)"),
        ("reveal", "reveal the ideas, shuffled, with display numbers"),
        ("close-vote", "close voting and show the results"),
    ):
        p = command(name, help_text, "commands:phase_action", name)
        add_session(p)
        if name in ("next", "back"):
            p.add_argument(
                "--from",
                dest="from_phase",
                metavar="N",
                help="only if the session is still at phase N, as status shows it"
                " (0 before the start); refused if it has moved",
            )
        if name == "reveal":
            p.add_argument(
                "--force",
                action="store_true",
                help="reveal even fewer than three new ideas (they are then known to be late)",
            )
        if name == "close-vote":
            p.add_argument(
                "--force",
                action="store_true",
                help="close even with fewer than three ballots (voters could work out others')",
            )

    p = command("extend", "add minutes to the current phase", "commands:extend")
    add_session(p)
    p.add_argument("minutes", help="minutes to add, e.g. 1 or 2.5")

    p = command("submit", "add an anonymous idea", "commands:submit")
    add_session(p)
    p.add_argument("text", help='the idea; "-" reads it from standard input')

    p = command("merge", "merge duplicate ideas into one", "commands:merge")
    add_session(p)
    p.add_argument("keep", help="display number of the idea to keep")
    p.add_argument("duplicates", nargs="+", help="display numbers merged into it")

    p = command("unmerge", "undo a merge until the first ballot", "suggest:unmerge")
    add_session(p)
    p.add_argument("idea", help="display number of the kept idea (or of one merged card)")

    p = command(
        "suggest", "cards that look like the same idea (merge suggestions)", "suggest:suggest"
    )
    add_session(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("ballot", "cast one person's secret ballot", "voting:ballot")
    add_session(p)
    p.add_argument("--as", dest="name", required=True, metavar="NAME")
    p.add_argument("choices", nargs="+", metavar="IDEA=DOTS")

    p = command("own", "give an idea owners, a due date and a first step", "voting:own")
    add_session(p)
    p.add_argument("idea", help="display number")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--due", metavar="YYYY-MM-DD", help='the due date; empty ("") removes it')
    p.add_argument("--step", metavar="TEXT", help='the first step; empty ("") removes it')

    p = command("turn", "speaking turns: next, pass or end", "speaking:turn")
    add_session(p)
    p.add_argument("action", choices=["next", "pass", "end"])

    p = command("hand", "raise or lower a hand in discussion", "speaking:hand")
    add_session(p)
    p.add_argument("--as", dest="name", required=True, metavar="NAME")
    p.add_argument("action", choices=["up", "down"])

    p = command("checkin", "answer a pair check-in, or count the pairs answered", "checkin:checkin")
    add_session(p)
    p.add_argument("--as", dest="name", metavar="NAME", help="answer as NAME")
    p.add_argument("--met", metavar="0|1|2-3|4+", help="how often the pair met since it formed")
    p.add_argument("--going", metavar="well|stuck|ended", help="how the pair is going")
    p.add_argument(
        "--note",
        default="",
        metavar="TEXT",
        help="one thing learned or changed (the facilitator and leaders read it, with your name)",
    )

    p = command("add", "add a person to the session", "people:add")
    add_session(p)
    p.add_argument("name")
    p.add_argument("--level", required=True)
    add_profile(p)

    p = command("pairs", "the mentoring pairs of the current or latest pairs phase", "pairs:pairs")
    add_session(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_history(p)
    p.add_argument("--swap", nargs=2, metavar="NAME", help="exchange two people's places")

    for name, help_text in (("away", "mark a person away"), ("here", "mark a person present")):
        p = command(name, help_text, "people:presence", name == "here")
        add_session(p)
        p.add_argument("name")

    p = command("people", "everyone in the session, most junior first", "people:listing")
    add_session(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("export", "write the outcomes as TOML (or a Markdown summary)", "commands:export")
    add_session(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--markdown", action="store_true", help="the Markdown summary")

    p = command("review", "read outcomes and follow up on their actions", "review:review")
    p.add_argument("files", nargs="+", metavar="OUTCOMES", help="one or more outcomes files")
    p.add_argument(
        "--markdown", action="store_true", help="print a Markdown summary instead of the console"
    )
    p.add_argument(
        "--html",
        metavar="FILE",
        help="write the programme's report to FILE: one HTML page, charts and tables, no script",
    )
    return parser, built
