"""The outcomes of a session, a domain of its own beside the live-workshop rules in `core`.

`schema` is the outcomes file format, `build` makes outcomes from a session snapshot,
`summary` and `followup` write the Markdown a leader pastes elsewhere and follow actions
across a programme, `edits` checks follow-up edits, `inplace` applies one to the file's text
without losing comments, and `quickload` reads exported files quickly. All of it is pure:
`rmworkshop.files.outcomes` reads and writes the files.
"""
