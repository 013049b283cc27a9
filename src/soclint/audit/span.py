"""The audit period a command covers: given on the command line, else the system
description's `report.period`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from soclint.dates import as_date, parse_iso_date
from soclint.errors import UsageError
from soclint.repository import Repository


@dataclass(frozen=True)
class Span:
    """The days from `start` to `end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} → {self.end.isoformat()}"


def parse_period(text: str) -> Span:
    """`2026-04-01..2026-09-30` as a Span; UsageError for anything else."""
    first, dots, last = text.partition("..")
    start, end = parse_iso_date(first.strip()), parse_iso_date(last.strip())
    if not dots or start is None or end is None:
        raise UsageError(f"'{text}' is not a period START..END (dates as YYYY-MM-DD)")
    return _checked(start, end)


def report_period(repository: Repository) -> Span | None:
    """The system description's `report.period`, when it names both ends."""
    scope = repository.first("system-description")
    if scope is None:
        return None
    start = as_date(scope.get("report", "period", "start"))
    end = as_date(scope.get("report", "period", "end"))
    return Span(start, end) if start is not None and end is not None and start <= end else None


def chosen_period(repository: Repository, since: date | None, until: date | None) -> Span:
    """The period from `since` to `until`; an end not given is the system description's."""
    found = report_period(repository)
    start = since or (found.start if found else None)
    end = until or (found.end if found else None)
    if start is None or end is None:
        raise UsageError(
            "no audit period: the system description has no report.period with start and "
            "end; give the period on the command line"
        )
    return _checked(start, end)


# A replay judges each day; a century of days is more than any audit period.
MAX_DAYS = 36_600


def _checked(start: date, end: date) -> Span:
    if end < start:
        raise UsageError(
            f"the period {start.isoformat()} → {end.isoformat()} ends before it starts"
        )
    span = Span(start, end)
    if span.days > MAX_DAYS:
        raise UsageError(f"the period {span} is longer than soclint replays ({MAX_DAYS:,} days)")
    return span
