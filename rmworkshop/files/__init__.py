"""Files on disk, beside the store: the one place that opens agenda, roster and outcomes files.

`reading` reads TOML files safely (regular files only, up to a stated size), `writing` writes
whole files atomically with mode 0600, and `outcomes` opens outcomes files for review and saves
follow-up edits, noticing changes made on disk by someone else. The core and the outcomes
package are given text and never open a file themselves.
"""

SESSION_HEADERS = (b"SQLite format 3\x00", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
"""How a session file begins (an SQLite database), and its write-ahead log (``-wal``), in
either byte order: no agenda, roster or outcomes file does, and nothing is ever written over
one."""
