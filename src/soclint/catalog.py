"""A criteria catalog (the Trust Services Criteria 2017): which ids exist, and their category."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from soclint.settings_file import read_settings
from soclint.suggestions import Suggestions


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

    def explain_unknown(self, ref: str, or_what: str = "", or_ids: Iterable[str] = ()) -> str:
        """Why `ref` is not a criterion (nor `or_what`, one of `or_ids`), with the likely
        intended criterion or id."""
        nor = f" nor {or_what}" if or_what else ""
        series = ref.removesuffix(".0")
        if series in self.series:
            title = self.series[series]
            return f"'{ref}' is the heading of series {series} ({title}), not a criterion{nor}"
        close = self.suggestions.closest(ref, list(or_ids), cutoff=0.8)
        close = close or self.suggestions.closest(ref.upper(), list(self.criteria))
        hint = f" (did you mean '{close}'?)" if close else ""
        what = (
            f"neither a criterion of {self.name}{nor}"
            if or_what
            else (f"not a criterion of {self.name}")
        )
        return f"'{ref}' is {what}{hint}"


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
