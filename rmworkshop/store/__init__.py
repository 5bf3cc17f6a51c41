"""The session store: one typed contract (`contract.Store`) and its SQLite backend, the only
code that speaks SQL.

- `contract`: the operations every backend provides
- `session`: `SessionStore`, the SQLite session file, opened or created
- `operations`: its operations, one module per part of a workshop
- `reading`: snapshots; `schema`: the tables; `connection`: opening and transactions
- `compaction`: rewriting the file after a reveal and the close of voting
- `pairs`, `devices`: mentoring pairs and browser devices kept in the same file
"""

from rmworkshop.store.contract import Store
from rmworkshop.store.session import SessionStore

__all__ = ["SessionStore", "Store"]
