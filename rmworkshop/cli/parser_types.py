"""Types and argument helpers for the command grammar. Kept light: the parser imports only
this, and each command's module loads when that command runs."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]


class Lazy:
    """A handler imported only when its command runs: `join` need not load export or review.

    ``Lazy("facilitate:run")`` is ``rmworkshop.cli.facilitate.run``; extra arguments make it a
    factory call, so ``Lazy("commands:phase_action", "next")`` is ``phase_action("next")``.
    """

    def __init__(self, target: str, *arguments: object) -> None:
        self.target = target
        self.arguments = arguments

    def __call__(self, options: argparse.Namespace) -> int:
        module, _, name = self.target.partition(":")
        handler = getattr(importlib.import_module(f"rmworkshop.cli.{module}"), name)
        if self.arguments:
            handler = handler(*self.arguments)
        return int(handler(options))


def add_session(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", metavar="SESSION", help="the session file")


def add_place(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        metavar="ADDRESS",
        help="the address the facilitator shows (http://HOST:PORT); or the session file, on"
        " the account that owns it",
    )


def add_code(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--code", metavar="CODE", help="the join code, with an address (asked if not given)"
    )


def port(text: str) -> int:
    """A TCP port for `serve`; argparse turns the error into a one-line refusal."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def add_history(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--history",
        nargs="+",
        default=[],
        metavar="OUTCOMES",
        help="outcomes files of earlier sessions: their pairs are not made again",
    )


def add_profile(parser: argparse.ArgumentParser) -> None:
    """What a person brings to mentoring pairs; topics are separated by commas."""
    parser.add_argument("--team", help="their team: pairs avoid two people of one team")
    parser.add_argument("--teaches", default="", metavar="TOPICS", help="e.g. 'AI tools, TikTok'")
    parser.add_argument("--learns", default="", metavar="TOPICS", help="e.g. 'hiring'")
    parser.add_argument(
        "--no-mentor", dest="mentor", action="store_false", help="never make them a mentor"
    )


DEFAULT_LISTEN = ("127.0.0.1", 8000)
"""Loopback by default: nobody else can reach the room until the facilitator opens it."""


def listen_address(text: str) -> tuple[str, int]:
    """`[[HOST:]PORT]` for `run --serve`: ``8000``, ``0.0.0.0:8000``, ``[::]:8000``."""
    if not text:
        return DEFAULT_LISTEN
    host, colon, number = text.rpartition(":")
    if not colon:
        return DEFAULT_LISTEN[0], port(text)
    host = host.removeprefix("[").removesuffix("]")
    if not host:
        raise argparse.ArgumentTypeError(f"{text!r} is not [[HOST:]PORT]")
    return host, port(number)
