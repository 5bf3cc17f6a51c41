"""The operations of the SQLite store, one module per part of a workshop; each write is one
``BEGIN IMMEDIATE`` transaction that asks the core's rules before it changes anything."""
