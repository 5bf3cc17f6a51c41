"""One factory builds the review console, for the command line and for tests alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rmworkshop.files.outcomes import OutcomesFile
from rmworkshop.ui.review.app import ReviewApp


def make_review(files: Sequence[OutcomesFile], today: date) -> ReviewApp:
    """The console for one outcomes file, or the programme view for several."""
    return ReviewApp(files, today)
