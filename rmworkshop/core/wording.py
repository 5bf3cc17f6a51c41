"""Counted nouns in what the consoles and commands print: "1 dot", "2 dots"."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """`number` and the noun, singular for exactly one."""
    return f"{number} {noun if number == 1 else noun + 's'}"
