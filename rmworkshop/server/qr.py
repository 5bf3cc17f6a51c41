"""A QR code drawn with half blocks: two rows of modules in each line of text."""

from __future__ import annotations

import segno

QUIET = 2
"""Modules of white border; phones read a code drawn on a dark terminal with this much."""


def half_blocks(text: str, border: int = QUIET) -> list[str]:
    """Lines of text that draw `text` as a QR code, dark modules as dark cells.

    Written for a light-on-dark terminal: a light module is drawn (block characters), a dark one
    is left as the background, so the code shows dark-on-light as scanners expect.
    """
    code = segno.make(text, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        lines.append("".join(_cell(not a, not b) for a, b in zip(top, bottom, strict=True)))
    return lines


def _cell(top_light: bool, bottom_light: bool) -> str:
    if top_light and bottom_light:
        return "\u2588"
    if top_light:
        return "\u2580"
    if bottom_light:
        return "\u2584"
    return " "
