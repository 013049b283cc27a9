"""Document versions such as "2.3": compared by their numbers, and raised by `approve`."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")
# Parts of up to 1,000 digits: Python reads no integer of more than 4,300. (Counted here
# rather than by the pattern, which would compile to a program of thousands of steps.)
_MAX_DIGITS = 1000
BUMPS = ("minor", "major", "none")


def _is_version(text: str) -> bool:
    """Whether `text` is dot-separated numbers of at most _MAX_DIGITS digits each (and, as
    `$` has it, perhaps one line break after them)."""
    if not _VERSION.match(text):
        return False
    return all(len(part) <= _MAX_DIGITS for part in text.removesuffix("\n").split("."))


def parse_version(value: Any) -> tuple[int, ...] | None:
    """(2, 3) for "2.3"; None for anything that is not dot-separated numbers."""
    return _parsed(value) if isinstance(value, str) else None


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[int, ...] | None:
    # Cached: an acknowledgement register names the same few versions on every row.
    if not _is_version(text):
        return None
    numbers = tuple(int(part) for part in text.split("."))
    # "2.3" and "2.3.0" are the same version.
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers = numbers[:-1]
    return numbers


def bump_version(value: Any, bump: str) -> str:
    """`value` raised by one minor or major step, keeping its number of parts ("2.3" -> "2.4")."""
    text = str(value) if isinstance(value, (str, int, float)) else ""
    if not _is_version(text):
        return "1.0"
    parts = [int(part) for part in text.split(".")]
    if bump == "none":
        return text
    if bump == "major":
        raised = [parts[0] + 1] + [0] * (len(parts) - 1)
    else:
        parts += [0] * (2 - len(parts))
        raised = [parts[0], parts[1] + 1] + [0] * (len(parts) - 2)
    if len(raised) == 1:
        raised.append(0)
    return ".".join(str(part) for part in raised)
