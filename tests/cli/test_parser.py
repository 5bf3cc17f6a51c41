"""The command line builds only the chosen command's part of the grammar, and that part is the
same as in the whole grammar; help and mistakes still see every command."""

from __future__ import annotations

import argparse

import pytest

from rmworkshop.cli.parser import build_parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _grammar(parser: argparse.ArgumentParser) -> list[tuple[object, ...]]:
    return [
        (a.dest, tuple(a.option_strings), a.nargs, a.required, a.default, a.choices, a.help)
        for a in parser._actions
    ]


FULL = _commands(build_parser())


def test_the_whole_grammar_has_every_command() -> None:
    assert len(FULL) >= 28
    assert {"run", "join", "kiosk", "serve", "new", "export", "review", "own"} <= set(FULL)


@pytest.mark.parametrize("name", sorted(FULL))
def test_a_chosen_command_gets_exactly_its_own_grammar(name: str) -> None:
    only = _commands(build_parser(name))
    assert list(only) == [name]
    assert _grammar(only[name]) == _grammar(FULL[name])
    assert only[name].get_default("handler").target == FULL[name].get_default("handler").target


@pytest.mark.parametrize("first", ["--help", "rnu", "", "-x"])
def test_anything_else_gets_the_whole_grammar(first: str) -> None:
    assert set(_commands(build_parser(first))) == set(FULL)
