"""The session file: one SQLite database that every front end shares. The only SQL is here."""

from rmworkshop.store.session import SessionStore

__all__ = ["SessionStore"]
