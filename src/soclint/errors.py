"""Errors that stop a run before it starts: exit code 2, one line, no traceback."""


class UsageError(Exception):
    """A configuration, rule pack or command-line problem the user must fix."""
