"""The `review` command: the leader's review console, or a Markdown summary to paste."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rmworkshop.files.outcomes import open_files
from rmworkshop.outcomes.followup import markdown


def review(options: argparse.Namespace) -> int:
    # Every file is read and checked first: a bad one stops here, with one line, exit 2.
    files = open_files([Path(name) for name in options.files])
    today = date.today()
    if options.markdown:
        sys.stdout.write(markdown([file.outcomes for file in files], today))
        return 0
    # Textual loads only for the console, so the Markdown summary stays quick.
    from rmworkshop.ui.review.app.factory import make_review

    make_review(files, today).run()
    return 0
