"""The date a replayed day is judged as of, watched: on which days would the rules have
answered the same?

A rule compares the as-of date with the dates of the program (a review due on
2026-03-10 is overdue from 2026-03-11 on). During a replay the as-of date is
an ObservedDay: each comparison with another date narrows the range of days
on which every comparison made so far comes out the same, and so on which the
rule's result holds. Any other use of its value (arithmetic, a count of days,
formatting, hashing) holds for that one day only. The replay then judges again
only on the days where some range ends: the days on which something fell due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

# Narrows the days a result holds on to [first, last] (ordinals; either None: unbounded).
Narrow = Callable[[int | None, int | None], None]


def _ordinal(value: date) -> int:
    if isinstance(value, ObservedDay):
        return value.ordinal
    return value.toordinal()


class ObservedDay(date):
    """A day that reports, through `narrow`, what each use of its value depends on."""

    ordinal: int
    _narrow: Narrow

    def __new__(cls, day: date, narrow: Narrow) -> ObservedDay:
        observed = super().__new__(cls, day.year, day.month, day.day)
        observed.ordinal = day.toordinal()
        observed._narrow = narrow
        return observed

    def _compare(self, other: Any, holds: Callable[[int, int], bool], bounds: Any) -> Any:
        if not isinstance(other, date):
            return NotImplemented
        mine, theirs = self.ordinal, _ordinal(other)
        if isinstance(other, ObservedDay):
            return holds(mine, theirs)  # the same day on both sides: no day changes it
        result = holds(mine, theirs)
        self._narrow(*bounds(result, theirs))
        return result

    # Each comparison with day x: the range of days t on which it comes out as it did.
    def __lt__(self, other: Any) -> Any:
        return self._compare(
            other, lambda t, x: t < x, lambda r, x: (None, x - 1) if r else (x, None)
        )

    def __le__(self, other: Any) -> Any:
        return self._compare(
            other, lambda t, x: t <= x, lambda r, x: (None, x) if r else (x + 1, None)
        )

    def __gt__(self, other: Any) -> Any:
        return self._compare(
            other, lambda t, x: t > x, lambda r, x: (x + 1, None) if r else (None, x)
        )

    def __ge__(self, other: Any) -> Any:
        return self._compare(
            other, lambda t, x: t >= x, lambda r, x: (x, None) if r else (None, x - 1)
        )

    def __eq__(self, other: object) -> Any:
        return self._compare(other, lambda t, x: t == x, self._equal_bounds)

    def __ne__(self, other: object) -> Any:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def _equal_bounds(self, equal: bool, x: int) -> tuple[int | None, int | None]:
        if equal:
            return x, x
        return (None, x - 1) if self.ordinal < x else (x + 1, None)

    def _pinned(self) -> date:
        """This day as a plain date, for a use that holds on this day only."""
        self._narrow(self.ordinal, self.ordinal)
        return date.fromordinal(self.ordinal)

    def __hash__(self) -> int:
        return hash(self._pinned())

    def __add__(self, other: Any) -> Any:
        return self._pinned() + other

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return self._pinned() - other

    def __rsub__(self, other: Any) -> Any:
        return other - self._pinned()

    def __str__(self) -> str:
        return str(self._pinned())

    def __repr__(self) -> str:
        return repr(self._pinned())

    def __format__(self, spec: str) -> str:
        return format(self._pinned(), spec)

    def __reduce__(self) -> Any:
        return self._pinned().__reduce__()

    def __getattribute__(self, name: str) -> Any:
        # Every other way to read the value (year, isoformat, replace, toordinal, ...)
        # goes through a plain date pinned to this day.
        if name in _OWN or name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(object.__getattribute__(self, "_pinned")(), name)


_OWN = frozenset({"ordinal", "_narrow", "_compare", "_equal_bounds", "_pinned"})
