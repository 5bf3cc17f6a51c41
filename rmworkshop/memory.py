"""Garbage collection around start-up.

Starting a console creates tens of thousands of objects (modules, classes, styles, widgets)
that live as long as the process and hold no garbage cycles worth finding. With the default
thresholds, Python's cyclic collector walks them again and again while they are made: about a
tenth of a resumed console's time to its first frame. So the program collects rarely while it
starts (it still collects: nothing depends on this being undone), and a console, once its
first frame is drawn, puts the usual thresholds back and moves everything made so far out of
the collector's sight (`gc.freeze`), so later collections do not walk it either.
"""

from __future__ import annotations

import gc

USUAL = gc.get_threshold()
STARTING = (50_000, 20, 100)
"""Allocations between collections while starting: rare, but not never."""


def starting() -> None:
    """Collect rarely: this process is building what it will keep. Only the program's entry
    point calls this; code that runs a console inside a longer process (tests) never does."""
    gc.set_threshold(*STARTING)


def started() -> None:
    """Collect as usual from now on, leaving out everything that start-up made: once, and
    only in a process that began with `starting`."""
    if gc.get_threshold() == STARTING:
        gc.freeze()
        gc.set_threshold(*USUAL)
