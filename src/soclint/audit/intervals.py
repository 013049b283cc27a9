"""The days of a replay as intervals: when each finding was open, which findings were open
at the period's end, and on how many days the program had no error.

A finding is the same from one day to the next when it is about the same thing
(history/matching.py: code, file, key path with rows named by id or content,
message) once what changes with the passing days is left out of its message:
dates, numbers and counts of days ("1 day ago", "in 22 days", "today").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from soclint.audit.replay import Day
from soclint.audit.span import Span
from soclint.diff_mode.matching import identity
from soclint.finding import Finding, Severity
from soclint.history.git_history import Commit

_PASSING = re.compile(r"\bin [0-9][0-9,]* days?\b|[0-9][0-9,.-]*|\btoday\b|\bdays?\b")


@dataclass(frozen=True)
class Interval:
    """A finding open from `start` up to, not including, `end` (None: still open at the
    period's end); `finding` as it was on its first day."""

    finding: Finding
    start: date
    end: date | None
    # Whether it was already open on the period's first day.
    from_start: bool

    def days(self, span: Span) -> int:
        """How many days of `span` it was open."""
        end = self.end if self.end is not None else span.end + timedelta(days=1)
        return (end - self.start).days


@dataclass
class PeriodHistory:
    """What `soclint history` reports of a period."""

    span: Span
    intervals: list[Interval] = field(default_factory=list)
    # The findings of the period's last day.
    at_end: list[Finding] = field(default_factory=list)
    days_without_error: int = 0
    commits: int = 0
    # The commit in effect when the period starts, made before it.
    commit_at_start: Commit | None = None
    # The last commit in effect at the period's end.
    last_commit: Commit | None = None

    @property
    def share_without_error(self) -> float:
        return self.days_without_error / self.span.days


def finding_key(finding: Finding, day: Day) -> str:
    """What `finding`, found on `day`, is about, the same on any other day."""
    message = _PASSING.sub("#", finding.message)
    document = day.repository.by_path.get(finding.path) if finding.path is not None else None
    return identity(replace(finding, message=message), document, finding.path or "")


def period_history(days: Iterable[Day], span: Span, commits: int = 0) -> PeriodHistory:
    """The intervals of the findings over `days` (every day of `span`, in order)."""
    found = PeriodHistory(span, commits=commits)
    open_now: dict[str, tuple[Finding, date]] = {}
    last: Day | None = None
    for day in days:
        if last is None or day.findings is not last.findings:
            today = _keyed(day)
            for key in open_now.keys() - today.keys():
                finding, start = open_now.pop(key)
                found.intervals.append(Interval(finding, start, day.day, start == span.start))
            for key, finding in today.items():
                open_now.setdefault(key, (finding, day.day))
        if not any(f.severity is Severity.ERROR for f in day.findings):
            found.days_without_error += 1
        last = day
    for finding, start in open_now.values():
        found.intervals.append(Interval(finding, start, None, start == span.start))
    if last is not None:
        found.at_end = list(last.findings)
        found.last_commit = last.commit
    found.intervals.sort(key=lambda i: (*i.finding.sort_key, i.start))
    return found


def _keyed(day: Day) -> dict[str, Finding]:
    """The day's findings by key; findings alike in all of it are told apart by their order."""
    keyed: dict[str, Finding] = {}
    for finding in day.findings:
        key = finding_key(finding, day)
        count = 0
        while (numbered := f"{key}\0{count}" if count else key) in keyed:
            count += 1
        keyed[numbered] = finding
    return keyed
