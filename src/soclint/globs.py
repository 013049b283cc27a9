"""Glob patterns for `include` and `exclude`: `*` stays within a folder, `**` spans folders."""

from __future__ import annotations

import re
from collections.abc import Iterable


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The regex of one glob, matched against a `/`-separated path relative to the root.

    A pattern without `/` matches the file name in any folder, as in .gitignore.
    """
    pattern = pattern.strip().lstrip("/")
    if "/" not in pattern:
        pattern = "**/" + pattern
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
            i = end + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


class GlobSet:
    def __init__(self, patterns: Iterable[str]) -> None:
        self._regexes = [glob_regex(p) for p in patterns]

    def matches(self, path: str) -> bool:
        return any(regex.match(path) for regex in self._regexes)
