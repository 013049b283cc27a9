"""A criteria catalog (the Trust Services Criteria 2017): which ids exist, and their category."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from soclint.settings_file import read_settings
from soclint.suggestions import Suggestions

# What a criterion id looks like in prose (CC6.1, A1.2, PI1.5); the catalog decides. What
# may follow one to make a range: `CC6.1–CC6.4`, `CC6.1-CC6.3`, `CC6.1 - 6.3`, `CC6.1 to
# CC6.4`.
CRITERION_LIKE = re.compile(r"\b([A-Z]{1,3})([0-9]+)\.([0-9]+)\b")
# Ranges whose criteria a catalog keeps worked out, at most, and the longest number of a
# criterion in a range.
MAX_RANGES = 4096
MAX_NUMBER_DIGITS = 6
_RANGE_END = re.compile(
    r"(?: ?[-\u2010\u2011\u2013\u2014] ?| (?:to|through) )([A-Z]{1,3})?([0-9]+)\.([0-9]+)\b"
)


class Mention(NamedTuple):
    """A criterion named in text: `written` is what names it there, the id or the range
    that holds it, starting at `start`."""

    criterion: str
    written: str
    start: int


@dataclass(frozen=True)
class Criterion:
    id: str
    category: str
    series: str
    title: str


@dataclass(frozen=True)
class Catalog:
    name: str
    criteria: dict[str, Criterion]
    series: dict[str, str]
    # Hints for unknown ids, within one budget for the whole run.
    suggestions: Suggestions = field(default_factory=Suggestions, compare=False, repr=False)

    def __contains__(self, criterion_id: object) -> bool:
        return criterion_id in self.criteria

    def in_categories(self, categories: set[str]) -> list[Criterion]:
        return [c for c in self.criteria.values() if c.category in categories]

    def explain_unknown(self, ref: str, or_what: str = "", or_ids: Collection[str] = ()) -> str:
        """Why `ref` is not a criterion (nor `or_what`, one of `or_ids`), with the likely
        intended criterion or id."""
        nor = f" nor {or_what}" if or_what else ""
        series = ref.removesuffix(".0")
        if series in self.series:
            title = self.series[series]
            return f"'{ref}' is the heading of series {series} ({title}), not a criterion{nor}"
        what = (
            f"neither a criterion of {self.name}{nor}"
            if or_what
            else f"not a criterion of {self.name}"
        )
        close = self.suggestions.closest(ref, or_ids, cutoff=0.8)
        upper = ref.upper()
        if close is None and upper in self.criteria:
            close = upper
        elif close is None:
            # A number past the end of a series (CC9.9): any criterion of the series may be
            # the one meant, so the series is listed rather than one of them guessed.
            series, _, number = upper.rpartition(".")
            members = self.of_series(series) if number.isdigit() else []
            if members:
                title = f" ({self.series[series]})" if self.series.get(series) else ""
                return f"'{ref}' is {what}; series {series}{title} has {_listed(members)}"
            close = self.suggestions.closest(upper, self.criteria, one_edit=True)
        hint = f" (did you mean '{close}'?)" if close else ""
        return f"'{ref}' is {what}{hint}"

    def mentions(self, text: str) -> Iterator[Mention]:
        """Each criterion of the catalog that `text` names, in order, a range such as
        `CC6.1–CC6.4` naming each criterion of the catalog from its first to its last."""
        for criteria, written, start in self._named(text):
            for criterion in criteria:
                yield Mention(criterion, written, start)

    def criteria_named(self, text: str) -> set[str]:
        """The criteria `text` names (see `mentions`), each once."""
        named: set[str] = set()
        for criteria, _written, _start in self._named(text):
            named.update(criteria)
        return named

    def _named(self, text: str) -> Iterator[tuple[tuple[str, ...], str, int]]:
        """(criteria, what names them, where it starts) of each id and range in `text`."""
        criteria = self.criteria
        for found in CRITERION_LIKE.finditer(text):
            start = found.start()
            if found[0] in criteria:
                yield (found[0],), found[0], start
            end = _RANGE_END.match(text, found.end())
            if end is None or end[1] not in (None, found[1]) or end[2] != found[2]:
                continue
            if len(found[3]) > MAX_NUMBER_DIGITS or len(end[3]) > MAX_NUMBER_DIGITS:
                continue  # no criterion has such a number, and Python reads it slowly
            members = self._range(found[1] + found[2], int(found[3]), int(end[3]))
            if members:
                yield members, text[start : end.end()], start

    def _range(self, series: str, first: int, last: int) -> tuple[str, ...]:
        """The criteria of `series` numbered after `first`, up to `last`."""
        key = (series, first, last)
        members = self._ranges.get(key)
        if members is None:
            members = tuple(
                member
                for member in self.of_series(series)
                if (number := member.rpartition(".")[2]).isdigit() and first < int(number) <= last
            )
            if len(self._ranges) < MAX_RANGES:
                self._ranges[key] = members
        return members

    @cached_property
    def _ranges(self) -> dict[tuple[str, int, int], tuple[str, ...]]:
        return {}

    def of_series(self, series: str) -> list[str]:
        """The ids of the criteria of `series` (`CC9`), in catalog order."""
        return self._by_series.get(series, [])

    @cached_property
    def _by_series(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for criterion in self.criteria.values():
            found.setdefault(criterion.series, []).append(criterion.id)
        return found


def _listed(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"


def load_catalog(file: Path, shown_as: str, trusted: bool = False) -> Catalog:
    """The catalog in `file` (shown as `shown_as`), read with the limits of every settings
    file; `trusted` skips validation, for the catalog that ships with soclint."""
    data, _ = read_settings(file, "catalog", shown_as, trusted=trusted)
    criteria = {
        item["id"]: Criterion(
            id=item["id"],
            category=str(item.get("category", "")).replace("_", "-"),
            series=str(item.get("series", "")),
            title=str(item.get("title", "")),
        )
        for item in data["criteria"]
    }
    series = {str(s["id"]): str(s.get("title", "")) for s in data.get("series") or []}
    name = data.get("title") or data.get("catalog") or file.stem
    return Catalog(name=str(name), criteria=criteria, series=series)
