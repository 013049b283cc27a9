"""Regular expressions that come with the checked repository: run by RE2, in linear time.

A rule pack's `pattern` and `patternProperties`, and a `format: regex` value, are
written by whoever edits the repository. Python's `re` backtracks: `^(a+)+$` on a
long title would never finish. RE2 does not backtrack; it matches in time
proportional to the text times the size of the compiled pattern, which is
bounded here so that any pattern stays fast on any value a document can hold.

The syntax is RE2's (https://github.com/google/re2/wiki/Syntax): no look-around
or backreferences, `\\z` rather than `\\Z`, and `\\d`, `\\w`, `\\s`, `\\b` in ASCII.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache, partial
from typing import Any

import re2

# RE2 instructions a pattern may compile to. A value of n characters costs at most
# about n times this many steps; typical patterns (ids, dates, versions) need under 80.
MAX_PATTERN_STEPS = 128


class PatternError(ValueError):
    """A pattern RE2 cannot compile, or one too large to match in bounded time."""


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """`pattern` compiled by RE2; PatternError says why it cannot be."""
    options = re2.Options()
    options.log_errors = False  # errors are raised, never written to stderr
    options.never_capture = True  # only whether it matches is asked
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else "invalid"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(f"RE2 does not accept it: {reason}") from None
    except UnicodeEncodeError:
        raise PatternError("RE2 does not accept it: it holds a lone surrogate") from None
    program = compiled._regexp  # the RE2 object: the wrapper does not expose its size
    steps = max(program.ProgramSize(), program.ReverseProgramSize())
    if steps > MAX_PATTERN_STEPS:
        raise PatternError(
            f"too large: it compiles to {steps} RE2 steps, at most {MAX_PATTERN_STEPS}; "
            "list values with enum, bound lengths with maxLength"
        )
    return compiled


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be used, or None when it can."""
    try:
        compile_pattern(pattern)
    except PatternError as error:
        return str(error)
    return None


def search(pattern: str, text: str) -> bool:
    """Whether `pattern` (valid: see `pattern_problem`) matches somewhere in `text`."""
    return _found(compile_pattern(pattern), text)


def matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """Whether any of `patterns` (each valid) matches somewhere in a text: `search` for
    many texts, with the patterns looked up once."""
    compiled = [compile_pattern(pattern) for pattern in patterns]
    if len(compiled) == 1:  # the usual case, at half the cost per text
        return partial(_found, compiled[0])
    return lambda text: any(_found(pattern, text) for pattern in compiled)


def _found(compiled: Any, text: str) -> bool:
    # RE2 matches UTF-8; given it, the wrapper need not map byte offsets back to characters.
    # A lone surrogate (from a YAML escape) has no UTF-8 form: it is matched as "?".
    return compiled.search(text.encode("utf-8", "replace")) is not None


@cache
def format_checker() -> Any:
    """jsonschema's format checker, with `regex` meaning a pattern soclint can run."""
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(())
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("regex", raises=PatternError)(_is_pattern)
    return checker


def _is_pattern(instance: object) -> bool:
    if isinstance(instance, str):
        compile_pattern(instance)
    return True
