"""Errors that reach a user as one clear line (exit code 2), never as a traceback."""


class Refused(Exception):
    """An action the rules do not allow right now: wrong phase, unknown person, over budget..."""

    def __str__(self) -> str:
        # A message may quote a file name or text from a file: whatever shows it, on a
        # console or a terminal, gets one line with nothing a terminal would act on.
        from rmworkshop.core.text import one_line

        return one_line(super().__str__())


class BadFile(Refused):
    """An agenda, roster or outcomes file that cannot be used as it is."""


class StorageError(Refused):
    """The session's storage failed (a full disk, a read-only file, an input/output error, a
    server out of reach): one line that names the cause, and nothing was changed. Every
    backend raises this, and only this, for a failure of its storage, so front ends never
    need to know which backend they have."""


class Busy(StorageError):
    """Another program held the session longer than this caller waits: nothing was changed,
    and the same action can simply be tried again (a console does so off its screen)."""
