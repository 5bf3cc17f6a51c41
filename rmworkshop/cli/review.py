"""The `review` command: the leader's review console, a Markdown summary to paste, or the
programme's HTML report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from rmworkshop.core.text import shown
from rmworkshop.files.outcomes import open_files
from rmworkshop.files.writing import write_private
from rmworkshop.outcomes.followup import markdown


def review(options: argparse.Namespace) -> int:
    # Every file is read and checked first: a bad one stops here, with one line, exit 2.
    files = open_files([Path(name) for name in options.files])
    today = date.today()
    programme = [file.outcomes for file in files]
    if options.html is not None:
        # matplotlib loads only for the report.
        from rmworkshop.report.page import report

        target = Path(options.html)
        write_private(target, report(programme, today))
        if not options.markdown:
            print(f"Wrote {shown(target)}")
            return 0
    if options.markdown:
        sys.stdout.write(markdown(programme, today))
        return 0
    # Textual loads only for the console, so the Markdown summary stays quick.
    from rmworkshop.ui.review.app.factory import make_review

    make_review(files, today).run()
    return 0
