"""Dates and periods: `annual`, `quarterly`, `N months`, `N days`, added to a date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

_NAMED_MONTHS = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}
_NAMED_DAYS = {"weekly": 7}
_COUNTED = re.compile(r"^([1-9][0-9]*) (month|day)s?$")


def as_date(value: Any) -> date | None:
    """A date from a front-matter value: a YAML date or an ISO `YYYY-MM-DD` string."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def parse_period(text: Any) -> tuple[int, str] | None:
    """`annual` -> (12, 'months'), `10 days` -> (10, 'days'); None when not a period."""
    if not isinstance(text, str):
        return None
    if text in _NAMED_MONTHS:
        return _NAMED_MONTHS[text], "months"
    if text in _NAMED_DAYS:
        return _NAMED_DAYS[text], "days"
    match = _COUNTED.match(text)
    if match is None:
        return None
    return int(match[1]), match[2] + "s"


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def add_period(start: date, period: str) -> date | None:
    """`start` plus `period`, or None when `period` is not one."""
    parsed = parse_period(period)
    if parsed is None:
        return None
    count, unit = parsed
    return add_months(start, count) if unit == "months" else start + timedelta(days=count)
