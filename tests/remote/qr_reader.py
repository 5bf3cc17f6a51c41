"""Reads a QR code back from the characters a console drew: each cell's half blocks say which
of its two modules are dark; the grid becomes a grey image for a QR decoder."""

from __future__ import annotations

import zxingcpp

DARK_HALVES = {" ": (False, False), "\u2580": (True, False), "\u2584": (False, True)}
DARK_HALVES["\u2588"] = (True, True)
PIXELS = 4
"""Pixels per half cell in the image handed to the decoder."""


def dark_grid(drawn: str) -> list[list[bool]]:
    """One row per half cell, dark as True; any other character is a reading error."""
    lines = drawn.splitlines()
    width = max(len(line) for line in lines)
    grid: list[list[bool]] = []
    for line in lines:
        halves = [DARK_HALVES[ch] for ch in line.ljust(width)]
        grid.append([top for top, _ in halves])
        grid.append([bottom for _, bottom in halves])
    return grid


def decode(drawn: str) -> list[str]:
    """Every QR code found in the drawn characters, as text."""
    grid = dark_grid(drawn)
    height, width = len(grid) + 8, len(grid[0]) + 8  # a light margin all round
    image = bytearray(b"\xff" * (height * PIXELS * width * PIXELS))
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(PIXELS):
                    start = ((y + 4) * PIXELS + dy) * width * PIXELS + (x + 4) * PIXELS
                    image[start : start + PIXELS] = b"\x00" * PIXELS
    view = memoryview(bytes(image)).cast("B", (height * PIXELS, width * PIXELS))
    return [found.text for found in zxingcpp.read_barcodes(view)]
