"""Text for people on a terminal or in a CI log, stdout and stderr alike.

File names, keys and values come from the policy repository. Printed raw, a
carriage return, a line feed or an ANSI escape in them would forge or erase
lines of the report, so every writer of console text passes them through
`visible`, which writes them as `\\r`, `\\n`, `\\x1b`. (What GitHub Actions
adds, workflow commands, is github.py's `log_text` and `log_line`.)
"""

from __future__ import annotations

import re

# Beyond ASCII's C0 range, what a terminal or a log reader may still act on:
# DEL and the C1 controls (U+009B is CSI on its own), the Unicode line and
# paragraph separators, the marks that reorder text shown right to left, and
# lone surrogates (a file name that is not UTF-8), which cannot be encoded.
WIDE_CONTROLS = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[\x00-\x1f{WIDE_CONTROLS}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """`text` on one line, every control character written as an escape."""
    return _CONTROL.sub(_escape, text)


def visible_lines(text: str) -> str:
    """`text` with its line breaks kept and every other control character escaped."""
    return "\n".join(visible(line) for line in text.split("\n"))
