"""The SQLite backend of the store contract: one session in one file, embedded, no set-up.

Only the code that wires a program together (`rmworkshop.sessions` and the command line)
imports it; front ends, the participant server and exports are written against
`rmworkshop.store.Store`.

- `session`: `SessionStore`, the session file, opened or created
- `operations`: its operations, one module per part of a workshop
- `reading`: snapshots; `schema`: the tables and their migrations; `connection`: opening and
  transactions; `problems`: what went wrong with a file, as one line
- `compaction`: rewriting the file after a reveal and the close of voting
- `pairs`: mentoring pairs kept in the same file
"""

from rmworkshop.store.sqlite.session import SessionStore

__all__ = ["SessionStore"]
