"""Errors that stop a run before it starts: exit code 2, one line each, no traceback."""


class UsageError(Exception):
    """A configuration, rule pack or command-line problem the user must fix.

    A command that checks several things at once raises one UsageError with
    every problem it found, one message for each.
    """

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages

    def __str__(self) -> str:
        return "; ".join(self.messages)
