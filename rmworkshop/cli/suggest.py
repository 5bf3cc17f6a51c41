"""Merge suggestions and undoing a merge, from a shell."""

from __future__ import annotations

import argparse
import json

from rmworkshop.cli.options import number, opened
from rmworkshop.core.text import one_line


def suggest(options: argparse.Namespace) -> int:
    from rmworkshop.suggestions import suggestions_for

    with opened(options) as store:
        session = store.snapshot()
        found = suggestions_for(session, store.dismissed())
    if options.json:
        print(json.dumps([item.as_data() for item in found], ensure_ascii=False))
        return 0
    if not found:
        print("No suggestions: no cards look alike.")
        return 0
    texts = {idea.number: idea.text for idea in session.ideas}
    for item in found:
        print(f"{round(item.score * 100)}% alike: " + " ".join(f"#{n}" for n in item.ideas))
        for n in item.ideas:
            print(f"  #{n} {one_line(texts[n])}")
    print("Merge a group with `rmworkshop merge SESSION KEEP OTHERS...`.")
    return 0


def unmerge(options: argparse.Namespace) -> int:
    idea = number(options.idea)
    with opened(options) as store:
        restored = store.unmerge(idea)
    print(f"Unmerged {', '.join(f'#{n}' for n in restored)}: each is voted on again.")
    return 0
