"""Colour on a terminal: whether the console gets it, and the styles text output uses.

`--color auto` (the default) colours only a terminal: never a file, a pipe or
a CI log, whose readers may not interpret escape sequences. GitHub Actions
renders them in its logs, but its stdout is a pipe like any other, so a
workflow asks for colour explicitly (`--color always` or FORCE_COLOR).
NO_COLOR (https://no-color.org) and FORCE_COLOR (https://force-color.org)
are honoured when set to anything but the empty string; NO_COLOR wins over
FORCE_COLOR, and `--color always` or `never` over both.

Styles wrap text that is already `visible` (console.py), so the only escape
sequences in the output are the ones added here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from soclint.finding import Severity

COLOR_CHOICES = ("auto", "always", "never")

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_GOOD = "\x1b[1;32m"


def colour_wanted(choice: str, environ: Mapping[str, str], is_terminal: bool) -> bool:
    """Whether console text is coloured, for `--color choice`."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return is_terminal and environ.get("TERM") != "dumb"


@dataclass(frozen=True)
class Style:
    """How text output marks its parts: in colour, or plain when `colour` is False."""

    colour: bool = False

    def _wrap(self, start: str, text: str) -> str:
        return f"{start}{text}{_RESET}" if self.colour and text else text

    def severity(self, severity: Severity, text: str | None = None) -> str:
        """`text` (default: the severity's name) in the severity's colour."""
        return self._wrap(_SEVERITY[severity], severity.value if text is None else text)

    def path(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def good(self, text: str) -> str:
        return self._wrap(_GOOD, text)


PLAIN = Style()
