"""Errors that reach a user as one clear line (exit code 2), never as a traceback."""


class Refused(Exception):
    """An action the rules do not allow right now: wrong phase, unknown person, over budget..."""


class BadFile(Refused):
    """An agenda, roster or outcomes file that cannot be used as it is."""
