"""Suggestions for a misspelt name ("did you mean 'CC6.1'?"), at a bounded cost.

A hint is a courtesy: a document with a hundred thousand unknown names, checked
against a hundred thousand known ones, must not turn it into hours of string
comparisons. Each `Suggestions` makes at most so many comparisons of names of at
most so many characters, then stops suggesting.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

# Comparisons a `Suggestions` makes in all, and the longest names it compares: difflib
# takes time quadratic in a name's length, so this bounds the whole to about a second.
MAX_COMPARISONS = 10_000
MAX_LENGTH = 80


class Suggestions:
    """Close matches, by difflib, until a budget of comparisons is spent."""

    def __init__(self, budget: int = MAX_COMPARISONS) -> None:
        self._left = budget

    def closest(self, word: str, choices: Collection[str], cutoff: float = 0.6) -> str | None:
        """The choice closest to `word` above `cutoff`, or None (also once the budget is out)."""
        if not choices or len(word) > MAX_LENGTH or len(choices) > self._left:
            return None
        self._left -= len(choices)
        short = [choice for choice in choices if len(choice) <= MAX_LENGTH]
        close = difflib.get_close_matches(word, short, n=1, cutoff=cutoff)
        return close[0] if close else None
