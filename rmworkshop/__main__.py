"""Allows ``python -m rmworkshop``."""

from rmworkshop.cli import run

run()
