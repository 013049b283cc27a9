"""Glob patterns for `include` and `exclude`, read as lines of a `.gitignore` are.

A pattern without a `/` (other than a trailing one) matches a name at any depth;
one with a `/` is relative to the program's root; a trailing `/` matches a folder
and everything in it; `*` stays within a folder and `**` spans folders; a later
pattern starting with `!` takes back what earlier ones matched; `\\` escapes.
Matching is pathspec's, run by RE2: time linear in the path, whatever the pattern.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import re2
from pathspec import GitIgnoreSpec
from pathspec.patterns.gitignore import GitIgnorePatternError

# Git reads `***` as `**`; pathspec would turn each star into a `[^/]*` of its own.
_STAR_RUN = re.compile(r"\\.|\*{3,}")
# `[[:alpha:]]`: git's character class names, which pathspec reads as plain brackets.
_CLASS_NAME = re.compile(r"\[:[a-z]+:\]")


class GlobSet:
    """Paths matched by a list of glob patterns, the last matching pattern deciding.

    With `ignore_case`, letter case counts neither in the patterns nor in the paths.
    """

    def __init__(self, patterns: Sequence[str], ignore_case: bool = False) -> None:
        self._patterns = tuple(patterns)
        self._ignore_case = ignore_case
        self._spec = _compiled([_collapse_stars(p.lower() if ignore_case else p) for p in patterns])

    def matches(self, path: str) -> bool:
        """Whether the file at `path` (relative to the root, with `/`) is matched."""
        return self.decision(path) is True

    def decision(self, path: str) -> bool | None:
        """True when the last pattern that matches `path` selects it, False when it is a
        `!` pattern that takes it back, None when no pattern matches. A folder is written
        with a trailing `/`."""
        result = self._spec.check_file(path.lower() if self._ignore_case else path)
        include: bool | None = result.include
        return include

    def deciding(self, path: str) -> str | None:
        """The pattern, as written, that decides whether `path` is matched; None when none
        matches it."""
        index = self._spec.check_file(path.lower() if self._ignore_case else path).index
        return None if index is None else self._patterns[index]


def gitignore_globs(lines: Sequence[str]) -> GlobSet:
    """The patterns of a `.gitignore` file, leaving out the lines that cannot be used (see
    `glob_problem`); comments and blank lines select nothing."""
    lines = [line for line in lines if not _CLASS_NAME.search(line)]
    try:
        return GlobSet(lines)
    except (re.error, GitIgnorePatternError, re2.error):
        return GlobSet([line for line in lines if _usable(line)])


# The characters a pattern escapes to name a path that holds them (a leading `/` keeps a
# `!` or `#` from starting it).
_GLOB_CHARACTERS = re.compile(r"([\\*?\[\]])")


def literal_glob(path: str) -> str:
    """The pattern that matches the file or folder at `path` (relative to the root, with
    `/`) and nothing else: anchored at the root, its glob characters escaped."""
    escaped = _GLOB_CHARACTERS.sub(r"\\\1", path)
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "\\ "
    return "/" + escaped


def glob_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be used as a glob, or None when it can."""
    if not pattern.strip():
        return "a glob must not be blank"
    if pattern.startswith("#"):
        return f"{pattern!r} is a comment in .gitignore syntax; write \\# for a name with #"
    if _CLASS_NAME.search(pattern):
        return f"{pattern!r}: character class names such as [:alpha:] are not supported"
    try:
        spec = _compiled([_collapse_stars(pattern)])
    except re.error as error:
        # the message, not the position in the regular expression the glob became
        return f"{pattern!r} is not a valid glob: {error.msg}"
    except (GitIgnorePatternError, re2.error) as error:
        return f"{pattern!r} is not a valid glob: {error}"
    if all(compiled.include is None for compiled in spec.patterns):
        return f"{pattern!r} matches nothing"
    return None


def _usable(line: str) -> bool:
    return not line.strip() or line.startswith("#") or glob_problem(line) is None


def _collapse_stars(pattern: str) -> str:
    return _STAR_RUN.sub(lambda run: run[0] if run[0].startswith("\\") else "**", pattern)


def _compiled(patterns: Sequence[str]) -> GitIgnoreSpec:
    with warnings.catch_warnings():
        # Python's `re` warns about `[[` and `--` in classes, which globs may hold.
        warnings.simplefilter("ignore", FutureWarning)
        return GitIgnoreSpec.from_lines(patterns, backend="re2")
