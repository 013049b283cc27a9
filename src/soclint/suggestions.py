"""Suggestions for a misspelt name ("did you mean 'CC6.1'?"), at a bounded cost.

A hint is a courtesy: a document with a hundred thousand unknown names, checked
against a hundred thousand known ones, must not turn it into hours of string
comparisons. Each `Suggestions` makes at most so many comparisons of names of at
most so many characters, then stops suggesting. A word it was asked about before,
among the same names, gets the same answer again at no cost.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

# Comparisons a `Suggestions` makes in all, and the longest names it compares: difflib
# takes time quadratic in a name's length, so this bounds the whole to about a second.
MAX_COMPARISONS = 10_000
MAX_LENGTH = 80
# Names this short are acronyms (`rpo`, `sla`): a letter more or less makes another word
# (`repo`), so only a name of the same length is suggested for them, and the other way round.
SHORT_NAME = 3


class Suggestions:
    """Close matches, by difflib, until a budget of comparisons is spent."""

    def __init__(self, budget: int = MAX_COMPARISONS) -> None:
        self._left = budget
        # Answers by (identity of the names, word, cutoff, one_edit), each with its names,
        # kept so that their identity is not reused while the answer is kept.
        self._answers: dict[tuple[int, str, float, bool], tuple[Collection[str], str | None]] = {}

    def closest(
        self, word: str, choices: Collection[str], cutoff: float = 0.6, one_edit: bool = False
    ) -> str | None:
        """The one choice closest to `word` above `cutoff`, or None (also once the budget is out).

        With `one_edit`, only a choice one typo away counts: a letter added, dropped, changed
        or two swapped, as for ids, where any two are alike by difflib's measure. A word
        asked about again among the very same `choices` costs nothing.
        """
        key = (id(choices), word, cutoff, one_edit)
        known = self._answers.get(key)
        if known is not None and known[0] is choices:
            return known[1]
        if not choices or len(word) > MAX_LENGTH or len(choices) > self._left:
            return None
        self._left -= len(choices)
        plausible = [
            choice
            for choice in choices
            if _comparable(word, choice) and (not one_edit or _one_edit_apart(word, choice))
        ]
        answer = _best(word, plausible, cutoff)
        self._answers[key] = (choices, answer)
        return answer


def _best(word: str, choices: list[str], cutoff: float) -> str | None:
    """The choice difflib rates closest to `word`, at `cutoff` or above; None when two
    choices tie for closest (`CC6.l` is as close to CC6.1 as to CC6.8: neither is meant
    more than the other).

    difflib's full ratio is costly; its quick ratios are upper bounds of it. A choice is
    rated in full only while its bound reaches the best rating so far: one rated lower
    than the best can neither be the answer nor tie with it.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    bounded = []
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= cutoff:
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounded.append((bound, choice))
    bounded.sort(key=lambda scored: scored[0], reverse=True)
    best: str | None = None
    best_score = -1.0
    tied = False
    for bound, choice in bounded:
        if bound < best_score:
            break
        matcher.set_seq1(choice)
        score = matcher.ratio()
        if score < cutoff or score < best_score:
            continue
        tied = score == best_score
        if not tied:
            best, best_score = choice, score
    return None if tied else best


def _comparable(word: str, choice: str) -> bool:
    if len(choice) > MAX_LENGTH:
        return False
    return min(len(word), len(choice)) > SHORT_NAME or len(word) == len(choice)


def _one_edit_apart(word: str, choice: str) -> bool:
    """Whether one letter added, dropped or changed, or two neighbours swapped, turn
    `word` into `choice`."""
    if abs(len(word) - len(choice)) > 1:
        return False
    start = 0
    while start < min(len(word), len(choice)) and word[start] == choice[start]:
        start += 1
    if len(word) == len(choice):
        rest = word[start + 1 :] == choice[start + 1 :]
        swapped = word[start : start + 2] == choice[start : start + 2][::-1]
        return rest or (swapped and word[start + 2 :] == choice[start + 2 :])
    longer, shorter = (word, choice) if len(word) > len(choice) else (choice, word)
    return longer[start + 1 :] == shorter[start:]
