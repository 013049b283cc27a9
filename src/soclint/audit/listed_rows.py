"""The rows of the registers as they stood over a period, each with the days it was listed.

The auditor's package reads activities, exceptions, risk acceptances and
vendor reviews from every version of the registers in force during the
period, not only from the last one: a row removed before the period's end
was still in force for the part of the period it was listed, and a vendor
reviewed twice shows both reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from soclint.json_form import canonical_json
from soclint.repository import Repository

REGISTER_TYPES = ("activity-log", "exception-register", "risk-register", "vendor-register")


@dataclass
class ListedRow:
    """A row as some version of its register held it, and the first and last day of the
    period on which a version in force listed it."""

    fields: dict[str, Any]
    first: date
    last: date

    def listed(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "until": self.last.isoformat()}


class ListedRows:
    """Each distinct row of the registers over the days observed, by register type."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], ListedRow] = {}
        self._listed_now: list[ListedRow] = []
        self._current: Repository | None = None

    def observe(self, day: date, repository: Repository) -> None:
        """`repository` is the program on `day`; days come in order, one after the other."""
        if repository is self._current:
            return
        self._close(day - timedelta(days=1))
        self._current = repository
        for doc_type in REGISTER_TYPES:
            for row in repository.rows(doc_type):
                key = (doc_type, canonical_json(row.fields))
                found = self._seen.setdefault(key, ListedRow(row.fields, day, day))
                self._listed_now.append(found)

    def finish(self, last_day: date) -> None:
        """The period ended on `last_day`: the rows listed then were listed up to it."""
        self._close(last_day)
        self._current = None

    def _close(self, day: date) -> None:
        for row in self._listed_now:
            row.last = max(row.last, day)
        self._listed_now = []

    def of_type(self, doc_type: str) -> list[ListedRow]:
        """The rows of `doc_type` listed on some day, in a stable order."""
        return [row for (kind, _key), row in sorted(self._seen.items()) if kind == doc_type]
